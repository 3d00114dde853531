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
        if (op.valid.kind === "const" && op.valid.value !== 0n) make(ir.headers[op.header.header]!);
        else set.delete(op.header.header);
        break;
      case "if": {
        const a = validAfter(ir, op.then, set);
        const b = validAfter(ir, op.else, set);
        set = new Set([...a].filter((h) => b.has(h)));
        break;
      }
      case "advance":
      case "assign":
      case "verify":
      case "stackShift":
        break;
      default:
        assertNever(op, "IR op");
    }
  }
  return set;
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
