// What may be used where, by kind of block: a parser instantiates parsers and externs, never a
// control or a package; a control instantiates controls and externs, never a parser or a
// package; actions are not called from parsers; `this` stands only inside the implementation
// of an abstract method (an instance's `= { ... }` block).

import { assertNever } from "../diagnostics/diagnostic.js";
import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import { nodesOf } from "./ast-nodes.js";
import { perDeclaration } from "./per-declaration.js";

type BlockKind = "parser" | "control" | "package";

export function checkPlacement(program: A.Program, sink: DiagnosticSink): void {
  const kinds = new Map<string, BlockKind>();
  const actions = new Set<string>();
  for (const d of program.declarations) {
    const kind = blockKind(d);
    if (kind && "name" in d) kinds.set(d.name.name, kind);
    else if (d.kind === "ActionDeclaration") actions.add(d.name.name);
  }
  for (const d of program.declarations) {
    if (d.kind === "ParserDeclaration" || d.kind === "ControlDeclaration") {
      const here = d.kind === "ParserDeclaration" ? "parser" : "control";
      for (const l of d.locals) {
        if (l.kind !== "InstantiationDeclaration" || l.type.kind !== "NamedTypeRef") continue;
        const kind = kinds.get(l.type.name.name);
        if (kind && kind !== here)
          sink.report(messages.misplacedInstance, l.type.range, {
            name: l.type.name.name,
            what: kind,
            where: here,
          });
      }
      if (d.kind === "ParserDeclaration") {
        // Names a parser declares hide top-level actions of the same name.
        const own = new Set(
          [...d.parameters, ...d.constructorParameters, ...d.locals].flatMap((x) =>
            "name" in x ? [x.name.name] : [],
          ),
        );
        for (const c of nodesOf<A.CallExpression>([d.locals, d.states], "CallExpression"))
          if (
            c.callee.kind === "NameExpression" &&
            actions.has(c.callee.name.name) &&
            (c.callee.global || !own.has(c.callee.name.name))
          )
            sink.report(messages.misplacedStatement, c.range, {
              what: `A call of action '${c.callee.name.name}'`,
              where: "a parser",
            });
      }
    }
  }
  thisOutsideImplementations(program, sink);
}

function blockKind(d: A.Declaration): BlockKind | undefined {
  switch (d.kind) {
    case "ParserDeclaration":
    case "ParserTypeDeclaration":
      return "parser";
    case "ControlDeclaration":
    case "ControlTypeDeclaration":
      return "control";
    case "PackageTypeDeclaration":
      return "package";
    case "ConstantDeclaration":
    case "VariableDeclaration":
    case "InstantiationDeclaration":
    case "ExternObjectDeclaration":
    case "ExternFunctionDeclaration":
    case "ActionDeclaration":
    case "FunctionDeclaration":
    case "HeaderTypeDeclaration":
    case "HeaderUnionDeclaration":
    case "StructTypeDeclaration":
    case "EnumDeclaration":
    case "TypedefDeclaration":
    case "NewTypeDeclaration":
    case "ErrorDeclaration":
    case "MatchKindDeclaration":
    case "TableDeclaration":
    case "ValueSetDeclaration":
      return undefined;
    default:
      return assertNever(d, "declaration");
  }
}

/**
 * `this` anywhere but inside an instance's block of abstract method implementations (each
 * declaration checked alone, once per declaration object: per-declaration.ts).
 */
const thisOutsideImplementations = perDeclaration(thisOutsideImplementationsIn);

function thisOutsideImplementationsIn(declaration: A.Declaration, sink: DiagnosticSink): void {
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) {
      for (const y of x) visit(y);
      return;
    }
    if (typeof x !== "object" || x === null) return;
    const node = x as { readonly kind?: string };
    if (node.kind === "InstantiationDeclaration") {
      // Its arguments are outside the block; the block is where `this` means the instance.
      visit((x as A.InstantiationDeclaration).args);
      return;
    }
    if (node.kind === "ThisExpression") {
      sink.report(messages.misplacedStatement, (x as A.ThisExpression).range, {
        what: "'this'",
        where: "code outside an abstract method's implementation",
      });
      return;
    }
    for (const k in x) if (k !== "range") visit((x as Record<string, unknown>)[k]);
  };
  visit(declaration);
}
