// Where the parser's iteration count (the spec's bound on state visits, ParserTimeout) must be
// kept and checked. A state on no loop and after no loop is visited at most once per parse, after
// at most its longest path from the start: when that is within the bound, it can never time out
// and needs no check; when no loop is reachable from it either, the count is dead there and
// needs no counting. Backends then count and check only on loops and around them. When every
// loop is bounded by header stacks, the most states any parse can visit is known: within the
// bound, no state counts at all.

import { boundedByStacks, parserLoops, statesInCycles, successorStates } from "./alignment.js";
import type * as Ir from "./ir.js";

export interface IterationPlan {
  /** The state must add one to the count (the count is used on or after it). */
  readonly count: readonly boolean[];
  /** The state must check the count against the bound. */
  readonly check: readonly boolean[];
}

export function iterationPlan(ir: Ir.IrProgram): IterationPlan {
  const n = ir.states.length;
  const most = mostVisits(ir);
  if (most !== undefined && most <= ir.maxIterations)
    return { count: new Array<boolean>(n).fill(false), check: new Array<boolean>(n).fill(false) };
  const cyclic = statesInCycles(ir);
  const succ = ir.states.map((s) => successorStates(s.transition));
  const closure = (seeds: boolean[], edges: number[][]): boolean[] => {
    const out = [...seeds];
    const work = seeds.flatMap((x, i) => (x ? [i] : []));
    while (work.length > 0)
      for (const t of edges[work.pop()!]!)
        if (!out[t]) {
          out[t] = true;
          work.push(t);
        }
    return out;
  };
  const pred: number[][] = ir.states.map(() => []);
  succ.forEach((ts, s) => ts.forEach((t) => pred[t]!.push(s)));
  // On or after a loop; on or before a loop.
  const after = closure(cyclic, succ);
  const before = closure(cyclic, pred);
  // Longest path from the start, in states, over the states on no loop and after none (a DAG).
  const depth = new Array<number>(n).fill(0);
  const order: number[] = [];
  const seen = new Array<boolean>(n).fill(false);
  const visit = (root: number) => {
    const stack: [number, number][] = [[root, 0]];
    seen[root] = true;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = succ[top[0]]![top[1]++];
      if (next === undefined) {
        order.push(top[0]);
        stack.pop();
      } else if (!seen[next] && !after[next]) {
        seen[next] = true;
        stack.push([next, 0]);
      }
    }
  };
  if (!after[ir.start]) visit(ir.start);
  depth[ir.start] = 1;
  for (const s of order.reverse())
    for (const t of succ[s]!) if (!after[t]) depth[t] = Math.max(depth[t]!, depth[s]! + 1);
  const deep = depth.some((d) => d > ir.maxIterations);
  return {
    count: ir.states.map((_, i) => deep || after[i]! || before[i]!),
    check: ir.states.map((_, i) => deep || after[i]!),
  };
}

/**
 * The most state visits of one parse when every loop is bounded by header stacks (undefined
 * otherwise). Each turn of such a loop passes a state extracting into a stack's next element:
 * those states are visited at most once per element of the stacks they fill, plus once more (the
 * extract that finds the stack full rejects), and between two of them the loop's other states
 * follow no cycle. The bound is the longest path over the loops so weighed and the other states.
 */
export function mostVisits(ir: Ir.IrProgram): number | undefined {
  const loops = parserLoops(ir);
  if (loops.some((l) => !boundedByStacks(ir, l))) return undefined;
  const n = ir.states.length;
  // Component of each state: a loop, or the state alone; its weight in visits.
  const comp = ir.states.map((s) => s.id);
  const weight = new Array<number>(n).fill(1);
  loops.forEach((loop, k) => {
    const id = n + k;
    const stacks = new Set<number>();
    const rest = new Set<number>();
    for (const s of loop) {
      comp[s] = id;
      let fills = false;
      for (const op of ir.states[s]!.ops)
        if (op.kind === "extract" && op.target.kind === "stackNext") {
          stacks.add(op.target.stack);
          fills = true;
        }
      if (!fills) rest.add(s);
    }
    // With E elements, at most E + 1 visits fill (the last finds the stacks full and rejects),
    // and at most E + 1 runs of other states come before, between and after them; each run is a
    // path in the acyclic rest of the loop.
    const elements = [...stacks].reduce((a, st) => a + ir.stacks[st]!.size, 0);
    weight[id] = (elements + 1) * (1 + longestPath(ir, rest));
  });
  const succ = new Map<number, Set<number>>();
  for (const s of ir.states)
    for (const t of successorStates(s.transition)) {
      const a = comp[s.id]!;
      const b = comp[t]!;
      if (a === b) continue;
      if (!succ.has(a)) succ.set(a, new Set());
      succ.get(a)!.add(b);
    }
  // Longest path from the start's component, over a DAG (Kahn's order from the start).
  const nodes = [...new Set(comp)];
  const indeg = new Map<number, number>(nodes.map((c) => [c, 0]));
  for (const ts of succ.values()) for (const t of ts) indeg.set(t, indeg.get(t)! + 1);
  const best = new Map<number, number>();
  const start = comp[ir.start]!;
  best.set(start, weight[start]!);
  const free = nodes.filter((c) => indeg.get(c) === 0);
  let most = 0;
  while (free.length > 0) {
    const c = free.pop()!;
    const here = best.get(c);
    if (here !== undefined) most = Math.max(most, here);
    for (const t of succ.get(c) ?? []) {
      if (here !== undefined) best.set(t, Math.max(best.get(t) ?? 0, here + weight[t]!));
      indeg.set(t, indeg.get(t)! - 1);
      if (indeg.get(t) === 0) free.push(t);
    }
  }
  return most;
}

/** The most states on one path through `states` (whose edges among themselves form a DAG). */
function longestPath(ir: Ir.IrProgram, states: ReadonlySet<number>): number {
  const memo = new Map<number, number>();
  // Deepest first, without recursion: a state's length is known once its successors' are.
  const length = (root: number): number => {
    const work = [root];
    while (work.length > 0) {
      const s = work[work.length - 1]!;
      const next = successorStates(ir.states[s]!.transition).filter((t) => states.has(t));
      const open = next.filter((t) => !memo.has(t));
      if (open.length > 0) {
        work.push(...open);
        continue;
      }
      work.pop();
      memo.set(s, 1 + Math.max(0, ...next.map((t) => memo.get(t)!)));
    }
    return memo.get(root)!;
  };
  return Math.max(0, ...[...states].map(length));
}
