// Where a header stack's `last` element is the one the state has just extracted. Right after
// `extract(s.next)`, and until something moves the stack's next index or writes one of its
// elements, `s.last` is that element: valid, its fields the values just read. A backend can then
// read `s.last.f` from where the extract put the value (a C local) instead of choosing the element
// by its run-time index, and need not keep the element at all when nothing else reads it.

import { assertNever } from "../diagnostics/diagnostic.js";
import type * as Ir from "./ir.js";

/** Stacks whose `last` element is the one just extracted (stack ids). */
export type FreshStacks = ReadonlySet<number>;

/** Whether `e` is `s.lastIndex` as the lowering writes it: the stack's next index minus 1. */
export function isLastIndex(ir: Ir.IrProgram, stack: number, e: Ir.IrExpr): boolean {
  return (
    e.kind === "binary" &&
    e.op === "-" &&
    e.left.kind === "slot" &&
    e.left.slot === ir.stacks[stack]!.nextIndexSlot &&
    e.right.kind === "const" &&
    e.right.value === 1n
  );
}

/** Header id → the stack it is an element (or an element's union member) of. */
const stackOfHeader = new WeakMap<Ir.IrProgram, Map<number, number>>();

function stackOf(ir: Ir.IrProgram, header: number | undefined): number | undefined {
  if (header === undefined) return undefined;
  let m = stackOfHeader.get(ir);
  if (!m) {
    m = new Map();
    for (const s of ir.stacks)
      for (const el of s.elements)
        for (const h of el.kind === "header" ? [el] : el.members) m.set(h.id, s.id);
    stackOfHeader.set(ir, m);
  }
  return m.get(header);
}

/** Whether every element of the stack is a header (not a union): only those become fresh. */
function plainStack(ir: Ir.IrProgram, stack: number): boolean {
  return ir.stacks[stack]!.elements.every((el) => el.kind === "header");
}

/** The fresh stacks after `op`, given those before it. */
export function freshAfter(ir: Ir.IrProgram, op: Ir.IrOp, before: FreshStacks): FreshStacks {
  const out = new Set(before);
  const touchRef = (r: Ir.IrHeaderRef) => {
    const s = r.kind === "header" ? stackOf(ir, r.header) : r.stack;
    if (s !== undefined) out.delete(s);
  };
  const touchLValue = (lv: Ir.IrLValue) => {
    if (lv.kind === "stackField") return void out.delete(lv.stack);
    const s = stackOf(ir, ir.slots[lv.slot]!.header);
    if (s !== undefined) out.delete(s);
    for (const st of ir.stacks) if (st.nextIndexSlot === lv.slot) out.delete(st.id);
  };
  switch (op.kind) {
    case "extract":
      if (op.target.kind === "stackNext") {
        if (plainStack(ir, op.target.stack)) out.add(op.target.stack);
        else out.delete(op.target.stack);
      } else touchRef(op.target);
      break;
    case "lookahead":
      op.dests.forEach((d) => touchLValue(d.target));
      if (op.setValid) touchRef(op.setValid);
      break;
    case "assign":
      touchLValue(op.target);
      break;
    case "setValidity":
      touchRef(op.header);
      break;
    case "stackShift":
      out.delete(op.stack);
      break;
    case "if": {
      const then = op.then.reduce((f, o) => freshAfter(ir, o, f), before);
      const other = op.else.reduce((f, o) => freshAfter(ir, o, f), before);
      return new Set([...then].filter((s) => other.has(s)));
    }
    case "advance":
    case "verify":
      break;
    default:
      assertNever(op, "IR op");
  }
  return out;
}

/** Whether `e` reads field or validity of a fresh stack's `last` element. */
export function readsFreshLast(
  ir: Ir.IrProgram,
  fresh: FreshStacks,
  stack: number,
  index: Ir.IrExpr,
): boolean {
  return fresh.has(stack) && isLastIndex(ir, stack, index);
}
