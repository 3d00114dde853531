// Writing the flow key as the parse goes. Most key header fields are only ever written by an
// extract or an assignment: for those the extract or the assignment stores them straight into the
// key, instead of keeping them in scratch storage to copy at the end. A header qualifies
// ("direct") when, once valid, it surely stays valid with the key's bytes: no setInvalid (a
// setValid or a header copy only where it surely makes it valid), no union, no stack shift, no
// lookahead into it, no varbit field; and each assignment to a field happens where the header is
// surely valid, or just before a setValid that surely makes it valid with only assignments between
// (`key.h = hdr.h` copies the fields, then the validity). Its key bytes are zero from the start of
// the parse, so a direct header that never becomes valid reads as zeros.

import { assertNever } from "../diagnostics/diagnostic.js";
import type * as Ir from "../ir/ir.js";
import type { FlowKeyLayout, LayoutField } from "../layout/layout.js";
import {
  mayBeValidAfter,
  mayBeValidOnEntry,
  surelyNonzero,
  validAfter,
  validOnEntry,
} from "../ir/validity.js";
import { isNarrow } from "../ir/widths.js";
import { sameType } from "../ir/lower-expressions.js";
import { freshAfter, readsFreshLast, type FreshStacks } from "../ir/stack-last.js";

export interface KeyPlan {
  /** Key headers whose fields an extract or an assignment writes straight into the key. */
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
   * Key slots outside headers (struct fields of the key, narrow or wide) only ever assigned and
   * never read: an assignment stores them straight into the key, and they live nowhere else.
   */
  readonly directSlots: ReadonlySet<number>;
  /**
   * For each stack, the fields read through `last` right after the state extracted it
   * (src/ir/stack-last.ts): the extract keeps them in C locals for those reads, which do not
   * count in `read`.
   */
  readonly lastFields: ReadonlyMap<number, ReadonlySet<number>>;
  /**
   * Wide header fields whose only reads are copies into the key right after their extract: the
   * extract copies them into these key slots' fields (forwardWideCopies), the copies
   * (`forwardedOps`) do nothing, and the fields are not in `read`.
   */
  readonly forwarded: ReadonlyMap<number, readonly number[]>;
  readonly forwardedOps: ReadonlySet<Ir.IrOp>;
}

export function planKeyStores(ir: Ir.IrProgram, layout: FlowKeyLayout, noKey = false): KeyPlan {
  const notDirect = new Set<number>();
  const read = new Set<number>();
  const lastFields = new Map<number, Set<number>>();
  /** How many times each slot is read as a whole value. */
  const reads = new Map<number, number>();
  /** The stacks whose `last` is the element just extracted, where the walk is. */
  let fresh: FreshStacks = new Set();
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
        reads.set(e.slot, (reads.get(e.slot) ?? 0) + 1);
        return;
      case "stackField":
        if (readsFreshLast(ir, fresh, e.stack, e.index)) {
          if (!lastFields.has(e.stack)) lastFields.set(e.stack, new Set());
          lastFields.get(e.stack)!.add(e.field);
          expr(e.index);
          return;
        }
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
      case "const":
      case "packetLength":
      case "packetOffset":
        return;
      default:
        assertNever(e, "IR expression");
    }
  };
  const lookaheadDest = new Set<number>();
  const lvalue = (lv: Ir.IrLValue) => {
    if (lv.kind !== "slot") {
      for (const h of stackHeaders(lv.stack)) notDirect.add(h.id);
      expr(lv.index);
    }
  };
  const ops = (list: readonly Ir.IrOp[]): void => {
    for (const op of list) {
      const before = fresh;
      switch (op.kind) {
        case "extract":
          if (op.target.kind === "stackElement") expr(op.target.index);
          if (op.varbitBits) expr(op.varbitBits);
          break;
        case "lookahead":
          op.dests.forEach((d) => {
            lvalue(d.target);
            if (d.target.kind !== "slot") return;
            lookaheadDest.add(d.target.slot);
            const h = owner(d.target.slot);
            if (h !== undefined) notDirect.add(h);
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
          // A named header's validity is checked where it is set (assignedWhileValid).
          if (op.header.kind !== "header")
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
          fresh = before;
          ops(op.else);
          break;
        case "stackShift":
          for (const h of stackHeaders(op.stack)) {
            notDirect.add(h.id);
            // A shift moves every field: they must all be kept to be moved.
            for (const f of h.fields) read.add(f.slot);
          }
          break;
        default:
          assertNever(op, "IR op");
      }
      fresh = freshAfter(ir, op, before);
    }
  };
  for (const s of ir.states) {
    fresh = new Set();
    ops(s.ops);
    if (s.transition.kind === "select") s.transition.keys.forEach(expr);
  }
  const field = new Map<number, LayoutField>();
  for (const f of layout.fields) if (f.slot !== undefined) field.set(f.slot, f);
  for (const h of notAssignedWhileValid(ir)) notDirect.add(h);
  // Slots bound to the flow dissector's metadata stay where flowKeysOut and EmitContext.read
  // expect them (ctx->flow_keys, or scratch for the IPv6 addresses), never straight in the key.
  const bound = new Set(Object.values(ir.dissector ?? {}));
  const direct = new Set<number>();
  for (const h of ir.headers) {
    if (noKey) break;
    if (h.validBit === undefined || notDirect.has(h.id) || h.unionId !== undefined) continue;
    if (h.varbitField !== undefined) continue;
    if (h.fields.some((f) => !field.has(f.slot) || bound.has(f.slot))) continue;
    direct.add(h.id);
  }
  // Struct fields of the key, written only by assignments.
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
    // A wide field: its bytes in wire order, as in scratch.
    const t = ir.slots[slot]!.type;
    if (f.kind === "bytes" && t.kind === "bit" && f.size === Math.ceil(t.width / 8))
      directSlots.add(slot);
  }
  const keyed = (slot: number) => {
    const h = owner(slot);
    return h !== undefined ? direct.has(h) : directSlots.has(slot);
  };
  const { forwarded, forwardedOps } = forwardWideCopies(ir, reads, (t) => keyed(t) && !read.has(t));
  for (const w of forwarded.keys()) read.delete(w);
  return { direct, read, field, directSlots, lastFields, forwarded, forwardedOps };
}

