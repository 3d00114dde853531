// Which slots hold a value still to be read, state by state: a backward data-flow over the
// states. A slot is live on entry to a state when some path from there reads it before surely
// writing it. Backends use it to give registers to the values alive at the same time only, so
// that no point of the parse holds more values than the machine's stack can spill.

import { assertNever } from "../diagnostics/diagnostic.js";
import { successorStates } from "./alignment.js";
import type * as Ir from "./ir.js";

export interface SlotLiveness {
  /** For each state: the slots live on entry, and the slots it writes (both occupy a home there). */
  readonly present: readonly ReadonlySet<number>[];
  /** The slots some path from the start reads before surely writing them. */
  readonly liveAtStart: ReadonlySet<number>;
}

/**
 * `always`: slots read after the parse (key fields written at its end, metadata read back):
 * live from the start.
 */
export function slotLiveness(ir: Ir.IrProgram, always: ReadonlySet<number>): SlotLiveness {
  const start = ir.start;
  const n = ir.states.length;
  const stackSlots = (s: number) =>
    ir.stacks[s]!.elements.flatMap((e) => (e.kind === "header" ? [e] : e.members)).flatMap((h) =>
      h.fields.map((f) => f.slot),
    );
  const uses = ir.states.map(() => new Set<number>(always));
  const writes = ir.states.map(() => new Set<number>());
  const kills = ir.states.map(() => new Set<number>());
  for (const s of ir.states) {
    const use = uses[s.id]!;
    const write = writes[s.id]!;
    const kill = kills[s.id]!;
    const expr = (e: Ir.IrExpr): void => {
      switch (e.kind) {
        case "slot":
        case "varbitLength":
          if (!kill.has(e.slot)) use.add(e.slot);
          return;
        case "stackField":
          stackSlots(e.stack).forEach((x) => kill.has(x) || use.add(x));
          expr(e.index);
          return;
        case "isValid":
          if (e.header.kind === "stackElement") expr(e.header.index);
          return;
        case "unary":
        case "cast":
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
    const header = (h: Ir.IrHeader, sure: boolean) =>
      h.fields.forEach((f) => {
        write.add(f.slot);
        if (sure) kill.add(f.slot);
      });
    const lvalue = (lv: Ir.IrLValue, sure: boolean) => {
      if (lv.kind === "slot") {
        write.add(lv.slot);
        if (sure) kill.add(lv.slot);
      } else {
        stackSlots(lv.stack).forEach((x) => write.add(x));
        expr(lv.index);
      }
    };
    const ops = (list: readonly Ir.IrOp[], sure: boolean): void => {
      for (const op of list)
        switch (op.kind) {
          case "extract":
            if (op.varbitBits) expr(op.varbitBits);
            if (op.target.kind === "header") header(ir.headers[op.target.header]!, sure);
            else {
              if (op.target.kind === "stackElement") expr(op.target.index);
              stackSlots(op.target.stack).forEach((x) => write.add(x));
            }
            break;
          case "lookahead":
            op.dests.forEach((d) => lvalue(d.target, sure));
            break;
          case "advance":
            expr(op.bits);
            break;
          case "assign":
            expr(op.value);
            lvalue(op.target, sure);
            break;
          case "setValidity":
            expr(op.valid);
            if (op.header.kind === "stackElement") expr(op.header.index);
            break;
          case "verify":
            expr(op.condition);
            break;
          case "if":
            expr(op.condition);
            ops(op.then, false);
            ops(op.else, false);
            break;
          case "stackShift":
            stackSlots(op.stack).forEach((x) => (kill.has(x) || use.add(x), write.add(x)));
            break;
          default:
            assertNever(op, "IR op");
        }
    };
    ops(s.ops, true);
    if (s.transition.kind === "select") s.transition.keys.forEach(expr);
    // Reads count as uses until the state surely writes the slot (uses are upward exposed).
  }
  const succ = ir.states.map((s) => successorStates(s.transition));
  const live = ir.states.map(() => new Set<number>());
  for (let changed = true; changed;) {
    changed = false;
    for (let i = n - 1; i >= 0; i--) {
      const into = live[i]!;
      const before = into.size;
      for (const x of uses[i]!) into.add(x);
      for (const t of succ[i]!) for (const x of live[t]!) if (!kills[i]!.has(x)) into.add(x);
      if (into.size !== before) changed = true;
    }
  }
  return {
    present: live.map((l, i) => new Set([...l, ...writes[i]!])),
    liveAtStart: live[start] ?? new Set(),
  };
}
