// Which headers are valid for certain at each point of the parse: a forward data-flow over the
// states (the intersection over every way in; nothing at the start), op by op inside a state.
// Backends use it to read a field of a header that is surely valid without testing its validity.
// Only headers named statically are tracked; stack elements never count as surely valid.

import { successorStates } from "./alignment.js";
import { assertNever } from "../diagnostics/diagnostic.js";
import type * as Ir from "./ir.js";

/** The surely-valid headers after `ops`, given those before. */
export function validAfter(
  ir: Ir.IrProgram,
  ops: readonly Ir.IrOp[],
  before: ReadonlySet<number>,
): Set<number> {
  let set = new Set(before);
  const make = (h: Ir.IrHeader) => {
    if (h.unionId !== undefined)
      for (const m of ir.unions[h.unionId]!.members) if (m.id !== h.id) set.delete(m.id);
    set.add(h.id);
  };
  for (const op of ops) {
    switch (op.kind) {
      case "extract":
        if (op.target.kind === "header") make(ir.headers[op.target.header]!);
        break;
      case "lookahead":
        if (op.setValid?.kind === "header") make(ir.headers[op.setValid.header]!);
        break;
      case "setValidity":
        if (op.header.kind !== "header") break;
        if (surelyNonzero(op.valid, set)) make(ir.headers[op.header.header]!);
        else set.delete(op.header.header);
        break;
      case "if": {
        const a = validAfter(ir, op.then, set);
        const b = validAfter(ir, op.else, set);
        set = new Set([...a].filter((h) => b.has(h)));
        break;
      }
      case "stackShift":
        // Elements move: an element extracted by a constant index may now hold an invalid one
        // (push_front invalidates the first elements, pop_front the last ones).
        for (const el of ir.stacks[op.stack]!.elements)
          for (const h of el.kind === "header" ? [el] : el.members) set.delete(h.id);
        break;
      case "advance":
      case "assign":
      case "verify":
        break;
      default:
        assertNever(op, "IR op");
    }
  }
  return set;
}

/**
 * Whether an expression is surely nonzero when the headers in `known` are surely valid: a nonzero
 * constant, or a header's validity (`dst = src` of headers sets dst's validity to src's), cast.
 */
export function surelyNonzero(e: Ir.IrExpr, known: ReadonlySet<number>): boolean {
  switch (e.kind) {
    case "const":
      return e.value !== 0n;
    case "isValid":
      return e.header.kind === "header" && known.has(e.header.header);
    case "cast":
      // A validity is 1, nonzero at any width; a cast constant may lose its bits.
      return (e.arg.kind === "isValid" || e.arg.kind === "cast") && surelyNonzero(e.arg, known);
    default:
      return false;
  }
}

/** For each state, the headers surely valid on entry. */
export function validOnEntry(ir: Ir.IrProgram): Set<number>[] {
  const all = new Set(ir.headers.map((h) => h.id));
  const entry = ir.states.map((s) => (s.id === ir.start ? new Set<number>() : new Set(all)));
  const reached = ir.states.map((s) => s.id === ir.start);
  const work = [ir.start];
  while (work.length > 0) {
    const id = work.pop()!;
    const s = ir.states[id]!;
    const out = validAfter(ir, s.ops, entry[id]!);
    for (const t of successorStates(s.transition)) {
      const cur = entry[t]!;
      const next = reached[t] ? new Set([...cur].filter((h) => out.has(h))) : new Set(out);
      if (!reached[t] || next.size !== cur.size) {
        reached[t] = true;
        entry[t] = next;
        work.push(t);
      }
    }
  }
  return entry;
}

/**
 * The headers that may be valid after `ops`, given those before (a superset: what is not in it is
 * surely invalid). Stack elements count as possibly valid once anything may make one valid.
 */
export function mayBeValidAfter(
  ir: Ir.IrProgram,
  ops: readonly Ir.IrOp[],
  before: ReadonlySet<number>,
): Set<number> {
  let set = new Set(before);
  const all = (r: Ir.IrHeaderRef | { kind: "stackNext"; stack: number }) =>
    r.kind === "header"
      ? [r.header]
      : ir.stacks[r.stack]!.elements.flatMap((e) =>
          (e.kind === "header" ? [e] : e.members).map((h) => h.id),
        );
  for (const op of ops) {
    switch (op.kind) {
      case "extract":
        all(op.target).forEach((h) => set.add(h));
        break;
      case "lookahead":
        if (op.setValid) all(op.setValid).forEach((h) => set.add(h));
        break;
      case "setValidity":
        if (op.header.kind === "header" && op.valid.kind === "const" && op.valid.value === 0n)
          set.delete(op.header.header);
        else if (op.valid.kind !== "const" || op.valid.value !== 0n)
          all(op.header).forEach((h) => set.add(h));
        break;
      case "stackShift":
        all({ kind: "stackNext", stack: op.stack }).forEach((h) => set.add(h));
        break;
      case "if":
        set = new Set([...mayBeValidAfter(ir, op.then, set), ...mayBeValidAfter(ir, op.else, set)]);
        break;
      default:
        break;
    }
  }
  return set;
}

/** For each state, the headers that may be valid on entry (nothing at the start). */
export function mayBeValidOnEntry(ir: Ir.IrProgram): Set<number>[] {
  const entry = ir.states.map(() => new Set<number>());
  const work = [ir.start];
  const reached = ir.states.map((s) => s.id === ir.start);
  while (work.length > 0) {
    const id = work.pop()!;
    const out = mayBeValidAfter(ir, ir.states[id]!.ops, entry[id]!);
    for (const t of successorStates(ir.states[id]!.transition)) {
      const cur = entry[t]!;
      const size = cur.size;
      for (const h of out) cur.add(h);
      if (!reached[t] || cur.size !== size) {
        reached[t] = true;
        work.push(t);
      }
    }
  }
  return entry;
}
