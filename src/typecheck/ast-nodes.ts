// A walk over the AST for rules that look for one kind of node anywhere (calls, `this`): the
// AST is plain readonly data, so its fields are walked generically (source ranges skipped).

import type * as A from "../frontend/ast.js";

/** The states a transition names (none for a state without one). */
export function transitionTargets(t: A.ParserState["transition"]): A.Identifier[] {
  if (!t) return [];
  if (t.kind === "DirectTransition") return [t.target];
  return t.select.cases.map((c) => c.target);
}

/** Every node of one kind anywhere under `root`, outer ones first. */
export function nodesOf<T>(root: unknown, kind: string): T[] {
  const found: T[] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) {
      for (const y of x) visit(y);
      return;
    }
    if (typeof x !== "object" || x === null) return;
    if ((x as { kind?: unknown }).kind === kind) found.push(x as T);
    // for-in over own data fields: no array of entries per node (these walks run on every check).
    for (const k in x) if (k !== "range") visit((x as Record<string, unknown>)[k]);
  };
  visit(root);
  return found;
}
