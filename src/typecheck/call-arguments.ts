// Binding a call's arguments to the callee's parameters: by position, or by name when the
// arguments are named (`f(b = 1, a = 2)`); parameters with a default value or `@optional` may be
// left out. The same binding picks among overloads (extern functions and methods told apart by
// their number of parameters or by their parameters' names).

import type * as A from "../frontend/ast.js";

/** Parameters a call may leave out. */
export function isOptional(p: A.Parameter): boolean {
  return p.defaultValue !== undefined || p.annotations.some((a) => a.name.name === "optional");
}

export type Binding =
  | { readonly ok: true; readonly pairs: readonly (readonly [A.Argument, A.Parameter])[] }
  | {
      readonly ok: false;
      readonly problem:
        | { readonly kind: "count"; readonly min: number; readonly max: number }
        | { readonly kind: "mixed"; readonly at: A.Argument }
        | { readonly kind: "unknownName"; readonly at: A.Argument & { name: A.Identifier } }
        | { readonly kind: "twice"; readonly at: A.Argument & { name: A.Identifier } }
        | { readonly kind: "missing"; readonly param: A.Parameter };
    };

export function bindArguments(
  args: readonly A.Argument[],
  params: readonly A.Parameter[],
): Binding {
  const named = args.filter((a) => a.name !== undefined);
  if (named.length === 0) {
    const max = params.length;
    const min = params.filter((p) => !isOptional(p)).length;
    if (args.length < min || args.length > max)
      return { ok: false, problem: { kind: "count", min, max } };
    return { ok: true, pairs: args.map((a, i) => [a, params[i]!] as const) };
  }
  if (named.length !== args.length) {
    const at = args.find((a) => a.name === undefined)!;
    return { ok: false, problem: { kind: "mixed", at } };
  }
  const pairs: (readonly [A.Argument, A.Parameter])[] = [];
  const seen = new Set<string>();
  for (const a of named as (A.Argument & { name: A.Identifier })[]) {
    const p = params.find((x) => x.name.name === a.name.name);
    if (!p) return { ok: false, problem: { kind: "unknownName", at: a } };
    if (seen.has(a.name.name)) return { ok: false, problem: { kind: "twice", at: a } };
    seen.add(a.name.name);
    pairs.push([a, p]);
  }
  const missing = params.find((p) => !seen.has(p.name.name) && !isOptional(p));
  if (missing) return { ok: false, problem: { kind: "missing", param: missing } };
  return { ok: true, pairs };
}

/** The first of several overloads the arguments bind to, else the first one. */
export function pickOverload<D extends { readonly parameters: readonly A.Parameter[] }>(
  candidates: readonly D[],
  args: readonly A.Argument[],
): D | undefined {
  return candidates.find((d) => bindArguments(args, d.parameters).ok) ?? candidates[0];
}
