// Which states are entered with the cursor on a byte boundary. Where it is, every field's bit
// position relative to the cursor's byte is a compile-time constant: the eBPF backend lets clang
// fold its field reads into a few loads and shifts, the compiled interpreter does the same in JS.
// Also: which states lie on a loop (the backend keeps the iteration count visible there).
// A forward data-flow over the state graph: the start state is aligned; an extract keeps the
// alignment when the header's fixed part is whole bytes and its varbit size (if any) provably a
// multiple of 8; an advance when its amount provably is; a state is aligned when every state
// that jumps to it leaves the cursor aligned.

import { assertNever } from "../diagnostics/diagnostic.js";
import type * as Ir from "./ir.js";
import { scalarWidth } from "./widths.js";

/** True when the value of `e` is a multiple of 8 whatever the packet holds. */
export function multipleOf8(e: Ir.IrExpr): boolean {
  switch (e.kind) {
    case "const":
      return e.value % 8n === 0n;
    case "binary":
      switch (e.op) {
        case "*":
          return multipleOf8(e.left) || multipleOf8(e.right);
        case "+":
        case "-":
        case "|+|":
          return e.op !== "|+|" && multipleOf8(e.left) && multipleOf8(e.right);
        case "<<":
          return (
            multipleOf8(e.left) ||
            (e.right.kind === "const" && e.right.value >= 3n && e.right.value < 64n)
          );
        case "&":
          return multipleOf8(e.left) || multipleOf8(e.right);
        case "/":
        case "%":
        case "|-|":
        case ">>":
        case "|":
        case "^":
        case "==":
        case "!=":
        case "<":
        case "<=":
        case ">":
        case ">=":
        case "&&":
        case "||":
          return false;
        default:
          return assertNever(e, "binary operator");
      }
    case "cast":
      // Truncating to 3 bits or more keeps a multiple of 8 (2^w is one); widening unsigned too.
      return (
        e.arg.type.kind !== "int" &&
        e.type.kind !== "bool" &&
        scalarWidth(e.type) >= 3 &&
        multipleOf8(e.arg)
      );
    case "ternary":
      return multipleOf8(e.then) && multipleOf8(e.else);
    case "slot":
    case "stackField":
    case "varbitLength":
    case "isValid":
    case "unary":
    case "concat":
    case "slice":
    case "packetLength":
    case "packetOffset":
      return false;
    default:
      return assertNever(e, "IR expression");
  }
}

function headerKeeps(h: Ir.IrHeader | Ir.IrUnion, varbitBits: Ir.IrExpr | undefined): boolean {
  if (h.kind === "union") return false;
  if (h.fixedBits % 8 !== 0) return false;
  return h.varbitField === undefined || (varbitBits !== undefined && multipleOf8(varbitBits));
}

/** Whether the cursor is still byte-aligned after `ops`, given that it was before (`aligned`). */
export function alignedAfter(ir: Ir.IrProgram, ops: readonly Ir.IrOp[], aligned: boolean): boolean {
  for (const op of ops) {
    if (!aligned) return false;
    switch (op.kind) {
      case "extract": {
        const t = op.target;
        const headers =
          t.kind === "header" ? [ir.headers[t.header]!] : ir.stacks[t.stack]!.elements;
        aligned = headers.every((h) => headerKeeps(h, op.varbitBits));
        break;
      }
      case "advance":
        aligned = multipleOf8(op.bits);
        break;
      case "if":
        aligned = alignedAfter(ir, op.then, true) && alignedAfter(ir, op.else, true);
        break;
      case "lookahead":
      case "assign":
      case "setValidity":
      case "verify":
      case "stackShift":
        break;
      default:
        assertNever(op, "IR op");
    }
  }
  return aligned;
}

