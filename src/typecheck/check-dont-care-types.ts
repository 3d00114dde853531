// `_` as a type: it stands for a type argument the checker infers, so it may be written only
// among the type arguments of a call (`f<_>(x)`, `E<_>(x)`) or of an instantiation's type
// (`E<_>(x) e;`), never as the type of a variable, constant, field, parameter, typedef, cast or
// return value.

import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import { perDeclaration } from "./per-declaration.js";

/** Each declaration is checked alone, once per declaration object (per-declaration.ts). */
export const checkDontCareTypes = perDeclaration(dontCareTypesIn);

function dontCareTypesIn(declaration: A.Declaration, sink: DiagnosticSink): void {
  const visit = (x: unknown, allowed: boolean): void => {
    if (Array.isArray(x)) {
      for (const y of x) visit(y, allowed);
      return;
    }
    if (typeof x !== "object" || x === null) return;
    const node = x as { readonly kind?: string };
    if (node.kind === "DontCareTypeRef") {
      const t = x as A.DontCareTypeRef;
      if (t.written && !allowed) sink.report(messages.dontCareType, t.range, {});
      return;
    }
    for (const k in x) {
      if (k === "range") continue;
      const v = (x as Record<string, unknown>)[k];
      if (node.kind === "CallExpression") visit(v, k !== "args");
      else if (node.kind === "InstantiationDeclaration") visit(v, k === "type");
      else visit(v, allowed && !isDeclaration(node.kind));
    }
  };
  visit(declaration, false);
}

/** Nodes below which a type is a declared one again (a body inside a call's argument, say). */
function isDeclaration(kind: string | undefined): boolean {
  return kind !== undefined && (kind.endsWith("Declaration") || kind.endsWith("Statement"));
}
