// The state the body checker carries while it walks one parser, control, action or constant:
// the scopes of local names and their types, the enclosing declaration's read-only parameters,
// its tables and callable actions, and (in parsers) the headers that may be valid at the
// statement being checked; plus the small type predicates the checker's parts share. The
// checker itself is split by construct: expressions (check-expressions.ts), calls
// (check-calls.ts), statements (check-statements.ts) and whole bodies (check-bodies.ts), each a
// layer over the one before.

import { assertNever } from "../diagnostics/diagnostic.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import type { ConstantEvaluator } from "./constants.js";
import type { Environment } from "./environment.js";
import type { ValidHeaders } from "./header-flow.js";
import type { TypeResolver } from "./resolve-types.js";
import type { Type } from "./types.js";
import type { CallTarget } from "./typed-program.js";

export const U32: Type = { kind: "bit", width: 32 };
export const isInt = (t: Type) => t.kind === "bit" || t.kind === "int";
export const known = (t: Type) => t.kind !== "unknown";

export abstract class BodyCheckState {
  protected scopes: Map<string, Type>[] = [];

  /**
   * Side tables of the checker's result: every typed expression's type (an unsized integer's is
   * the type it takes where it stands, see ExpressionChecker.settle), every call's callee.
   */
  readonly expressionTypes = new Map<A.Expression, Type>();
  /** The unsized integer expressions: `int` literals and constants, and arithmetic on them. */
  readonly unsized = new Set<A.Expression>();
  readonly calls = new Map<A.CallExpression, CallTarget>();

  constructor(
    protected readonly env: Environment,
    protected readonly types: TypeResolver,
    protected readonly constants: ConstantEvaluator,
    protected sink: DiagnosticSink,
  ) {}

  /** `in` parameters of the parser or control being checked: they cannot be assigned. */
  protected readOnly = new Set<string>();

  /** Header paths that may be valid at the statement being checked (parsers only). */
  protected validHere: ValidHeaders | undefined;
  /** The parser's `out` parameters: the headers under them start invalid. */
  protected outRoots = new Set<string>();
  /** Parser locals and state variables not referenced yet (what is left is unused). */
  protected declared = new Map<string, A.Identifier>();

  /** The tables of the control being checked, by name. */
  protected tables = new Map<string, A.TableDeclaration>();

  /** Actions callable by name where the checked body is: top-level ones and the control's. */
  protected actions = new Map<string, A.ActionDeclaration>();

  protected topActions = new Map<string, A.ActionDeclaration>();

  /** Set while typing an assignment's target: writing a field is not reading it. */
  protected assigning = false;

  protected lookup(name: string): Type | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const t = this.scopes[i]!.get(name);
      if (t) return t;
    }
    return undefined;
  }
}

/** The variable an lvalue is rooted at (`hdr` for `hdr.ipv4.ttl`). */
export function rootName(e: A.Expression): string | undefined {
  switch (e.kind) {
    case "NameExpression":
      return e.name.name;
    case "MemberExpression":
    case "IndexExpression":
    case "SliceExpression":
      return rootName(e.object);
    case "IntegerLiteral":
    case "BooleanLiteral":
    case "StringLiteral":
    case "ThisExpression":
    case "DontCareExpression":
    case "CallExpression":
    case "UnaryExpression":
    case "BinaryExpression":
    case "TernaryExpression":
    case "CastExpression":
    case "ListExpression":
    case "StructExpression":
    case "InvalidHeaderExpression":
    case "TypeExpression":
    case "MaskExpression":
    case "RangeExpression":
      return undefined;
    default:
      return assertNever(e, "expression");
  }
}

/** A serializable enum's underlying type; any other type as it is. */
export function underlying(t: Type): Type {
  return t.kind === "enum" && t.underlying ? t.underlying : t;
}
