// Where the parser's iteration count (the spec's bound on state visits, ParserTimeout) must be
// kept and checked. A state on no loop and after no loop is visited at most once per parse, after
// at most its longest path from the start: when that is within the bound, it can never time out
// and needs no check; when no loop is reachable from it either, the count is dead there and
// needs no counting. Backends then count and check only on loops and around them.

import { statesInCycles, successorStates } from "./alignment.js";
import type * as Ir from "./ir.js";

export interface IterationPlan {
  /** The state must add one to the count (the count is used on or after it). */
  readonly count: readonly boolean[];
  /** The state must check the count against the bound. */
  readonly check: readonly boolean[];
}

export function iterationPlan(ir: Ir.IrProgram): IterationPlan {
  const n = ir.states.length;
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
