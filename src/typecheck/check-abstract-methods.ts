// Abstract methods: an instance of an extern with abstract methods implements each of them in
// its `= { ... }` block, every implementation with the declaration's parameters (same count,
// directions and types, the extern's type parameters bound to the instance's type arguments)
// and return type; a block implements nothing else, and an extern without abstract methods
// takes no block.

import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import type { TypeResolver } from "./resolve-types.js";
import { closest } from "./suggest.js";
import { equalTypes, typeToString, UNKNOWN, type Type } from "./types.js";

export function checkAbstractMethods(
  program: A.Program,
  types: TypeResolver,
  sink: DiagnosticSink,
): void {
  const instances = program.declarations.flatMap((d) =>
    d.kind === "ParserDeclaration" || d.kind === "ControlDeclaration" ? [d, ...d.locals] : [d],
  );
  for (const d of instances)
    if (d.kind === "InstantiationDeclaration" && d.body) instance(d, d.body, types, sink);
}

function instance(
  d: A.InstantiationDeclaration,
  body: readonly A.Declaration[],
  types: TypeResolver,
  sink: DiagnosticSink,
): void {
  const t = types.resolve(d.type);
  if (t.kind !== "extern") return;
  const abstract = t.decl.methods.filter((m) => m.isAbstract);
  const bindings = new Map<string, Type>(
    t.decl.typeParameters.map((p, i) => [p.name.name, t.args[i] ?? UNKNOWN]),
  );
  const implemented = new Set<A.MethodPrototype>();
  for (const f of body) {
    if (f.kind !== "FunctionDeclaration") continue;
    const named = abstract.filter((m) => m.name.name === f.name.name);
    const m = named.find((x) => x.parameters.length === f.parameters.length) ?? named[0];
    if (!m) {
      const guess = closest(
        f.name.name,
        abstract.map((x) => x.name.name),
      );
      sink.report(messages.notAbstractMethod, f.name.range, {
        method: f.name.name,
        extern: t.name,
        hint: guess && f.name.name.length > 2 ? ` (did you mean '${guess}'?)` : "",
      });
      continue;
    }
    implemented.add(m);
    const mismatch = (at: A.Node, reason: string) =>
      sink.report(messages.abstractMethodMismatch, at.range, {
        method: f.name.name,
        extern: t.name,
        reason,
      });
    const own = new Set([...t.decl.typeParameters, ...m.typeParameters].map((p) => p.name.name));
    const declared = (ref: A.TypeRef) => types.resolve(ref, own, bindings);
    const mine = new Set(f.typeParameters.map((p) => p.name.name));
    const given = (ref: A.TypeRef) => types.resolve(ref, mine);
    const want = m.returnType ? declared(m.returnType) : UNKNOWN;
    const got = given(f.returnType);
    if (!equalTypes(want, got)) {
      mismatch(f.returnType, `it returns '${typeToString(got)}', not '${typeToString(want)}'`);
    }
    if (m.parameters.length !== f.parameters.length) {
      mismatch(f.name, `it has ${f.parameters.length} parameter(s), not ${m.parameters.length}`);
      continue;
    }
    m.parameters.forEach((p, i) => {
      const q = f.parameters[i]!;
      const direction = (x: A.Parameter) =>
        x.direction === "none" ? "directionless" : x.direction;
      if (p.direction !== q.direction)
        mismatch(q, `parameter '${q.name.name}' is ${direction(q)}, not ${direction(p)}`);
      const pt = declared(p.type);
      const qt = given(q.type);
      if (!equalTypes(pt, qt))
        mismatch(
          q.type,
          `parameter '${q.name.name}' has type '${typeToString(qt)}', not '${typeToString(pt)}'`,
        );
    });
  }
  for (const m of abstract)
    if (!implemented.has(m))
      sink.report(messages.abstractMethodMissing, d.name.range, {
        name: d.name.name,
        method: m.name.name,
        extern: t.name,
      });
}