/**
 * Wide header fields (addresses) whose only reads copy them into the key right after their
 * header's extract, in the same state with nothing between that can reject or write the header
 * or a wide value: the extract copies them from the packet into the key itself, and the copies
 * are left out. `keyTarget` says which slots an assignment stores straight into the key.
 */
function forwardWideCopies(
  ir: Ir.IrProgram,
  reads: ReadonlyMap<number, number>,
  keyTarget: (slot: number) => boolean,
): { forwarded: Map<number, number[]>; forwardedOps: Set<Ir.IrOp> } {
  const candidates = new Map<number, Ir.IrAssign[]>();
  // A stack element's fields also move by push_front and pop_front.
  const inStack = new Set(
    ir.stacks.flatMap((st) => st.elements.flatMap((e) => (e.kind === "header" ? [e.id] : []))),
  );
  for (const s of ir.states) {
    // Headers extracted at the top of this state's ops, nothing since having undone that.
    const pending = new Set<number>();
    for (const op of s.ops) {
      if (op.kind === "extract") {
        pending.clear();
        if (op.target.kind === "header") pending.add(op.target.header);
        continue;
      }
      if (op.kind === "setValidity" && op.header.kind === "header") {
        pending.delete(op.header.header);
        continue;
      }
      if (op.kind !== "assign" || op.target.kind !== "slot") {
        pending.clear();
        continue;
      }
      const target = ir.slots[op.target.slot]!;
      if (isNarrow(target.type)) {
        if (target.header !== undefined) pending.delete(target.header);
        continue;
      }
      const v = op.value;
      const from = v.kind === "slot" ? ir.slots[v.slot]! : undefined;
      if (
        !from ||
        from.header === undefined ||
        !pending.has(from.header) ||
        ir.headers[from.header]!.unionId !== undefined ||
        inStack.has(from.header) ||
        from.type.kind !== "bit" ||
        !sameType(from.type, target.type) ||
        !keyTarget(target.id)
      ) {
        pending.clear();
        continue;
      }
      if (!candidates.has(from.id)) candidates.set(from.id, []);
      candidates.get(from.id)!.push(op);
      if (target.header !== undefined) pending.delete(target.header);
    }
  }
  const forwarded = new Map<number, number[]>();
  const forwardedOps = new Set<Ir.IrOp>();
  for (const [w, ops] of candidates) {
    // Every read of the field must be one of these copies.
    if (reads.get(w) !== ops.length) continue;
    forwarded.set(
      w,
      ops.map((op) => (op.target as { slot: number }).slot),
    );
    ops.forEach((op) => forwardedOps.add(op));
  }
  return { forwarded, forwardedOps };
}

/**
 * Headers that may become invalid (a setValidity not surely making them valid), or whose fields
 * an assignment may write while they are not surely valid (and not surely valid right after,
 * with nothing that can reject between): their key bytes could hold values of an invalid header.
 */
function notAssignedWhileValid(ir: Ir.IrProgram): Set<number> {
  const bad = new Set<number>();
  const entry = validOnEntry(ir);
  /** Whether only assignments and setValidity come before an op making `h` surely valid. */
  const validSoon = (
    list: readonly Ir.IrOp[],
    from: number,
    known: ReadonlySet<number>,
    h: number,
  ) => {
    let k = known;
    for (let j = from; j < list.length; j++) {
      const op = list[j]!;
      if (op.kind !== "assign" && op.kind !== "setValidity") return false;
      k = validAfter(ir, [op], k);
      if (k.has(h)) return true;
    }
    return false;
  };
  const walk = (
    list: readonly Ir.IrOp[],
    before: ReadonlySet<number>,
    mayBefore: ReadonlySet<number>,
  ) => {
    let known = before;
    let may = mayBefore;
    list.forEach((op, i) => {
      if (op.kind === "assign" && op.target.kind === "slot") {
        const h = ir.slots[op.target.slot]!.header;
        if (h !== undefined && !known.has(h) && !validSoon(list, i + 1, known, h)) bad.add(h);
      }
      // Invalidating a header that cannot be valid yet (an `out` header at a subparser's call)
      // leaves its key bytes zero.
      if (
        op.kind === "setValidity" &&
        op.header.kind === "header" &&
        !surelyNonzero(op.valid, known) &&
        !(op.valid.kind === "const" && op.valid.value === 0n && !may.has(op.header.header))
      )
        bad.add(op.header.header);
      if (op.kind === "if") (walk(op.then, known, may), walk(op.else, known, may));
      known = validAfter(ir, [op], known);
      may = mayBeValidAfter(ir, [op], may);
    });
  };
  const mayEntry = mayBeValidOnEntry(ir);
  for (const s of ir.states) walk(s.ops, entry[s.id]!, mayEntry[s.id]!);
  return bad;
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
