// The pieces every part of the compiled interpreter's code generation shares: the emitter that
// collects indented lines of JavaScript (and is the expressions' scope), the jump out of the parse
// loop with an error code, and the source of a read of a field's bits from the packet.

import type * as Ir from "../ir/ir.js";
import type { ExprScope } from "./compile-expr.js";

export class Emitter implements ExprScope {
  readonly slotHeader: Int32Array;
  private readonly lines: string[] = [];
  private depth = 0;
  private temps = 0;

  constructor(readonly ir: Ir.IrProgram) {
    this.slotHeader = Int32Array.from(ir.slots, (s) => s.header ?? -1);
  }

  line(s: string): void {
    this.lines.push("  ".repeat(this.depth) + s);
  }

  block(head: string, body: () => void): void {
    this.line(`${head} {`);
    this.depth++;
    body();
    this.depth--;
    this.line("}");
  }

  temp(): string {
    return `t${this.temps++}`;
  }

  toString(): string {
    return this.lines.join("\n");
  }
}

export const fail = (code: number) => `{ err = ${code}; break run; }`;

/** A read of `w` bits at bit position `pos` (a JS expression), as a small or big value. */
export function read(
  pos: string,
  w: number,
  alignedBit?: { byte: string; bit: number },
  asNumber = false,
): string {
  if (w === 0) return "0";
  if (alignedBit && w <= 32) {
    const { byte, bit } = alignedBit;
    const nb = Math.ceil((bit + w) / 8);
    const at = (k: number) => `pkt[${byte} + ${k}]`;
    if (nb === 4) {
      const shift = 32 - bit - w;
      const v = `(((${at(0)} << 24) | (${at(1)} << 16) | (${at(2)} << 8) | ${at(3)}) >>> ${shift})`;
      return w === 32 ? v : `(${v} & ${2 ** w - 1})`;
    }
    if (nb <= 3) {
      const parts = Array.from({ length: nb }, (_, k) =>
        k === nb - 1 ? at(k) : `(${at(k)} << ${8 * (nb - 1 - k)})`,
      );
      const shift = 8 * nb - bit - w;
      const v = parts.length === 1 ? parts[0]! : `(${parts.join(" | ")})`;
      const shifted = shift > 0 ? `(${v} >> ${shift})` : v;
      return w === 8 * nb ? shifted : `(${shifted} & ${2 ** w - 1})`;
    }
  }
  if (alignedBit && alignedBit.bit === 0 && (w === 64 || w === 128) && !asNumber) {
    // 64 bits at a time through a DataView: far fewer bigints than bit by bit.
    return w === 64
      ? `rw64(pkt, ${alignedBit.byte})`
      : `((rw64(pkt, ${alignedBit.byte}) << 64n) | rw64(pkt, ${alignedBit.byte} + 8))`;
  }
  if (alignedBit && alignedBit.bit === 0 && w % 8 === 0 && w <= 48) {
    const terms = Array.from(
      { length: w / 8 },
      (_, k) => `pkt[${alignedBit.byte} + ${k}] * ${2 ** (w - 8 - 8 * k)}`,
    );
    return asNumber ? `(${terms.join(" + ")})` : `BigInt(${terms.join(" + ")})`;
  }
  return w <= 32 || asNumber ? `rdn(pkt, ${pos}, ${w})` : `rdb(pkt, ${pos}, ${w})`;
}
