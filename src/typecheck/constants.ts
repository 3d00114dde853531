// Compile-time evaluation of integer expressions: widths, stack sizes, constants, keysets.
// Returns undefined for anything that is not a constant; callers report what they needed.

import { assertNever } from "../diagnostics/diagnostic.js";
import type * as A from "../frontend/ast.js";
import type { Environment } from "./environment.js";

/**
 * Constants defined through constants this many deep are treated as not constant rather than
 * followed further, so no chain of declarations can exhaust the stack.
 */
const MAX_CONSTANT_CHAIN = 512;

export class ConstantEvaluator {
  private readonly active = new Set<A.ConstantDeclaration>();
  /** Values of constants already evaluated, so a chain evaluated in order stays shallow. */
  private readonly values = new Map<A.ConstantDeclaration, bigint | undefined>();

  /**
   * The value of every expression evaluated without parser-local constants and outside a
   * chain being followed: such a value depends on the expression alone, so it is kept (and is
   * the checker's side table of constants).
   */
  readonly evaluated = new Map<A.Expression, bigint | undefined>();

  constructor(private readonly env: Environment) {}

  evaluate(
    e: A.Expression,
    locals?: ReadonlyMap<string, A.ConstantDeclaration>,
  ): bigint | undefined {
    if (locals || this.active.size > 0) return this.compute(e, locals);
    if (this.evaluated.has(e)) return this.evaluated.get(e);
    const v = this.compute(e, undefined);
    this.evaluated.set(e, v);
    return v;
  }

