// IR expressions as C expressions over the values' homes (C locals or scratch memory, as
// emit-context.ts decides). Values of 64 bits or fewer are __u64 holding the value normalised
// unsigned to its width (an int<W> as its W-bit two's complement), exactly the interpreter's
// numbers; every operation re-normalises. Wider values only move between the packet, the scratch
// state and the key; computing with them is reported.

import { InternalError } from "../diagnostics/diagnostic.js";
import type * as Ir from "../ir/ir.js";
import { u64 } from "./c-builder.js";
import { isNarrow, scalarWidth as widthOf } from "../ir/widths.js";
import type { EmitContext } from "./emit-context.js";
import { readsFreshLast, type FreshStacks } from "../ir/stack-last.js";

export class TooWide extends Error {
  constructor(readonly what: string) {
    super(what);
  }
}

export { scalarWidth as widthOf } from "../ir/widths.js";

export function mask(c: string, w: number): string {
  return w >= 64 ? c : `((${c}) & ${u64((1n << BigInt(w)) - 1n)})`;
}

export function sext(c: string, w: number): string {
  return w >= 64 ? `((__s64)(${c}))` : `(((__s64)((${c}) << ${64 - w})) >> ${64 - w})`;
}

export class ExprEmitter {
  constructor(
    private readonly ir: Ir.IrProgram,
    /** Where each value lives (emit-context.ts). */
    private readonly ctx: EmitContext,
  ) {}

  headerOfSlot(slot: number): number {
    return this.ctx.headerOfSlot(slot);
  }

  /**
   * Where a narrow slot lives in C: a local (kept in a register by clang) or scratch memory.
   * Stack `nextIndex` counters are locals whose value the verifier knows on each path, so a loop
   * filling a stack is explored only as many times as the stack has elements.
   */
  place(id: number): string {
    return this.ctx.place(id);
  }

  /** The stack counters kept in locals. */
  get counterSlots(): readonly number[] {
    return [...this.ctx.counters];
  }

  /** A narrow slot's value, reading 0 when its header is invalid. */
  slot(id: number): string {
    const t = this.ir.slots[id]!.type;
    if (!isNarrow(t))
      throw new TooWide(
        `the ${widthOf(t)}-bit value '${this.ir.slots[id]!.path}' in an expression`,
      );
    const h = this.headerOfSlot(id);
    if (h >= 0 && this.known.has(h)) return this.ctx.read(id);
    return h >= 0 ? `(${this.ctx.valid(h)} ? ${this.ctx.read(id)} : 0)` : this.ctx.read(id);
  }

  /** Picks among a stack's elements by a run-time index; out of range gives `fallback`. */
  stackSwitch(
    stack: Ir.IrStack,
    index: Ir.IrExpr,
    each: (el: Ir.IrHeader | Ir.IrUnion, i: number) => string,
    fallback: string,
  ): string {
    const idx = this.expr(index);
    let out = fallback;
    for (let i = stack.size - 1; i >= 0; i--)
      out = `((${idx}) == ${i} ? ${each(stack.elements[i]!, i)} : ${out})`;
    return out;
  }

  /**
   * Headers surely valid where the expression being emitted is evaluated (src/ir/validity.ts):
   * the op emitter keeps it current; their fields are read without testing their validity.
   */
  known: ReadonlySet<number> = new Set();

  /**
   * Stacks whose `last` element the state has just extracted (src/ir/stack-last.ts), kept
   * current by the op emitter like `known`: `last` is then valid, its fields in C locals.
   */
  fresh: FreshStacks = new Set();

  validity(ref: Ir.IrHeaderRef): string {
    if (ref.kind === "header") return this.known.has(ref.header) ? "1" : this.ctx.valid(ref.header);
    if (readsFreshLast(this.ir, this.fresh, ref.stack, ref.index)) return "1";
    const stack = this.ir.stacks[ref.stack]!;
    return this.stackSwitch(
      stack,
      ref.index,
      (el) => (el.kind === "header" ? this.ctx.valid(el.id) : "0"),
      "0",
    );
  }

