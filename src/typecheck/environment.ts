// The top-level scope: every declaration by name, duplicates reported once. Overloads are
// allowed where the spec allows them (extern functions, functions and actions differing in
// their number of parameters or their parameters' names); everything else shares one namespace.

import { assertNever } from "../diagnostics/diagnostic.js";
import { messages } from "../diagnostics/catalog.js";
import { formatMessage } from "../diagnostics/message.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import type { SourceRange } from "../frontend/source.js";
import { closest } from "./suggest.js";

export type Named = Exclude<A.Declaration, A.ErrorDeclaration | A.MatchKindDeclaration>;

export class Environment {
  readonly declarations = new Map<string, Named[]>();
  readonly errors: string[] = [];
  readonly matchKinds: string[] = [];

  constructor(
    program: A.Program,
    private readonly sink: DiagnosticSink,
  ) {
    for (const d of program.declarations) this.add(d);
  }

  private add(d: A.Declaration): void {
    if (d.kind === "ErrorDeclaration" || d.kind === "MatchKindDeclaration") {
      const list = d.kind === "ErrorDeclaration" ? this.errors : this.matchKinds;
      for (const m of d.members) {
        if (list.includes(m.name))
          this.sink.report(messages.duplicateDeclaration, m.range, { name: m.name });
        else list.push(m.name);
      }
      return;
    }
    const name = d.name.name;
    if (name === "") return;
    const existing = this.declarations.get(name);
    if (existing && !existing.every((e) => overloadable(e, d))) {
      const previous = existing[0]!;
      this.sink.report(messages.duplicateDeclaration, d.name.range, { name }, [
        { message: "The earlier declaration is here.", range: previous.name.range },
      ]);
      return;
    }
    this.declarations.set(name, [...(existing ?? []), d]);
  }

  lookup(name: string): Named | undefined {
    return this.declarations.get(name)?.[0];
  }

  /** Every declaration of an overloaded name (extern functions, functions and actions). */
  lookupAll(name: string): readonly Named[] {
    return this.declarations.get(name) ?? [];
  }

  /** Reports an unknown name with a suggestion drawn from `extra` and the top level. */
  reportUnknown(name: string, range: SourceRange, extra: Iterable<string> = []): void {
    const guess = closest(name, [...extra, ...this.declarations.keys()]);
    this.sink.report(
      messages.unknownName,
      range,
      { name },
      guess
        ? [
            {
              message: formatMessage(messages.didYouMean, { name: guess }),
              range: this.lookup(guess)?.name.range ?? range,
            },
          ]
        : [],
    );
  }
}

/** The parameter names of a declaration that may be overloaded, sorted. */
function signature(d: A.Declaration): string | undefined {
  switch (d.kind) {
    case "ExternFunctionDeclaration":
    case "FunctionDeclaration":
    case "ActionDeclaration":
      return d.parameters
        .map((p) => p.name.name)
        .sort()
        .join(",");
    case "ConstantDeclaration":
    case "VariableDeclaration":
    case "InstantiationDeclaration":
    case "ExternObjectDeclaration":
    case "ParserTypeDeclaration":
    case "ParserDeclaration":
    case "ControlTypeDeclaration":
    case "ControlDeclaration":
    case "PackageTypeDeclaration":
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

/** Overloads differ in their number of parameters or in their parameters' names. */
function overloadable(a: A.Declaration, b: A.Declaration): boolean {
  const x = signature(a);
  const y = signature(b);
  return x !== undefined && y !== undefined && a.kind === b.kind && x !== y;
}
