// The semantic type model: what a TypeRef or an expression denotes once names are resolved and
// widths evaluated. Readonly discriminated unions; `unknown` stands for a type that could not be
// determined because of an error already reported, so that one mistake gives one diagnostic.

import { assertNever } from "../diagnostics/diagnostic.js";
import type * as A from "../frontend/ast.js";

export interface FieldType {
  readonly name: string;
  readonly type: Type;
  readonly decl: A.StructField;
}

export type Type =
  | { readonly kind: "bit"; readonly width: number }
  | { readonly kind: "int"; readonly width: number }
  | { readonly kind: "varbit"; readonly maxWidth: number }
  | { readonly kind: "bool" }
  /** The arbitrary-precision type of unsized integer literals and constants. */
  | { readonly kind: "infint" }
  | { readonly kind: "string" }
  | { readonly kind: "error" }
  | { readonly kind: "match_kind" }
  | { readonly kind: "void" }
  | {
      readonly kind: "enum";
      readonly name: string;
      readonly underlying?: Type;
      readonly members: readonly { readonly name: string; readonly value?: bigint }[];
      readonly decl: A.EnumDeclaration;
    }
  | {
      readonly kind: "header";
      readonly name: string;
      readonly fields: readonly FieldType[];
      readonly decl: A.HeaderTypeDeclaration;
    }
  | {
      readonly kind: "union";
      readonly name: string;
      readonly fields: readonly FieldType[];
      readonly decl: A.HeaderUnionDeclaration;
    }
  | {
      readonly kind: "struct";
      readonly name: string;
      readonly fields: readonly FieldType[];
      readonly decl: A.StructTypeDeclaration;
    }
  | { readonly kind: "stack"; readonly element: Type; readonly size: number }
  | { readonly kind: "tuple"; readonly elements: readonly Type[] }
  | { readonly kind: "list"; readonly element: Type }
  | { readonly kind: "newtype"; readonly name: string; readonly base: Type }
  | {
      readonly kind: "extern";
      readonly name: string;
      readonly decl: A.ExternObjectDeclaration;
      readonly args: readonly Type[];
    }
  | {
      readonly kind: "parser" | "control" | "package";
      readonly name: string;
      readonly decl:
        | A.ParserTypeDeclaration
        | A.ParserDeclaration
        | A.ControlTypeDeclaration
        | A.ControlDeclaration
        | A.PackageTypeDeclaration;
      readonly args: readonly Type[];
    }
  | { readonly kind: "typevar"; readonly name: string }
  | { readonly kind: "dontcare" }
  | { readonly kind: "unknown" };

export const UNKNOWN: Type = { kind: "unknown" };
export const BOOL: Type = { kind: "bool" };
export const INFINT: Type = { kind: "infint" };
export const ERROR_TYPE: Type = { kind: "error" };
export const bit = (width: number): Type => ({ kind: "bit", width });

export function typeToString(t: Type): string {
  switch (t.kind) {
    case "bit":
    case "int":
      return `${t.kind}<${t.width}>`;
    case "varbit":
      return `varbit<${t.maxWidth}>`;
    case "infint":
      return "int";
    case "bool":
    case "string":
    case "error":
    case "match_kind":
    case "void":
      return t.kind;
    case "stack":
      return `${typeToString(t.element)}[${t.size}]`;
    case "tuple":
      return `tuple<${t.elements.map(typeToString).join(", ")}>`;
    case "list":
      return `list<${typeToString(t.element)}>`;
    case "extern":
    case "parser":
    case "control":
    case "package":
      return t.args.length ? `${t.name}<${t.args.map(typeToString).join(", ")}>` : t.name;
    case "enum":
    case "header":
    case "union":
    case "struct":
    case "newtype":
    case "typevar":
      return t.name;
    case "dontcare":
      return "_";
    case "unknown":
      return "<unknown>";
  }
}

/**
 * The width in bits of a fixed-width serializable type (a header's or struct's is the sum of its
 * fields'), or undefined for every other type (a varbit or anything not serializable).
 */
export function fixedWidth(t: Type): number | undefined {
  switch (t.kind) {
    case "bit":
    case "int":
      return t.width;
    case "bool":
      return 1;
    case "enum":
      return t.underlying ? fixedWidth(t.underlying) : undefined;
    case "newtype":
      return fixedWidth(t.base);
    case "header":
    case "struct": {
      let sum = 0;
      for (const f of t.fields) {
        const w = fixedWidth(f.type);
        if (w === undefined) return undefined;
        sum += w;
      }
      return sum;
    }
    case "varbit":
    case "infint":
    case "string":
    case "error":
    case "match_kind":
    case "void":
    case "union":
    case "stack":
    case "tuple":
    case "list":
    case "extern":
    case "parser":
    case "control":
    case "package":
    case "typevar":
    case "dontcare":
    case "unknown":
      return undefined;
    default:
      return assertNever(t, "type");
  }
}

/**
 * Types the spec allows as header fields: bit-strings, varbits, bools, serializable enums, and
 * structs of fixed-width ones; a generic header's type variable is checked when specialized.
 */
export function isHeaderFieldType(t: Type, inStruct = false): boolean {
  switch (t.kind) {
    case "bit":
    case "int":
    case "bool":
    case "unknown":
    case "typevar":
      return true;
    case "varbit":
      return !inStruct;
    case "enum":
      return t.underlying !== undefined;
    case "newtype":
      return isHeaderFieldType(t.base, inStruct);
    case "struct":
      return t.fields.every((f) => isHeaderFieldType(f.type, true));
    case "infint":
    case "string":
    case "error":
    case "match_kind":
    case "void":
    case "header":
    case "union":
    case "stack":
    case "tuple":
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

export function equalTypes(a: Type, b: Type): boolean {
  if (a.kind === "unknown" || b.kind === "unknown") return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "bit":
    case "int":
      return a.width === (b as typeof a).width;
    case "varbit":
      return a.maxWidth === (b as typeof a).maxWidth;
    case "stack":
      return a.size === (b as typeof a).size && equalTypes(a.element, (b as typeof a).element);
    case "tuple": {
      const bt = b as typeof a;
      return (
        a.elements.length === bt.elements.length &&
        a.elements.every((e, i) => equalTypes(e, bt.elements[i]!))
      );
    }
    case "enum":
    case "header":
    case "union":
    case "struct":
    case "newtype":
    case "extern":
    case "parser":
    case "control":
    case "package":
    case "typevar":
      return a.name === (b as typeof a).name;
    case "bool":
    case "infint":
    case "string":
    case "error":
    case "match_kind":
    case "void":
    case "list":
    case "dontcare":
      return true;
    default:
      return assertNever(a, "type");
  }
}
