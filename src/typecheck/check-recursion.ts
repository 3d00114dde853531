// Recursion: P4 has none. Functions and actions that call themselves, directly or through
// others, and parsers or controls that instantiate themselves, directly or through others, are
// reported once a cycle (at the first use on the cycle of its first declaration).

import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import { nodesOf } from "./ast-nodes.js";
import type { SourceRange } from "../frontend/source.js";

/** One use of a callable or instantiable declaration by another. */
interface Use {
  readonly target: string;
  readonly range: SourceRange;
}

/** A function, an action (top-level or a control's), a parser or a control. */
interface Unit {
  readonly key: string;
  readonly name: string;
  readonly what: "calls" | "instantiates";
  readonly uses: readonly Use[];
}

export function checkRecursion(program: A.Program, sink: DiagnosticSink): void {
  const units = new Map<string, Unit>();
  const topCallables = new Set(
    program.declarations
      .filter((d) => d.kind === "FunctionDeclaration" || d.kind === "ActionDeclaration")
      .map((d) => d.name.name),
  );
  const topBlocks = new Set(
    program.declarations
      .filter((d) => d.kind === "ParserDeclaration" || d.kind === "ControlDeclaration")
      .map((d) => d.name.name),
  );
  const callable = (
    d: A.FunctionDeclaration | A.ActionDeclaration,
    scope: string,
    locals: Set<string>,
  ) => {
    const key = scope + d.name.name;
    const uses = nodesOf<A.CallExpression>(d.body, "CallExpression").flatMap((c): Use[] => {
      const n = c.callee.kind === "NameExpression" ? c.callee : undefined;
      if (!n) return [];
      const name = n.name.name;
      if (!n.global && locals.has(name)) return [{ target: scope + name, range: c.range }];
      return topCallables.has(name) ? [{ target: name, range: c.range }] : [];
    });
    units.set(key, { key, name: d.name.name, what: "calls", uses });
  };
  for (const d of program.declarations) {
    if (d.kind === "FunctionDeclaration" || d.kind === "ActionDeclaration")
      callable(d, "", new Set());
    else if (d.kind === "ParserDeclaration" || d.kind === "ControlDeclaration") {
      const uses = d.locals.flatMap((l): Use[] =>
        l.kind === "InstantiationDeclaration" &&
        l.type.kind === "NamedTypeRef" &&
        topBlocks.has(l.type.name.name)
          ? [{ target: l.type.name.name, range: l.type.range }]
          : [],
      );
      units.set(d.name.name, { key: d.name.name, name: d.name.name, what: "instantiates", uses });
      if (d.kind === "ControlDeclaration") {
        const locals = new Set(
          d.locals
            .filter((l) => l.kind === "ActionDeclaration" || l.kind === "FunctionDeclaration")
            .map((l) => l.name.name),
        );
        for (const l of d.locals)
          if (l.kind === "ActionDeclaration" || l.kind === "FunctionDeclaration")
            callable(l, `${d.name.name}.`, locals);
      }
    }
  }
  reportCycles(units, sink);
}

/** Reports each self use, and each longer cycle once. */
function reportCycles(units: Map<string, Unit>, sink: DiagnosticSink): void {
  const reported = new Set<string>();
  for (const u of units.values()) {
    for (const use of u.uses) {
      if (use.target === u.key) {
        sink.report(messages.recursiveUse, use.range, { name: u.name, what: `${u.what} itself` });
        continue;
      }
      if (reported.has(u.key)) continue;
      const path = pathBack(units, use.target, u.key);
      if (!path) continue;
      for (const k of [u.key, ...path]) reported.add(k);
      const through = path.map((k) => `'${units.get(k)!.name}'`).join(", ");
      sink.report(messages.recursiveUse, use.range, {
        name: u.name,
        what: `${u.what} itself through ${through}`,
      });
    }
  }
}

/** The units on a shortest path of uses from `from` to (not including) `to`, if there is one. */
function pathBack(units: Map<string, Unit>, from: string, to: string): string[] | undefined {
  const previous = new Map<string, string | undefined>([[from, undefined]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const k = queue[i]!;
    for (const use of units.get(k)?.uses ?? []) {
      if (use.target === to) {
        const path: string[] = [];
        for (let at: string | undefined = k; at !== undefined; at = previous.get(at))
          path.unshift(at);
        return path;
      }
      if (!previous.has(use.target)) {
        previous.set(use.target, k);
        queue.push(use.target);
      }
    }
  }
  return undefined;
}
