// Writing the flow key as the parse goes. Most header fields are only ever written by an extract
// and never read by the parser: for those the extract stores them straight into the key, instead
// of keeping them in scratch storage to copy at the end. A header qualifies ("direct") when
// nothing but an extract can make it valid or invalid or change its fields: no setValid or
// setInvalid, no union, no stack shift, no assignment to its fields, no varbit field. Its key
// bytes are zero from the start of the parse, so an invalid direct header reads as zeros.

import type * as Ir from "../ir/ir.js";
import type { FlowKeyLayout, LayoutField } from "../layout/layout.js";

export interface KeyPlan {
  /** Key headers whose fields an extract writes straight into the key. */
  readonly direct: ReadonlySet<number>;
  /**
   * Slots the parser reads (in expressions, select keys, stack shifts): these are kept, in a C
   * local or in scratch as emit-context.ts decides. A header field neither read nor in the key is not stored at
   * all (emit-ops.ts).
   */
  readonly read: ReadonlySet<number>;
  /** The key field that stores each slot. */
  readonly field: ReadonlyMap<number, LayoutField>;
  /**
   * Scalar key slots outside headers (struct fields of the key) that are only ever assigned and
   * never read: an assignment stores them straight into the key, and they live nowhere else.
   */
  readonly directSlots: ReadonlySet<number>;
}

export function planKeyStores(ir: Ir.IrProgram, layout: FlowKeyLayout, noKey = false): KeyPlan {
  const notDirect = new Set<number>();
  const read = new Set<number>();
  const owner = (slot: number) => ir.slots[slot]!.header;
  const stackHeaders = (s: number) =>
    ir.stacks[s]!.elements.flatMap((e) => (e.kind === "header" ? [e] : e.members));
  const refHeaders = (r: Ir.IrHeaderRef) =>
    r.kind === "header" ? [ir.headers[r.header]!] : stackHeaders(r.stack);

  const expr = (e: Ir.IrExpr): void => {
    switch (e.kind) {
      case "slot":
      case "varbitLength":
        read.add(e.slot);
        return;
      case "stackField":
        for (const h of stackHeaders(e.stack)) {
          const f = h.fields[e.field];
          if (f) read.add(f.slot);
        }
        expr(e.index);
        return;
      case "isValid":
        if (e.header.kind === "stackElement") expr(e.header.index);
        return;
      case "unary":
      case "cast":
        expr(e.arg);
        return;
      case "slice":
        expr(e.arg);
        return;
      case "binary":
      case "concat":
        expr(e.left);
        expr(e.right);
        return;
      case "ternary":
        expr(e.cond);
        expr(e.then);
        expr(e.else);
        return;
      default:
        return;
    }
  };
  const lookaheadDest = new Set<number>();
  const lvalue = (lv: Ir.IrLValue) => {
    if (lv.kind === "slot") {
      const h = owner(lv.slot);
      if (h !== undefined) notDirect.add(h);
    } else {
      for (const h of stackHeaders(lv.stack)) notDirect.add(h.id);
      expr(lv.index);
    }
  };
  const ops = (list: readonly Ir.IrOp[]): void => {
    for (const op of list) {
      switch (op.kind) {
        case "extract":
          if (op.target.kind === "stackElement") expr(op.target.index);
          if (op.varbitBits) expr(op.varbitBits);
          break;
        case "lookahead":
          op.dests.forEach((d) => {
            lvalue(d.target);
            if (d.target.kind === "slot") lookaheadDest.add(d.target.slot);
          });
          if (op.setValid) for (const h of refHeaders(op.setValid)) notDirect.add(h.id);
          break;
        case "advance":
          expr(op.bits);
          break;
        case "assign":
          lvalue(op.target);
          expr(op.value);
          break;
        case "setValidity":
          for (const h of refHeaders(op.header)) notDirect.add(h.id);
          expr(op.valid);
          if (op.header.kind === "stackElement") expr(op.header.index);
          break;
        case "verify":
          expr(op.condition);
          break;
        case "if":
          expr(op.condition);
          ops(op.then);
          ops(op.else);
          break;
        case "stackShift":
          for (const h of stackHeaders(op.stack)) {
            notDirect.add(h.id);
            // A shift moves every field: they must all be kept to be moved.
            for (const f of h.fields) read.add(f.slot);
          }
          break;
      }
    }
  };
  for (const s of ir.states) {
    ops(s.ops);
    if (s.transition.kind === "select") s.transition.keys.forEach(expr);
  }
  const field = new Map<number, LayoutField>();
  for (const f of layout.fields) if (f.slot !== undefined) field.set(f.slot, f);
  const direct = new Set<number>();
  for (const h of ir.headers) {
    if (noKey) break;
    if (h.validBit === undefined || notDirect.has(h.id) || h.unionId !== undefined) continue;
    if (h.varbitField !== undefined) continue;
    if (h.fields.some((f) => !field.has(f.slot))) continue;
    direct.add(h.id);
  }
  // Struct fields of the key, written only by assignments: the flow_dissector target reads its
  // metadata back from scratch, so its slots stay there.
  const bound = new Set(Object.values(ir.dissector ?? {}));
  const directSlots = new Set<number>();
  for (const [slot, f] of field) {
    if (
      noKey ||
      owner(slot) !== undefined ||
      read.has(slot) ||
      lookaheadDest.has(slot) ||
      bound.has(slot)
    )
      continue;
    if (f.kind === "uint" || f.kind === "bool" || f.kind === "int") directSlots.add(slot);
  }
  return { direct, read, field, directSlots };
}

/** A C statement storing the narrow value `v` in `size` bytes at key + `offset`. */
export function putField(layout: FlowKeyLayout, offset: number, size: number, v: string): string {
  const little = layout.endianness === "little";
  if (size === 1) return `((__u8 *)key)[${offset}] = (__u8)(${v});`;
  if (layout.packed || offset % size !== 0 || ![2, 4, 8].includes(size))
    return `p4f_put(key, ${offset}, ${size}, ${v}, ${little ? 1 : 0});`;
  // Aligned: one store, byte-swapped for network order (BPF targets are little-endian hosts
  // here; on a big-endian host the key's "host order" would be the wire order).
  const t = `__u${size * 8}`;
  const value = little ? `(${t})(${v})` : `__builtin_bswap${size * 8}((${t})(${v}))`;
  return `*(${t} *)((__u8 *)key + ${offset}) = ${value};`;
}