  private compute(
    e: A.Expression,
    locals: ReadonlyMap<string, A.ConstantDeclaration> | undefined,
  ): bigint | undefined {
    switch (e.kind) {
      case "IntegerLiteral":
        return e.value;
      case "BooleanLiteral":
        return e.value ? 1n : 0n;
      case "NameExpression": {
        const d = (!e.global && locals?.get(e.name.name)) || this.env.lookup(e.name.name);
        if (d?.kind !== "ConstantDeclaration" || this.active.has(d)) return undefined;
        if (this.values.has(d)) return this.values.get(d);
        if (this.active.size === 0 && !locals) this.evaluateDependencies(d);
        if (this.values.has(d)) return this.values.get(d);
        if (this.active.size >= MAX_CONSTANT_CHAIN) return undefined;
        this.active.add(d);
        try {
          const v = this.evaluate(d.value, locals);
          if (!locals?.has(e.name.name)) this.values.set(d, v);
          return v;
        } finally {
          this.active.delete(d);
        }
      }
      case "UnaryExpression": {
        const v = this.evaluate(e.operand, locals);
        if (v === undefined) return undefined;
        return e.operator === "-"
          ? -v
          : e.operator === "+"
            ? v
            : e.operator === "~"
              ? ~v
              : v === 0n
                ? 1n
                : 0n;
      }
      case "BinaryExpression": {
        const l = this.evaluate(e.left, locals);
        const r = this.evaluate(e.right, locals);
        if (l === undefined || r === undefined) return undefined;
        return binary(e.operator, l, r);
      }
      case "CastExpression": {
        const v = this.evaluate(e.operand, locals);
        const t = e.type;
        if (v === undefined || t.kind !== "BaseTypeRef" || (t.base !== "bit" && t.base !== "int"))
          return v;
        const w = t.width ? this.evaluate(t.width, locals) : 1n;
        if (w === undefined || w <= 0n || w > 4096n) return undefined;
        return t.base === "bit" ? BigInt.asUintN(Number(w), v) : BigInt.asIntN(Number(w), v);
      }
      case "SliceExpression": {
        // Bits of a constant (`W[7:0]`, `W[0 +: 4]`): of the value as written.
        const v = this.evaluate(e.object, locals);
        const a = this.evaluate(e.high, locals);
        const b = this.evaluate(e.low, locals);
        if (v === undefined || a === undefined || b === undefined) return undefined;
        const [high, low] = e.form === "plusColon" ? [b + a - 1n, b] : [a, b];
        if (low < 0n || high < low || high - low > 4096n) return undefined;
        return BigInt.asUintN(Number(high - low + 1n), v >> low);
      }
      case "TernaryExpression": {
        const c = this.evaluate(e.condition, locals);
        if (c === undefined) return undefined;
        return this.evaluate(c !== 0n ? e.then : e.else, locals);
      }
      case "StringLiteral":
      case "ThisExpression":
      case "DontCareExpression":
      case "MemberExpression":
      case "IndexExpression":
      case "CallExpression":
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

  /**
   * Evaluates the constants `d` depends on, deepest first, with an explicit stack: a chain
   * `C1 = C0 + 1; C2 = C1 + 1; ...` of any length then costs one level of recursion per constant.
   */
  private evaluateDependencies(d: A.ConstantDeclaration): void {
    const seen = new Set<A.ConstantDeclaration>([d]);
    const stack: { decl: A.ConstantDeclaration; expanded: boolean }[] = [
      { decl: d, expanded: false },
    ];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (!top.expanded) {
        top.expanded = true;
        for (const dep of this.constantsUsedBy(top.decl.value)) {
          if (this.values.has(dep) || seen.has(dep)) continue;
          seen.add(dep);
          stack.push({ decl: dep, expanded: false });
        }
        continue;
      }
      stack.pop();
      if (this.values.has(top.decl)) continue;
      this.active.add(top.decl);
      try {
        this.values.set(top.decl, this.evaluate(top.decl.value));
      } finally {
        this.active.delete(top.decl);
      }
    }
  }

  /** The constant declarations an expression names (expressions are at most 256 deep). */
  private constantsUsedBy(e: A.Expression): A.ConstantDeclaration[] {
    switch (e.kind) {
      case "NameExpression": {
        const d = this.env.lookup(e.name.name);
        return d?.kind === "ConstantDeclaration" ? [d] : [];
      }
      case "UnaryExpression":
      case "CastExpression":
        return this.constantsUsedBy(e.operand);
      case "BinaryExpression":
        return [...this.constantsUsedBy(e.left), ...this.constantsUsedBy(e.right)];
      case "TernaryExpression":
        return [
          ...this.constantsUsedBy(e.condition),
          ...this.constantsUsedBy(e.then),
          ...this.constantsUsedBy(e.else),
        ];
      case "IntegerLiteral":
      case "BooleanLiteral":
      case "StringLiteral":
      case "ThisExpression":
      case "DontCareExpression":
      case "MemberExpression":
      case "IndexExpression":
      case "SliceExpression":
      case "CallExpression":
      case "ListExpression":
      case "StructExpression":
      case "InvalidHeaderExpression":
      case "TypeExpression":
      case "MaskExpression":
      case "RangeExpression":
        return [];
      default:
        return assertNever(e, "expression");
    }
  }
}

function binary(op: A.BinaryOperator, l: bigint, r: bigint): bigint | undefined {
  const bool = (b: boolean): bigint => (b ? 1n : 0n);
  switch (op) {
    case "+":
    case "|+|":
      return l + r;
    case "-":
    case "|-|":
      return l - r;
    case "*":
      return l * r;
    case "/":
      return r === 0n ? undefined : l / r;
    case "%":
      return r === 0n ? undefined : l % r;
    case "<<":
      return r < 0n || r > 4096n ? undefined : l << r;
    case ">>":
      return r < 0n ? undefined : l >> r;
    case "&":
      return l & r;
    case "|":
      return l | r;
    case "^":
      return l ^ r;
    case "==":
      return bool(l === r);
    case "!=":
      return bool(l !== r);
    case "<":
      return bool(l < r);
    case "<=":
      return bool(l <= r);
    case ">":
      return bool(l > r);
    case ">=":
      return bool(l >= r);
    case "&&":
      return bool(l !== 0n && r !== 0n);
    case "||":
      return bool(l !== 0n || r !== 0n);
    case "++":
      return undefined;
  }
}
