// Resolves TypeRefs and type declarations to semantic Types: names looked up in the environment,
// widths and stack sizes evaluated, header and union member rules checked, and recursion through
// structs or typedefs reported instead of followed forever.

import { assertNever } from "../diagnostics/diagnostic.js";
import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import type { SourceRange } from "../frontend/source.js";
import { printExpression, printType } from "../frontend/printer.js";
import type { ConstantEvaluator } from "./constants.js";
import type { Environment, Named } from "./environment.js";
import { isHeaderFieldType, typeToString, UNKNOWN, type FieldType, type Type } from "./types.js";

export const MAX_WIDTH = 2048;
export const MAX_STACK_SIZE = 1024;
/** Deeper type definitions are refused, so no chain of typedefs can exhaust the stack. */
export const MAX_TYPE_NESTING = 200;

export class TypeResolver {
  private readonly cache = new Map<Named, Type>();
  private readonly inProgress: Named[] = [];
  /** Every resolved TypeRef, for the language server's hover and for later phases. */
  readonly refTypes = new Map<A.TypeRef, Type>();

  /** The type each type declaration names, once resolved (generic ones unspecialized). */
  get declaredTypes(): ReadonlyMap<Named, Type> {
    return this.cache;
  }

  constructor(
    private readonly env: Environment,
    private readonly constants: ConstantEvaluator,
    private readonly sink: DiagnosticSink,
  ) {}

  /**
   * The type a TypeRef denotes. `typeParams` are the type variables in scope; `bindings` give
   * some of them a type (a generic struct's fields resolved for one specialization).
   */
  resolve(
    ref: A.TypeRef,
    typeParams: ReadonlySet<string> = new Set(),
    bindings?: ReadonlyMap<string, Type>,
  ): Type {
    // Each TypeRef node is resolved (and its problems reported) once; a specialization's
    // fields are resolved again with their bindings.
    const known = this.refTypes.get(ref);
    if (known && !bindings) return known;
    const t = this.resolveUncached(ref, typeParams, bindings);
    if (!known) this.refTypes.set(ref, t);
    return t;
  }

  private resolveUncached(
    ref: A.TypeRef,
    typeParams: ReadonlySet<string>,
    bindings: ReadonlyMap<string, Type> | undefined,
  ): Type {
    switch (ref.kind) {
      case "BaseTypeRef":
        return this.base(ref);
      case "DontCareTypeRef":
        return { kind: "dontcare" };
      case "TupleTypeRef":
        return {
          kind: "tuple",
          elements: ref.elements.map((e) => this.resolve(e, typeParams, bindings)),
        };
      case "ListTypeRef":
        return { kind: "list", element: this.resolve(ref.element, typeParams, bindings) };
      case "HeaderStackTypeRef": {
        const element = this.resolve(ref.element, typeParams, bindings);
        const size = this.constants.evaluate(ref.size);
        if (size === undefined || size < 0n || size > BigInt(MAX_STACK_SIZE)) {
          this.sink.report(messages.badStackSize, ref.size.range, {
            size: printExpression(ref.size),
          });
          return UNKNOWN;
        }
        if (!isArrayElementType(element)) {
          this.sink.report(messages.badStackElement, ref.element.range, {
            type: typeToString(element),
          });
          return UNKNOWN;
        }
        return { kind: "stack", element, size: Number(size) };
      }
      case "NamedTypeRef": {
        const name = ref.name.name;
        if (!ref.global && bindings?.has(name)) return bindings.get(name)!;
        if (!ref.global && typeParams.has(name)) return { kind: "typevar", name };
        const decl = this.env.lookup(name);
        if (!decl) {
          this.env.reportUnknown(name, ref.name.range);
          return UNKNOWN;
        }
        // `_` is inferred (or reported where it may not stand): nothing to check inside.
        const args = ref.typeArgs.map((a) => {
          const t = this.resolve(a, typeParams, bindings);
          return t.kind === "dontcare" ? UNKNOWN : t;
        });
        const params = typeParametersOf(decl);
        if (args.length > 0 && params && args.length !== params.length) {
          this.sink.report(messages.typeArgumentCount, ref.range, {
            name,
            expected: params.length,
            count: args.length,
          });
          return UNKNOWN;
        }
        // A specialization's ill-formed fields are reported where it is written.
        const outer = this.specializedAt;
        if (args.length > 0) this.specializedAt = ref.range;
        const t = this.declaredType(decl, args);
        this.specializedAt = outer;
        if (!t) {
          this.sink.report(messages.notAType, ref.name.range, { name });
          return UNKNOWN;
        }
        return t;
      }
    }
  }

