// What the IR lowering knows about the program's meaning, read from the checker's side tables
// (typecheck/typed-program.ts): the declaration a name refers to, the type a TypeRef or a type
// declaration denotes, an expression's constant value and the callee a call resolved to. The
// lowering never resolves names, types or constants itself. A fact the tables lack is a checker
// bug: it reads as "not known" (the construct is then reported as unsupported, never guessed),
// and `missed` hears of it, so tests can require that it never happens.

import type * as A from "../frontend/ast.js";
import type { SourceRange } from "../frontend/source.js";
import type { Named } from "../typecheck/environment.js";
import type { CallTarget, Referent, TypedProgram } from "../typecheck/typed-program.js";
import { UNKNOWN, type Type } from "../typecheck/types.js";

/** Told of every fact the lowering asked for and the checker's tables did not hold. */
export type MissedFact = (what: string, range: SourceRange) => void;

export class LoweringFacts {
  constructor(
    private readonly typed: TypedProgram,
    private readonly missed: MissedFact = () => {},
  ) {}

  /** The type a TypeRef denotes. */
  typeOf(ref: A.TypeRef): Type {
    const t = this.typed.typeRefs.get(ref);
    if (t) return t;
    this.missed("the type of a type reference", ref.range);
    return UNKNOWN;
  }

  /** The type a type declaration names (enums, typedefs, headers, structs). */
  declaredType(d: Named): Type | undefined {
    return this.typed.declaredTypes.get(d);
  }

  /** An expression's compile-time value (without parser-local constants), if it is one. */
  constant(e: A.Expression): bigint | undefined {
    if (!this.typed.constants.has(e)) this.missed("the constant value of an expression", e.range);
    return this.typed.constants.get(e);
  }

  /** The declaration a name use refers to. */
  declarationOf(id: A.Identifier): Referent | undefined {
    return this.typed.references.get(id);
  }

  /** The type the checker gave an expression. */
  expressionType(e: A.Expression): Type {
    const t = this.typed.expressionTypes.get(e);
    if (t) return t;
    this.missed("the type of an expression", e.range);
    return UNKNOWN;
  }

  /**
   * For an unsized integer expression, the type it takes where it stands (`infint` where
   * nothing gives it one); undefined for every other expression. The checker decides it.
   */
  unsizedType(e: A.Expression): Type | undefined {
    if (!this.typed.unsized.has(e)) return undefined;
    const t = this.typed.expressionTypes.get(e);
    if (t) return t;
    this.missed("the type of an unsized integer", e.range);
    return UNKNOWN;
  }

  /** Tells of a fact the lowering needed and the tables did not give. */
  miss(what: string, range: SourceRange): void {
    this.missed(what, range);
  }

  /** The callee a call resolved to. */
  callee(e: A.CallExpression): CallTarget | undefined {
    return this.typed.calls.get(e);
  }
}
