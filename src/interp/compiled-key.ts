// The compiled key writer's source: the same bytes as key-writer.ts, as straight stores from the
// runtime's slot arrays into the key, and the reset of the machine state before each packet.

import { planKeyStores } from "../backend-ebpf/key-store.js";
import type * as Ir from "../ir/ir.js";
import { validBitPosition, type FlowKeyLayout } from "../layout/layout.js";
import { isMid, isSmall, storedAsNumber } from "./compile-expr.js";

/**
 * The slots whose values can be seen: every slot outside a header, and the header fields that the
 * parser reads (planKeyStores knows which) or the key holds. The compiled parser neither stores
 * nor resets the others.
 */
export function keptSlots(ir: Ir.IrProgram, layout: FlowKeyLayout): Set<number> {
  const plan = planKeyStores(ir, layout);
  // The eBPF plan leaves out of `read` what the C code reads elsewhere: fields read through a
  // fresh `last` (a C local set by the extract) and wide fields copied from the packet straight
  // into the key. The compiled parser reads both from their slots, so it keeps them.
  const read = new Set(plan.read);
  for (const [stack, fields] of plan.lastFields)
    for (const e of ir.stacks[stack]!.elements)
      for (const h of e.kind === "header" ? [e] : e.members)
        for (const f of fields) if (h.fields[f]) read.add(h.fields[f]!.slot);
  for (const slot of plan.forwarded.keys()) read.add(slot);
  const inKey = new Set(layout.fields.flatMap((f) => (f.slot === undefined ? [] : [f.slot])));
  return new Set(
    ir.slots
      .filter((x) => x.header === undefined || read.has(x.id) || inKey.has(x.id))
      .map((x) => x.id),
  );
}

/**
 * JS source zeroing the machine state before a packet (the slots in `kept` and every header's
 * validity): straight stores, cheaper than fills.
 */
export function resetSource(ir: Ir.IrProgram, kept: ReadonlySet<number>): string {
  const lines = ir.slots
    .filter((x) => kept.has(x.id))
    .map((x) =>
      storedAsNumber(x.type)
        ? `n[${x.id}] = 0;${x.type.kind === "varbit" ? ` vl[${x.id}] = 0;` : ""}`
        : `b[${x.id}] = 0n;${x.type.kind === "varbit" ? ` vl[${x.id}] = 0;` : ""}`,
    );
  for (const h of ir.headers) lines.push(`valid[${h.id}] = 0;`);
  return lines.join("\n");
}

/** Stores of the low `size` (<= 4) bytes of the small integer `v` (two's complement). */
function bytesOf(v: string, offset: number, size: number, little: boolean): string {
  const out: string[] = [];
  for (let i = 0; i < size; i++) {
    const at = offset + (little ? i : size - 1 - i);
    out.push(`key[o + ${at}] = ${i === 0 ? v : `${v} >>> ${8 * i}`};`);
  }
  return out.join(" ");
}

/** Stores of an 8-byte value split in `hi` and `lo` 32-bit halves (size is 8 for wide uints). */
function wideBytesOf(offset: number, size: number, little: boolean): string {
  const out: string[] = [];
  for (let i = 0; i < size; i++) {
    const at = offset + (little ? i : size - 1 - i);
    const half = i < 4 ? "lo" : "hi";
    const shift = 8 * (i % 4);
    out.push(`key[o + ${at}] = ${shift === 0 ? half : `${half} >>> ${shift}`};`);
  }
  return out.join(" ");
}

/**
 * JS source of the key writer: the same bytes as key-writer.ts, written into `key` from byte `o`
 * (which the caller has zeroed).
 */
export function keyWriterSource(ir: Ir.IrProgram, layout: FlowKeyLayout): string {
  const little = layout.endianness === "little";
  const lines: string[] = [];
  const s = layout.status;
  lines.push(`key[o + ${s.outcomeOffset}] = outcome;`);
  lines.push(
    s.errorSize <= 4
      ? bytesOf("error", s.errorOffset, s.errorSize, little)
      : `put(key, o + ${s.errorOffset}, ${s.errorSize}, error, ${little});`,
  );
  for (const h of ir.headers) {
    if (h.validBit === undefined) continue;
    const { byte, mask } = validBitPosition(s, h.validBit);
    lines.push(`if (valid[${h.id}]) key[o + ${byte}] |= ${mask};`);
  }
  for (const f of layout.fields) {
    if (f.slot === undefined || f.kind === "padding") continue;
    const h = ir.slots[f.slot]!.header ?? -1;
    const guard = h >= 0 ? `if (valid[${h}]) ` : "";
    const t = ir.slots[f.slot]!.type;
    switch (f.kind) {
      case "uint":
      case "int":
      case "error":
      case "bool":
        lines.push(
          isSmall(t)
            ? `${guard}{ const v = n[${f.slot}]; ${bytesOf("v", f.offset, f.size, little)} }`
            : isMid(t)
              ? `${guard}{ const v = n[${f.slot}]; const hi = Math.floor(v / 4294967296), lo = v >>> 0; ${wideBytesOf(f.offset, f.size, little)} }`
              : `${guard}{ const v = BigInt.asUintN(64, b[${f.slot}]); const hi = Number(v >> 32n), lo = Number(v & 0xffffffffn); ${wideBytesOf(f.offset, f.size, little)} }`,
        );
        break;
      case "bytes":
      case "varbit": {
        // Stored values are normalised: only an int's can be negative.
        const v =
          f.kind === "varbit"
            ? `b[${f.slot}] << ${BigInt(f.size * 8 - f.bits)}n`
            : t.kind === "int"
              ? `BigInt.asUintN(${f.size * 8}, b[${f.slot}])`
              : `b[${f.slot}]`;
        lines.push(`${guard}putBig(key, o + ${f.offset}, ${f.size}, ${v});`);
        break;
      }
      case "varbitLength":
        lines.push(`${guard}put(key, o + ${f.offset}, ${f.size}, vl[${f.slot}], ${little});`);
        break;
    }
  }
  return lines.join("\n");
}