  private base(ref: A.BaseTypeRef): Type {
    switch (ref.base) {
      case "bool":
      case "string":
      case "error":
      case "match_kind":
      case "void":
        return { kind: ref.base };
      case "int":
      case "bit":
      case "varbit": {
        if (!ref.width) return ref.base === "int" ? { kind: "infint" } : { kind: "bit", width: 1 };
        const w = this.constants.evaluate(ref.width);
        const text = printType(ref);
        if (w === undefined) {
          this.sink.report(messages.widthNotConstant, ref.width.range, { type: text });
          return UNKNOWN;
        }
        // Zero-width types are legal (a width from a profile's macro may come out as 0).
        if (w < 0n || w > BigInt(MAX_WIDTH)) {
          this.sink.report(messages.widthOutOfRange, ref.width.range, {
            width: w,
            type: text,
            min: 0,
            max: MAX_WIDTH,
          });
          return UNKNOWN;
        }
        const width = Number(w);
        return ref.base === "varbit"
          ? { kind: "varbit", maxWidth: width }
          : { kind: ref.base, width };
      }
    }
  }

  /** The type a declaration names, or undefined if it does not name a type. */
  declaredType(decl: Named, args: readonly Type[] = []): Type | undefined {
    switch (decl.kind) {
      case "ExternObjectDeclaration":
        return { kind: "extern", name: decl.name.name, decl, args };
      case "ParserTypeDeclaration":
      case "ParserDeclaration":
        return { kind: "parser", name: decl.name.name, decl, args };
      case "ControlTypeDeclaration":
      case "ControlDeclaration":
        return { kind: "control", name: decl.name.name, decl, args };
      case "PackageTypeDeclaration":
        return { kind: "package", name: decl.name.name, decl, args };
      case "HeaderTypeDeclaration":
      case "HeaderUnionDeclaration":
      case "StructTypeDeclaration":
        // A specialization (`H<bit<8>>`) has its own fields; the generic declaration is cached.
        if (args.length > 0 && decl.typeParameters.length === args.length)
          return this.specialize(decl, args);
        return this.cached(decl);
      case "EnumDeclaration":
      case "TypedefDeclaration":
      case "NewTypeDeclaration":
        return this.cached(decl);
      case "ConstantDeclaration":
      case "VariableDeclaration":
      case "InstantiationDeclaration":
      case "ExternFunctionDeclaration":
      case "ActionDeclaration":
      case "FunctionDeclaration":
      case "TableDeclaration":
      case "ValueSetDeclaration":
        return undefined;
      default:
        return assertNever(decl, "declaration");
    }
  }

  private cached(decl: Named): Type {
    const hit = this.cache.get(decl);
    if (hit) return hit;
    const cycleStart = this.inProgress.indexOf(decl);
    if (cycleStart >= 0) {
      const chain = [...this.inProgress.slice(cycleStart), decl]
        .map((d) => `'${d.name.name}'`)
        .join(" → ");
      this.sink.report(messages.recursiveType, decl.name.range, { name: decl.name.name, chain });
      this.cache.set(decl, UNKNOWN);
      return UNKNOWN;
    }
    if (this.inProgress.length >= MAX_TYPE_NESTING) {
      this.sink.report(messages.typeNestingTooDeep, decl.name.range, {
        name: decl.name.name,
        limit: MAX_TYPE_NESTING,
      });
      this.cache.set(decl, UNKNOWN);
      return UNKNOWN;
    }
    this.inProgress.push(decl);
    try {
      const t = this.build(decl);
      if (!this.cache.has(decl)) this.cache.set(decl, t);
      return this.cache.get(decl)!;
    } finally {
      this.inProgress.pop();
    }
  }

  private readonly specializations = new Map<string, Type>();
  /** Where the specialization being built is written, for its fields' diagnostics. */
  private specializedAt: SourceRange | undefined;

  /** A field's problem: at the field, or at the specialization that made it one. */
  private reportField(
    bindings: ReadonlyMap<string, Type> | undefined,
    field: A.StructField,
    report: (range: SourceRange, related: { message: string; range: SourceRange }[]) => void,
  ): void {
    const at = bindings ? this.specializedAt : undefined;
    if (at) report(at, [{ message: "The field is declared here.", range: field.type.range }]);
    else report(field.type.range, []);
  }

