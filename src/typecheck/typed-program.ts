// The type checker's result: the AST (never mutated) plus side tables keyed by node identity, the
// one record of what the program means. Later phases (the IR lowering, the language server's
// hover, definition and completion) read only this; they never resolve names, types or constants
// again. docs/ARCHITECTURE.md ("Side tables") says which table holds which fact.

import type * as A from "../frontend/ast.js";
import type { Extractor } from "./architecture.js";
import type { Environment, Named } from "./environment.js";
import type { Type } from "./types.js";

/** What a call resolved to: the checker's one recognition of each callee. */
export type CallTarget =
  | {
      readonly kind: "packet";
      readonly method: "extract" | "lookahead" | "advance" | "length";
    }
  | { readonly kind: "verify" }
  | { readonly kind: "action"; readonly decl: A.ActionDeclaration }
  | { readonly kind: "externFunction"; readonly decl: A.ExternFunctionDeclaration }
  | { readonly kind: "function"; readonly decl: A.FunctionDeclaration }
  | { readonly kind: "constructor"; readonly decl: A.ExternObjectDeclaration }
  | {
      readonly kind: "externMethod";
      readonly decl: A.ExternObjectDeclaration;
      readonly method: A.MethodPrototype;
    }
  | { readonly kind: "tableApply"; readonly table: A.TableDeclaration }
  | { readonly kind: "apply"; readonly decl: A.ParserDeclaration | A.ControlDeclaration }
  | { readonly kind: "validity"; readonly method: "isValid" | "setValid" | "setInvalid" }
  | { readonly kind: "stackShift"; readonly method: "push_front" | "pop_front" }
  | { readonly kind: "sizeOf"; readonly method: string };

/** What a name use denotes: a declaration, a parameter, a parser state or a loop variable. */
export type Referent = A.Declaration | A.Parameter | A.ParserState | A.Identifier;

export interface TypedProgram {
  readonly program: A.Program;
  /** Top-level declarations by name (overloads in declaration order). */
  readonly declarations: Environment["declarations"];
  /** The semantic type of every TypeRef the checker resolved. */
  readonly typeRefs: ReadonlyMap<A.TypeRef, Type>;
  /** The type each type declaration (header, struct, union, enum, typedef, type) names. */
  readonly declaredTypes: ReadonlyMap<Named, Type>;
  /**
   * The type of every expression the checker typed (`unknown` after an earlier error). For an
   * unsized integer (one in `unsized`) it is the type it takes where it stands: the other
   * operand's, the target's of an assignment or cast, the key's in a keyset, bit<32> as a shift
   * amount, a stack index or a packet_in bit count; `infint` where nothing gives it one.
   */
  readonly expressionTypes: ReadonlyMap<A.Expression, Type>;
  /** The unsized integer expressions: `int` literals and constants, and arithmetic on them. */
  readonly unsized: ReadonlySet<A.Expression>;
  /**
   * The compile-time value of every expression the checker typed or evaluated (bounds, counts,
   * sizes), read without parser-local constants: undefined when it is not a constant.
   */
  readonly constants: ReadonlyMap<A.Expression, bigint | undefined>;
  /** The callee every call resolved to (packet_in's methods included). */
  readonly calls: ReadonlyMap<A.CallExpression, CallTarget>;
  /** The declaration of every name used as a value, a type or a transition target. */
  readonly references: ReadonlyMap<A.Identifier, Referent>;
  /** Error members with their codes: core.p4's standard errors first, then the program's own. */
  readonly errors: readonly { readonly name: string; readonly code: number }[];
  readonly matchKinds: readonly string[];
  /** The parser that becomes the flow extractor, when one was found. */
  readonly extractor?: Extractor;
}
