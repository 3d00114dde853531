// Which headers may be valid when each parser state starts: a forward data-flow over the states
// from `start`, where a state makes valid every header path it extracts, setValid()s or assigns
// as a whole (anywhere in its statements). The parser's `out` header parameters start invalid;
// everything else (inout and in parameters, stacks) is assumed possibly valid. Used to warn about
// a header field read where its header cannot be valid yet.

import { assertNever } from "../diagnostics/diagnostic.js";
import type * as A from "../frontend/ast.js";
import { printExpression } from "../frontend/printer.js";

/** The header path a statement makes valid, if any ("hdr.ipv4"). */
export function validatedPath(st: A.Statement): string[] {
  switch (st.kind) {
    case "BlockStatement":
      return st.statements.flatMap(validatedPath);
    case "IfStatement":
      return [...validatedPath(st.then), ...(st.else ? validatedPath(st.else) : [])];
    case "AssignmentStatement":
      return st.operator === "=" ? [printExpression(st.target)] : [];
    case "CallStatement": {
      const c = st.call;
      if (c.callee.kind !== "MemberExpression") return [];
      const m = c.callee.member.name;
      if (m === "extract" && c.args[0]) return [printExpression(c.args[0].value)];
      if (m === "setValid") return [printExpression(c.callee.object)];
      // A sub-parser apply may make any of its arguments valid.
      if (m === "apply") return c.args.map((a) => printExpression(a.value));
      return [];
    }
    case "DirectApplicationStatement":
    case "EmptyStatement":
    case "ReturnStatement":
    case "ExitStatement":
    case "SwitchStatement":
    case "DeclarationStatement":
    case "ForStatement":
    case "ForInStatement":
    case "BreakStatement":
    case "ContinueStatement":
      return [];
    default:
      return assertNever(st, "statement");
  }
}

/** For each state name: the header paths that may be valid when it starts. */
export function maybeValidAtEntry(p: A.ParserDeclaration): Map<string, Set<string>> {
  const gen = new Map<string, Set<string>>();
  for (const s of p.states) gen.set(s.name.name, new Set(s.statements.flatMap(validatedPath)));
  const succ = (s: A.ParserState): string[] => {
    const t = s.transition;
    if (!t) return [];
    return t.kind === "DirectTransition"
      ? [t.target.name]
      : t.select.cases.map((c) => c.target.name);
  };
  const entry = new Map<string, Set<string>>(p.states.map((s) => [s.name.name, new Set()]));
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of p.states) {
      const out = new Set([...entry.get(s.name.name)!, ...gen.get(s.name.name)!]);
      for (const t of succ(s)) {
        const e = entry.get(t);
        if (!e) continue;
        for (const h of out)
          if (!e.has(h)) {
            e.add(h);
            changed = true;
          }
      }
    }
  }
  return entry;
}