  private specialize(
    decl: A.HeaderTypeDeclaration | A.HeaderUnionDeclaration | A.StructTypeDeclaration,
    args: readonly Type[],
  ): Type {
    const key = `${decl.name.name}<${args.map(typeToString).join(",")}>`;
    const hit = this.specializations.get(key);
    if (hit && hit.kind !== "unknown" && "decl" in hit && hit.decl === decl) return hit;
    const bindings = new Map(decl.typeParameters.map((p, i) => [p.name.name, args[i]!] as const));
    this.specializations.set(key, UNKNOWN);
    const t = this.build(decl, bindings, key);
    this.specializations.set(key, t);
    return t;
  }

  private build(decl: Named, bindings?: ReadonlyMap<string, Type>, name?: string): Type {
    switch (decl.kind) {
      case "HeaderTypeDeclaration": {
        const tp = new Set(decl.typeParameters.map((p) => p.name.name));
        const fields = this.fields(decl.fields, tp, bindings);
        let varbits = 0;
        for (const f of fields) {
          if (f.type.kind === "varbit") varbits++;
          if (!isHeaderFieldType(f.type)) {
            this.reportField(bindings, f.decl, (range, related) =>
              this.sink.report(
                messages.badHeaderFieldType,
                range,
                { field: f.name, header: name ?? decl.name.name, type: typeToString(f.type) },
                related,
              ),
            );
          }
        }
        if (varbits > 1)
          this.sink.report(messages.multipleVarbit, decl.name.range, { header: decl.name.name });
        return { kind: "header", name: name ?? decl.name.name, fields, decl };
      }
      case "HeaderUnionDeclaration": {
        const fields = this.fields(
          decl.fields,
          new Set(decl.typeParameters.map((p) => p.name.name)),
          bindings,
        );
        for (const f of fields) {
          if (f.type.kind !== "header" && f.type.kind !== "unknown") {
            this.reportField(bindings, f.decl, (range, related) =>
              this.sink.report(
                messages.badUnionMember,
                range,
                { field: f.name, union: name ?? decl.name.name, type: typeToString(f.type) },
                related,
              ),
            );
          }
        }
        return { kind: "union", name: name ?? decl.name.name, fields, decl };
      }
      case "StructTypeDeclaration": {
        const fields = this.fields(
          decl.fields,
          new Set(decl.typeParameters.map((p) => p.name.name)),
          bindings,
        );
        // Values of a struct are data: no instances of externs or blocks, and no void.
        for (const f of fields)
          if (["extern", "parser", "control", "package", "void"].includes(f.type.kind))
            this.reportField(bindings, f.decl, (range, related) =>
              this.sink.report(
                messages.badStructField,
                range,
                { field: f.name, struct: name ?? decl.name.name, type: typeToString(f.type) },
                related,
              ),
            );
        return { kind: "struct", name: name ?? decl.name.name, fields, decl };
      }
      case "EnumDeclaration": {
        const underlying = decl.underlyingType ? this.resolve(decl.underlyingType) : undefined;
        const seen = new Set<string>();
        for (const m of decl.members) {
          if (seen.has(m.name.name))
            this.sink.report(messages.duplicateDeclaration, m.name.range, { name: m.name.name });
          seen.add(m.name.name);
        }
        // A serializable enum is of a fixed-width integer type, with a constant for each member;
        // a plain enum's members have no values.
        if (
          underlying &&
          underlying.kind !== "bit" &&
          underlying.kind !== "int" &&
          underlying.kind !== "unknown"
        )
          this.sink.report(messages.badUnderlyingType, decl.underlyingType!.range, {
            what: `serializable enum '${decl.name.name}'`,
            type: typeToString(underlying),
            allowed: "bit<W> or int<W>",
          });
        const members = decl.members.map((m) => {
          const value = m.value ? this.constants.evaluate(m.value) : undefined;
          if (underlying && value === undefined)
            this.sink.report(messages.enumMemberValue, m.value?.range ?? m.name.range, {
              name: m.name.name,
              reason: m.value
                ? "its value must be a compile-time constant"
                : "every member of a serializable enum needs a value",
            });
          else if (!underlying && m.value)
            this.sink.report(messages.enumMemberValue, m.value.range, {
              name: m.name.name,
              reason: "only members of a serializable enum (`enum bit<W> E`) have values",
            });
          return value === undefined ? { name: m.name.name } : { name: m.name.name, value };
        });
        return underlying
          ? { kind: "enum", name: decl.name.name, underlying, members, decl }
          : { kind: "enum", name: decl.name.name, members, decl };
      }
      case "TypedefDeclaration":
      case "NewTypeDeclaration": {
        const inner = isTypeRef(decl.type)
          ? this.resolve(decl.type)
          : this.inlineDeclaration(decl.type);
        if (decl.kind === "TypedefDeclaration") return inner;
        if (!["bit", "int", "bool", "newtype", "unknown"].includes(inner.kind))
          this.sink.report(messages.badUnderlyingType, decl.type.range, {
            what: `type '${decl.name.name}'`,
            type: typeToString(inner),
            allowed: "bit<W>, int<W>, bool or another 'type'",
          });
        return { kind: "newtype", name: decl.name.name, base: inner };
      }
      case "ConstantDeclaration":
      case "VariableDeclaration":
      case "InstantiationDeclaration":
      case "ExternObjectDeclaration":
      case "ExternFunctionDeclaration":
      case "ActionDeclaration":
      case "FunctionDeclaration":
      case "ParserTypeDeclaration":
      case "ParserDeclaration":
      case "ControlTypeDeclaration":
      case "ControlDeclaration":
      case "PackageTypeDeclaration":
      case "TableDeclaration":
      case "ValueSetDeclaration":
        return UNKNOWN;
      default:
        return assertNever(decl, "declaration");
    }
  }