/** For each state: is the cursor byte-aligned whenever the state is entered? */
export function alignedStates(ir: Ir.IrProgram): boolean[] {
  const n = ir.states.length;
  const aligned = new Array<boolean>(n).fill(true);
  // Start optimistic, knock states out until nothing changes (alignment only ever gets lost).
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of ir.states) {
      const out = aligned[s.id]! && alignedAfter(ir, s.ops, true);
      if (out) continue;
      for (const t of successorStates(s.transition)) {
        if (aligned[t]) {
          aligned[t] = false;
          changed = true;
        }
      }
    }
  }
  return aligned;
}

/** For each state: does some path lead from it back to itself (is it part of a parser loop)? */
export function statesInCycles(ir: Ir.IrProgram): boolean[] {
  const inCycle = new Array<boolean>(ir.states.length).fill(false);
  for (const comp of parserLoops(ir)) for (const x of comp) inCycle[x] = true;
  return inCycle;
}

/** The parser's loops: strongly connected sets of states that can repeat (state ids). */
export function parserLoops(ir: Ir.IrProgram): number[][] {
  const succ = ir.states.map((s) => successorStates(s.transition));
  // Tarjan's strongly connected components, iteratively (parsers can have many states).
  const n = ir.states.length;
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const loops: number[][] = [];
  let next = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      if (i === 0) {
        index[v] = low[v] = next++;
        stack.push(v);
        onStack[v] = true;
      }
      if (i < succ[v]!.length) {
        frame[1]++;
        const w = succ[v]![i]!;
        if (index[w] === -1) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1 || succ[v]!.includes(v)) loops.push(comp.sort((a, b) => a - b));
      }
    }
  }
  return loops;
}

/**
 * Whether every cycle of a loop passes through a state that always extracts into a header
 * stack's `next`: each turn then fills a stack element, so the loop ends when the stacks are full
 * (StackOutOfBounds), whatever --max-parser-iterations says, and the verifier, which sees the
 * stacks' next indices exactly, follows it that many times only. A loop that can lower a stack's
 * next index is not bounded so.
 */
export function boundedByStacks(ir: Ir.IrProgram, loop: readonly number[]): boolean {
  // A loop that can lower a stack's next index (assigning it: a stack copied or an `out` stack
  // reset; pop_front) can fill the stack again: it is not bounded by it.
  const next = new Set(ir.stacks.map((st) => st.nextIndexSlot));
  const lowers = (ops: readonly Ir.IrOp[]): boolean =>
    ops.some(
      (op) =>
        (op.kind === "assign" && op.target.kind === "slot" && next.has(op.target.slot)) ||
        (op.kind === "stackShift" && op.direction === "popFront") ||
        (op.kind === "if" && (lowers(op.then) || lowers(op.else))),
    );
  if (loop.some((s) => lowers(ir.states[s]!.ops))) return false;
  const filling = (id: number) =>
    ir.states[id]!.ops.some((op) => op.kind === "extract" && op.target.kind === "stackNext");
  // The loop without its stack-filling states must have no cycle left: peel off states with no
  // way in until none is left (Kahn's algorithm, no recursion for loops of any size).
  const rest = new Set(loop.filter((id) => !filling(id)));
  const inDegree = new Map<number, number>([...rest].map((id) => [id, 0]));
  for (const id of rest)
    for (const t of successorStates(ir.states[id]!.transition))
      if (rest.has(t)) inDegree.set(t, inDegree.get(t)! + 1);
  const free = [...rest].filter((id) => inDegree.get(id) === 0);
  let peeled = 0;
  while (free.length > 0) {
    const id = free.pop()!;
    peeled++;
    for (const t of successorStates(ir.states[id]!.transition)) {
      if (!rest.has(t)) continue;
      inDegree.set(t, inDegree.get(t)! - 1);
      if (inDegree.get(t) === 0) free.push(t);
    }
  }
  return peeled === rest.size;
}

/** The states a transition can go to (each edge once per case, accept and reject left out). */
export function successorStates(t: Ir.IrTransition): number[] {
  const targets = t.kind === "direct" ? [t.target] : t.cases.map((c) => c.target);
  return targets.flatMap((x) => (x.kind === "state" ? [x.state] : []));
}