  expr(e: Ir.IrExpr): string {
    const w = widthOf(e.type);
    if (!isNarrow(e.type) && e.kind !== "isValid")
      throw new TooWide(`a ${w}-bit value in an expression`);
    switch (e.kind) {
      case "const":
        return u64(BigInt.asUintN(64, e.value));
      case "slot":
        return this.slot(e.slot);
      case "stackField": {
        const stack = this.ir.stacks[e.stack]!;
        const el = stack.elements[0];
        const last =
          readsFreshLast(this.ir, this.fresh, e.stack, e.index) && el?.kind === "header"
            ? this.ctx.lastLocal.get(el.fields[e.field]!.slot)
            : undefined;
        if (last) return last;
        return this.stackSwitch(
          stack,
          e.index,
          (el) => (el.kind === "header" ? this.slot(el.fields[e.field]!.slot) : "0"),
          "0",
        );
      }
      case "isValid":
        return `((__u64)${this.validity(e.header)})`;
      case "unary": {
        const a = this.expr(e.arg);
        if (e.op === "!") return `((__u64)!(${a}))`;
        return mask(e.op === "~" ? `~(${a})` : `-(${a})`, w);
      }
      case "binary":
        return this.binary(e);
      case "concat": {
        const wr = widthOf(e.right.type);
        return mask(`((${this.expr(e.left)}) << ${wr}) | (${this.expr(e.right)})`, w);
      }
      case "slice": {
        const a = e.arg;
        if (
          a.kind === "slot" &&
          !isNarrow(a.type) &&
          a.type.kind !== "varbit" &&
          this.ctx.wide.has(a.slot)
        ) {
          // Bits of a wide field, read from its right-aligned bytes (most significant first).
          const nbytes = Math.ceil(widthOf(a.type) / 8);
          const h = this.headerOfSlot(a.slot);
          const get = `p4f_get(st->w + ${this.ctx.wide.get(a.slot)}, ${nbytes * 8 - 1 - e.high}, ${e.high - e.low + 1})`;
          return h >= 0 ? `(${this.ctx.valid(h)} ? ${get} : 0)` : get;
        }
        return mask(`(${this.expr(a)}) >> ${e.low}`, e.high - e.low + 1);
      }
      case "cast": {
        const from = e.arg.type;
        const a = this.expr(e.arg);
        if (e.type.kind === "bool") return `((__u64)((${a}) != 0))`;
        const widened = from.kind === "int" ? `((__u64)${sext(a, widthOf(from))})` : a;
        return mask(widened, w);
      }
      case "ternary":
        return `((${this.expr(e.cond)}) ? (${this.expr(e.then)}) : (${this.expr(e.else)}))`;
      case "packetLength":
        return "((__u64)pkt_len)";
      case "packetOffset":
        return "((__u64)(cursor >> 3))";
      case "varbitLength":
        return `st->s[${e.slot}]`;
    }
  }

  private binary(e: Extract<Ir.IrExpr, { kind: "binary" }>): string {
    const t = e.left.type;
    const w = widthOf(t);
    const signed = t.kind === "int";
    const a = this.expr(e.left);
    const b = this.expr(e.right);
    const sa = sext(a, w);
    const sb = sext(b, w);
    const rw = widthOf(e.type);
    switch (e.op) {
      case "&&":
        return `((__u64)((${a}) && (${b})))`;
      case "||":
        return `((__u64)((${a}) || (${b})))`;
      case "+":
      case "-":
      case "*":
        return mask(`(${a}) ${e.op} (${b})`, rw);
      case "/":
      case "%":
        return signed
          ? `((${b}) == 0 ? 0 : ${mask(`(__u64)(${sa} ${e.op} ${sb})`, rw)})`
          : `((${b}) == 0 ? 0 : (${a}) ${e.op} (${b}))`;
      case "|+|":
      case "|-|": {
        if (w >= 64) throw new TooWide("a saturating operation on 64-bit values");
        if (signed) {
          const lo = -(1n << BigInt(w - 1));
          const hi = (1n << BigInt(w - 1)) - 1n;
          const r = `(${sa} ${e.op === "|+|" ? "+" : "-"} ${sb})`;
          return mask(`(__u64)(${r} < ${lo}LL ? ${lo}LL : ${r} > ${hi}LL ? ${hi}LL : ${r})`, w);
        }
        const max = u64((1n << BigInt(w)) - 1n);
        return e.op === "|+|"
          ? `((${a}) + (${b}) > ${max} ? ${max} : (${a}) + (${b}))`
          : `((${a}) > (${b}) ? (${a}) - (${b}) : 0)`;
      }
      case "<<":
        return `((${b}) >= ${w} ? 0 : ${mask(`(${a}) << (${b})`, w)})`;
      case ">>":
        return signed
          ? mask(`(__u64)(${sa} >> ((${b}) >= ${w} ? 63 : (${b})))`, w)
          : `((${b}) >= ${w} ? 0 : (${a}) >> (${b}))`;
      case "&":
      case "|":
      case "^":
        return `((${a}) ${e.op} (${b}))`;
      case "==":
      case "!=":
        return `((__u64)((${a}) ${e.op} (${b})))`;
      case "<":
      case "<=":
      case ">":
      case ">=":
        return signed ? `((__u64)(${sa} ${e.op} ${sb}))` : `((__u64)((${a}) ${e.op} (${b})))`;
      default:
        throw new InternalError(`unknown operator ${e.op as string}`);
    }
  }
}

/**
 * C statements copying `n` bytes from `src + srcOff` to `dst + dstOff`: 8-byte words where both
 * offsets are multiples of 8 from 8-aligned bases (unaligned words for packet sources, which the
 * kernel allows on hosts with efficient unaligned access, as x86 and arm64 are), bytes for the
 * rest. Never a memcpy call, which BPF does not have.
 */
export function copyBytes(
  dst: string,
  dstOff: number,
  src: string,
  srcOff: number,
  n: number,
  srcAligned: boolean,
): string[] {
  const out: string[] = [];
  const words = dstOff % 8 === 0 && (!srcAligned || srcOff % 8 === 0) ? Math.floor(n / 8) : 0;
  for (let k = 0; k < words; k++)
    out.push(
      `*(__u64 *)((__u8 *)${dst} + ${dstOff + 8 * k}) = *(const __u64 *)((const __u8 *)${src} + ${srcOff + 8 * k});`,
    );
  for (let k = 8 * words; k < n; k++)
    out.push(`((__u8 *)${dst})[${dstOff + k}] = ((const __u8 *)${src})[${srcOff + k}];`);
  return out;
}