  private inlineDeclaration(d: A.Declaration): Type {
    if (d.kind === "ErrorDeclaration" || d.kind === "MatchKindDeclaration") return UNKNOWN;
    return this.cached(d);
  }

  private fields(
    list: readonly A.StructField[],
    tp: ReadonlySet<string>,
    bindings?: ReadonlyMap<string, Type>,
  ): FieldType[] {
    const seen = new Set<string>();
    const out: FieldType[] = [];
    for (const f of list) {
      if (seen.has(f.name.name)) {
        this.sink.report(messages.duplicateDeclaration, f.name.range, { name: f.name.name });
        continue;
      }
      seen.add(f.name.name);
      out.push({ name: f.name.name, type: this.resolve(f.type, tp, bindings), decl: f });
    }
    return out;
  }
}

/** A declaration's type parameters, for declarations that can have them. */
function typeParametersOf(d: Named): readonly A.TypeParameter[] | undefined {
  switch (d.kind) {
    case "HeaderTypeDeclaration":
    case "HeaderUnionDeclaration":
    case "StructTypeDeclaration":
    case "ExternObjectDeclaration":
    case "ParserTypeDeclaration":
    case "ParserDeclaration":
    case "ControlTypeDeclaration":
    case "ControlDeclaration":
    case "PackageTypeDeclaration":
      return d.typeParameters;
    case "ConstantDeclaration":
    case "VariableDeclaration":
    case "InstantiationDeclaration":
    case "ExternFunctionDeclaration":
    case "ActionDeclaration":
    case "FunctionDeclaration":
    case "EnumDeclaration":
    case "TypedefDeclaration":
    case "NewTypeDeclaration":
    case "TableDeclaration":
    case "ValueSetDeclaration":
      return undefined;
    default:
      return assertNever(d, "declaration");
  }
}

/** What an array (`T[N]`) may hold: headers and unions (a header stack) or other data. */
function isArrayElementType(t: Type): boolean {
  switch (t.kind) {
    case "header":
    case "union":
    case "struct":
    case "bit":
    case "int":
    case "bool":
    case "enum":
    case "newtype":
    case "error":
    case "tuple":
    case "stack":
    case "typevar":
    case "unknown":
      return true;
    case "varbit":
    case "infint":
    case "string":
    case "match_kind":
    case "void":
    case "list":
    case "extern":
    case "parser":
    case "control":
    case "package":
    case "dontcare":
      return false;
    default:
      return assertNever(t, "type");
  }
}

export function isTypeRef(x: A.TypeRef | A.Declaration): x is A.TypeRef {
  return (
    x.kind === "BaseTypeRef" ||
    x.kind === "NamedTypeRef" ||
    x.kind === "HeaderStackTypeRef" ||
    x.kind === "TupleTypeRef" ||
    x.kind === "ListTypeRef" ||
    x.kind === "DontCareTypeRef"
  );
}
