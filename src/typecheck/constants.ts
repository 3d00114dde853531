// Compile-time evaluation of integer expressions: widths, stack sizes, constants, keysets.
// Returns undefined for anything that is not a constant; callers report what they needed.

import type * as A from "../frontend/ast.js";
import type { Environment } from "./environment.js";

export class ConstantEvaluator {
  private readonly active = new Set<A.ConstantDeclaration>();

  constructor(private readonly env: Environment) {}

  evaluate(
    e: A.Expression,
    locals?: ReadonlyMap<string, A.ConstantDeclaration>,
  ): bigint | undefined {
    switch (e.kind) {
      case "IntegerLiteral":
        return e.value;
      case "BooleanLiteral":
        return e.value ? 1n : 0n;
      case "NameExpression": {
        const d = (!e.global && locals?.get(e.name.name)) || this.env.lookup(e.name.name);
        if (d?.kind !== "ConstantDeclaration" || this.active.has(d)) return undefined;
        this.active.add(d);
        try {
          return this.evaluate(d.value, locals);
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
      default:
        return undefined;
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
