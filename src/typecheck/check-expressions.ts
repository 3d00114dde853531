// Expression typing for the body checker: each expression gets a type from its operands by the
// spec's rules (same-type arithmetic and comparison, unsized integers taking the other operand's
// type, bool conditions, slices within the width, the legal casts); values stored into a target
// (assignments, initializers, arguments) must fit it. A rule broken is one 23xx diagnostic at the
// expression, and an expression whose type cannot be known (after an earlier error) is `unknown`
// and stays silent. Calls are typed by the layer above (check-calls.ts).

import { assertNever } from "../diagnostics/diagnostic.js";
import { messages } from "../diagnostics/catalog.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import { printExpression } from "../frontend/printer.js";
import { closest } from "./suggest.js";
import { BOOL, equalTypes, INFINT, typeToString, UNKNOWN, type Type } from "./types.js";
import { BodyCheckState, isInt, known, U32, underlying } from "./body-check-state.js";

export abstract class ExpressionChecker extends BodyCheckState {
  /** A call's type and checks: see check-calls.ts. */
  protected abstract call(e: A.CallExpression): Type;

  /**
   * Whether e can be written: a variable or parameter other than an `in` parameter of the
   * enclosing parser or control, or a field, element or slice of one; a stack's `last`,
   * `lastIndex` and `size` are read-only.
   */
  protected isLValue(e: A.Expression): boolean {
    switch (e.kind) {
      case "NameExpression": {
        const t = this.lookup(e.name.name);
        if (t === undefined) return false;
        return !(this.readOnly.has(e.name.name) && t === this.scopes[0]!.get(e.name.name));
      }
      case "MemberExpression":
        if (
          ["last", "lastIndex", "size"].includes(e.member.name) &&
          this.typeQuietly(e.object).kind === "stack"
        )
          return false;
        return this.isLValue(e.object);
      case "IndexExpression":
      case "SliceExpression":
        return this.isLValue(e.object);
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
        return false;
      default:
        return assertNever(e, "expression");
    }
  }

  /** An expression's type without its diagnostics (already reported where it is typed). */
  protected typeQuietly(e: A.Expression): Type {
    const sink = this.sink;
    const declared = this.declared;
    this.sink = new DiagnosticSink();
    this.declared = new Map(declared);
    try {
      return this.type(e);
    } finally {
      this.sink = sink;
      this.declared = declared;
    }
  }

  protected condition(e: A.Expression, what: string): void {
    const t = this.type(e);
    if (known(t) && t.kind !== "bool")
      this.sink.report(messages.notBool, e.range, { what, type: typeToString(t) });
  }

  /** `value` stored into something of type `target`. */
  protected assignable(target: Type, value: A.Expression, name: string): void {
    if (value.kind === "StructExpression" || value.kind === "ListExpression") {
      this.structureValue(target, value);
      return;
    }
    if (value.kind === "InvalidHeaderExpression") return;
    const given = this.type(value);
    if (!known(given) || !known(target)) return;
    // A serializable enum's value goes where its underlying type does (spec: implicit casts).
    const v = equalTypes(target, given) ? given : underlying(given);
    if (v.kind === "infint" && isInt(target)) {
      this.fits(value, target);
      this.settle(value, target);
      return;
    }
    // An `int` (a parameter, say) takes a sized constant's value.
    if (target.kind === "infint" && isInt(v) && this.constants.evaluate(value) !== undefined)
      return;
    if (!equalTypes(target, v) && !(target.kind === "newtype" && equalTypes(target.base, v)))
      this.sink.report(messages.assignType, value.range, {
        value: typeToString(given),
        target: name,
        type: typeToString(target),
      });
  }

  /**
   * A list or key-value list given to a struct, header or tuple: one value for each field (by
   * name for key-value lists; `...` stands for the rest), each fitting its field. Other targets
   * (a type variable, an extern's parameter) only have the values typed.
   */
  protected structureValue(target: Type, value: A.StructExpression | A.ListExpression): void {
    const fields =
      target.kind === "struct" || target.kind === "header"
        ? target.fields.map((f) => ({ name: f.name, type: f.type }))
        : target.kind === "tuple" && value.kind === "ListExpression"
          ? target.elements.map((t, i) => ({ name: `element ${i}`, type: t }))
          : undefined;
    const values: readonly (readonly [string | undefined, A.Expression, A.Identifier?])[] =
      value.kind === "StructExpression"
        ? value.members.map((m) => [m.name.name, m.value, m.name] as const)
        : value.elements.map((x) => [undefined, x] as const);
    if (!fields) {
      values.forEach(([, v]) => this.type(v));
      return;
    }
    const type = typeToString(target);
    const bad = (reason: string, at: A.Node = value) => {
      this.sink.report(messages.structValueFields, at.range, { type, reason });
      values.forEach(([, v]) => this.type(v));
    };
    if (value.kind === "ListExpression") {
      const n = values.length;
      if (n > fields.length || (n < fields.length && !value.hasRest))
        return bad(`it has ${fields.length} field(s), and ${n} value(s) are given`);
      values.forEach(([, v], i) => this.assignable(fields[i]!.type, v, fields[i]!.name));
      return;
    }
    const seen = new Set<string>();
    for (const [n, , id] of values) {
      if (!fields.some((f) => f.name === n)) return bad(`it has no field '${n}'`, id);
      if (seen.has(n!)) return bad(`field '${n}' is given twice`, id);
      seen.add(n!);
    }
    const missing = fields.find((f) => !seen.has(f.name));
    if (missing && !value.hasRest) return bad(`no value is given for field '${missing.name}'`);
    for (const [n, v] of values)
      this.assignable(fields.find((f) => f.name === n)!.type, v, `field '${n}'`);
  }

  /** Warns when a constant does not fit the type it takes. */
  protected fits(e: A.Expression, t: Type): void {
    if (!isInt(t) || (t.kind !== "bit" && t.kind !== "int")) return;
    const v = this.constants.evaluate(e);
    if (v === undefined) return;
    const w = BigInt(t.width);
    const ok =
      t.kind === "bit" ? v >= 0n && v < 1n << w : v >= -(1n << (w - 1n)) && v < 1n << (w - 1n);
    if (!ok)
      this.sink.report(messages.literalOverflow, e.range, {
        value: String(v),
        type: typeToString(t),
        truncated: String(
          t.kind === "bit" ? BigInt.asUintN(t.width, v) : BigInt.asIntN(t.width, v),
        ),
      });
  }

  /**
   * The type of `e`, recorded with its constant value in the side tables. An unsized integer is
   * recorded as unsized, and keeps the type it took where it stands if it was typed before.
   */
  type(e: A.Expression): Type {
    const t = this.typeOf(e);
    if (t.kind !== "infint") this.expressionTypes.set(e, t);
    else {
      this.unsized.add(e);
      if (!this.expressionTypes.has(e)) this.expressionTypes.set(e, t);
    }
    this.constants.evaluate(e);
    return t;
  }

  /**
   * The one home of the unsized-integer rule: an unsized integer expression takes the type `t`
   * of where it stands, recorded in expressionTypes for it and for the unsized operands it is
   * computed from (a shift's amount keeps its own). The IR lowering reads it from there.
   */
  protected settle(e: A.Expression, t: Type): void {
    if (!this.unsized.has(e) || !known(t) || t.kind === "infint") return;
    this.expressionTypes.set(e, t);
    if (e.kind === "UnaryExpression") this.settle(e.operand, t);
    else if (e.kind === "TernaryExpression") {
      this.settle(e.then, t);
      this.settle(e.else, t);
    } else if (e.kind === "BinaryExpression") {
      this.settle(e.left, t);
      if (e.operator !== "<<" && e.operator !== ">>") this.settle(e.right, t);
    }
  }

  /**
   * The unsized operands of `left op right` take their types: the other operand's for arithmetic
   * and comparisons, bit<32> for a shift amount. `left` is undefined for a compound assignment's
   * target, which is never unsized.
   */
  protected settleOperands(
    op: A.BinaryOperator,
    leftType: Type,
    rightType: Type,
    left: A.Expression | undefined,
    right: A.Expression,
  ): void {
    if (op === "<<" || op === ">>") return this.settle(right, U32);
    if (op === "&&" || op === "||" || op === "++") return;
    if (left) this.settle(left, underlying(rightType));
    this.settle(right, underlying(leftType));
  }

  private typeOf(e: A.Expression): Type {
    switch (e.kind) {
      case "IntegerLiteral": {
        if (e.width === undefined) return INFINT;
        const t: Type = { kind: e.signed ? "int" : "bit", width: e.width };
        // `8w256` does not fit its own width.
        if (e.value >= 1n << BigInt(e.width)) this.fits(e, t);
        return t;
      }
      case "BooleanLiteral":
        return BOOL;
      case "StringLiteral":
        return { kind: "string" };
      case "NameExpression": {
        if (!e.global) this.declared.delete(e.name.name);
        const local = e.global ? undefined : this.lookup(e.name.name);
        if (local) return local;
        const d = this.env.lookup(e.name.name);
        if (d?.kind === "ConstantDeclaration") return this.types.resolve(d.type);
        return UNKNOWN;
      }
      case "MemberExpression":
        return this.member(e);
      case "IndexExpression": {
        const t = this.type(e.object);
        this.type(e.index);
        this.settle(e.index, U32);
        if (t.kind === "stack") {
          const i = this.constants.evaluate(e.index);
          if (i !== undefined && (i < 0n || i >= BigInt(t.size)))
            this.sink.report(messages.stackIndexRange, e.index.range, {
              index: String(i),
              size: t.size,
              last: t.size - 1,
            });
          return t.element;
        }
        if (known(t)) this.sink.report(messages.notIndexable, e.range, { type: typeToString(t) });
        return UNKNOWN;
      }
      case "SliceExpression":
        return this.slice(e);
      case "UnaryExpression": {
        const t = underlying(this.type(e.operand));
        if (!known(t)) return t;
        if (e.operator === "!") {
          if (t.kind !== "bool")
            this.sink.report(messages.operatorType, e.range, { op: "!", type: typeToString(t) });
          return BOOL;
        }
        if (!isInt(t) && t.kind !== "infint") {
          this.sink.report(messages.operatorType, e.range, {
            op: e.operator,
            type: typeToString(t),
          });
          return UNKNOWN;
        }
        return t;
      }
      case "BinaryExpression": {
        const l = this.type(e.left);
        const r = this.type(e.right);
        this.settleOperands(e.operator, l, r, e.left, e.right);
        return this.binaryType(e.operator, l, r, e.range, e);
      }
      case "TernaryExpression": {
        this.condition(e.condition, "The condition of '?:'");
        const a = this.type(e.then);
        const b = this.type(e.else);
        this.settle(e.then, b);
        this.settle(e.else, a);
        if (a.kind === "infint") return b;
        if (b.kind === "infint") return a;
        if (known(a) && known(b) && !equalTypes(a, b)) {
          this.sink.report(messages.operandTypes, e.range, {
            op: "?:",
            left: typeToString(a),
            right: typeToString(b),
          });
          return UNKNOWN;
        }
        return a;
      }
      case "CastExpression":
        return this.cast(e);
      case "CallExpression":
        return this.call(e);
      case "ListExpression":
        return { kind: "tuple", elements: e.elements.map((x) => this.type(x)) };
      case "StructExpression":
        // Its type comes from where it goes (assignable() checks that); its values are typed.
        e.members.forEach((f) => this.type(f.value));
        return UNKNOWN;
      case "DontCareExpression":
        // `_` is allowed as an argument and in keysets, which never type it.
        if (e.range.start.line > 0) this.sink.report(messages.dontCareHere, e.range, {});
        return UNKNOWN;
      case "ThisExpression":
      case "InvalidHeaderExpression":
      case "TypeExpression":
      case "MaskExpression":
      case "RangeExpression":
        return UNKNOWN;
      default:
        return assertNever(e, "expression");
    }
  }

  protected member(e: A.MemberExpression): Type {
    const m = e.member.name;
    const o = e.object;
    if (
      o.kind === "CallExpression" &&
      o.callee.kind === "MemberExpression" &&
      o.callee.member.name === "apply" &&
      o.callee.object.kind === "NameExpression" &&
      this.tables.has(o.callee.object.name.name)
    ) {
      this.type(o);
      if (m === "hit" || m === "miss") return BOOL;
      if (m !== "action_run")
        this.sink.report(messages.noSuchField, e.member.range, {
          field: m,
          type: `${o.callee.object.name.name}.apply()`,
          hint: " (it has hit, miss and action_run)",
        });
      return UNKNOWN;
    }
    if (e.object.kind === "NameExpression" && !this.lookup(e.object.name.name)) {
      const ns = e.object.name.name;
      if (ns === "error") return { kind: "error" };
      const d = this.env.lookup(ns);
      if (d) {
        const t = this.types.declaredType(d);
        if (t?.kind === "enum") return t;
        if (t?.kind === "newtype" && t.base.kind === "enum") return t;
      }
    }
    const t = this.type(e.object);
    switch (t.kind) {
      case "header":
      case "struct":
      case "union": {
        const f = t.fields.find((x) => x.name === m);
        if (f) {
          if (t.kind === "header") this.readField(e);
          return f.type;
        }
        const guess = closest(
          m,
          t.fields.map((x) => x.name),
        );
        this.sink.report(messages.noSuchField, e.member.range, {
          type: typeToString(t),
          field: m,
          hint: guess ? ` (did you mean '${guess}'?)` : "",
        });
        return UNKNOWN;
      }
      case "stack": {
        if (m === "next" || m === "last") return t.element;
        if (m === "lastIndex" || m === "size") return U32;
        const guess = closest(m, ["next", "last", "lastIndex", "size"]);
        this.sink.report(messages.noSuchField, e.member.range, {
          type: typeToString(t),
          field: m,
          hint: guess ? ` (did you mean '${guess}'?)` : "",
        });
        return UNKNOWN;
      }
      case "bit":
      case "int":
      case "bool":
      case "varbit":
      case "infint":
      case "error":
      case "enum":
      case "match_kind":
      case "string":
      case "tuple":
      case "void":
      case "newtype":
        this.sink.report(messages.noSuchField, e.member.range, {
          type: typeToString(t),
          field: m,
          hint: "",
        });
        return UNKNOWN;
      case "list":
      case "extern":
      case "parser":
      case "control":
      case "package":
      case "typevar":
      case "dontcare":
      case "unknown":
        if (known(t))
          this.sink.report(messages.notChecked, e.range, {
            what: `member '${m}' of a value of type '${typeToString(t)}'`,
          });
        return UNKNOWN;
      default:
        return assertNever(t, "type");
    }
  }

  /** A header field read where its header cannot be valid yet reads as 0: worth a warning. */
  protected readField(e: A.MemberExpression): void {
    if (!this.validHere || this.assigning) return;
    const header = printExpression(e.object);
    const root = header.split(/[.[]/)[0]!;
    if (!this.outRoots.has(root) || /[[\]]|\.(last|next)\b/.test(header)) return;
    // A union member is valid when its union is extracted or assigned as a whole.
    if (this.validHere.mayBeValid(header)) return;
    this.sink.report(messages.readBeforeExtract, e.range, {
      field: printExpression(e),
      header,
    });
  }

  protected slice(e: A.SliceExpression): Type {
    const t = underlying(this.type(e.object));
    if (!known(t)) return t;
    if (!isInt(t)) {
      this.sink.report(messages.badSlice, e.range, {
        text: printExpression(e),
        reason: `only bit<W> and int<W> values can be sliced, not '${typeToString(t)}'`,
      });
      return UNKNOWN;
    }
    const w = (t as { width: number }).width;
    const a = this.constants.evaluate(e.high);
    const b = this.constants.evaluate(e.low);
    if (a === undefined || b === undefined) {
      this.sink.report(messages.badSlice, e.range, {
        text: printExpression(e),
        reason: "its bounds must be compile-time constants",
      });
      return UNKNOWN;
    }
    const [high, low] = e.form === "plusColon" ? [b + a - 1n, b] : [a, b];
    if (low < 0n || high < low || high >= BigInt(w)) {
      this.sink.report(messages.badSlice, e.range, {
        text: printExpression(e),
        reason: `bits ${high}..${low} are not within the ${w} bits of '${typeToString(t)}'`,
      });
      return UNKNOWN;
    }
    return { kind: "bit", width: Number(high - low + 1n) };
  }

  protected cast(e: A.CastExpression): Type {
    const to = this.types.resolve(e.type);
    if (e.operand.kind === "StructExpression" || e.operand.kind === "ListExpression") {
      if (known(to)) this.structureValue(to, e.operand);
      return to;
    }
    const from = this.type(e.operand);
    this.settle(e.operand, to);
    if (!known(to) || !known(from)) return to;
    const base = (t: Type): Type =>
      t.kind === "newtype" ? base(t.base) : t.kind === "enum" && t.underlying ? t.underlying : t;
    const f = base(from);
    const g = base(to);
    const ok =
      equalTypes(f, g) ||
      (f.kind === "infint" && (isInt(g) || g.kind === "bool")) ||
      // bit<W> and int<W> change width or sign, not both at once (spec: explicit casts).
      (isInt(f) && isInt(g) && (f.kind === g.kind || f.width === g.width)) ||
      (f.kind === "bool" && g.kind === "bit" && g.width === 1) ||
      (f.kind === "bit" && f.width === 1 && g.kind === "bool");
    if (!ok)
      this.sink.report(messages.badCast, e.range, {
        from: typeToString(from),
        to: typeToString(to),
      });
    return to;
  }

  protected binaryType(
    op: A.BinaryOperator,
    a: Type,
    b: Type,
    range: A.Expression["range"],
    e?: A.BinaryExpression,
  ): Type {
    if (!known(a) || !known(b)) return op === "&&" || op === "||" ? BOOL : UNKNOWN;
    // Serializable enums compute as their underlying type, except when compared with their own.
    if (!((op === "==" || op === "!=") && equalTypes(a, b))) {
      a = underlying(a);
      b = underlying(b);
    }
    const name = (t: Type) => typeToString(t);
    const mismatch = (): Type => {
      this.sink.report(messages.operandTypes, range, { op, left: name(a), right: name(b) });
      return UNKNOWN;
    };
    const numeric = (t: Type) => isInt(t) || t.kind === "infint";
    switch (op) {
      case "&&":
      case "||":
        for (const t of [a, b])
          if (t.kind !== "bool")
            this.sink.report(messages.operatorType, range, { op, type: name(t) });
        return BOOL;
      case "<<":
      case ">>":
        if (e && (this.constants.evaluate(e.right) ?? 0n) < 0n)
          this.sink.report(messages.badConstantOperand, e.right.range, {
            op,
            reason: "a shift amount cannot be negative",
          });
        if (!numeric(a)) this.sink.report(messages.operatorType, range, { op, type: name(a) });
        if (b.kind === "int" || !numeric(b))
          this.sink.report(messages.shiftAmount, e?.right.range ?? range, { type: name(b) });
        return a;
      case "++":
        if (!isInt(a) || !isInt(b)) {
          this.sink.report(messages.operatorType, range, { op, type: name(isInt(a) ? b : a) });
          return UNKNOWN;
        }
        return {
          kind: a.kind,
          width: (a as { width: number }).width + (b as { width: number }).width,
        };
      case "==":
      case "!=":
        if (comparable(a, b)) return BOOL;
        return (mismatch(), BOOL);
      case "<":
      case "<=":
      case ">":
      case ">=":
        if (!numeric(a) || !numeric(b)) {
          this.sink.report(messages.operatorType, range, { op, type: name(numeric(a) ? b : a) });
          return BOOL;
        }
        if (a.kind !== "infint" && b.kind !== "infint" && !equalTypes(a, b)) mismatch();
        return BOOL;
      default: {
        if (e && (op === "/" || op === "%")) this.division(e, a, b);
        // Arithmetic and bitwise: same type; an unsized constant takes the other side's type.
        if (!numeric(a) || !numeric(b)) {
          this.sink.report(messages.operatorType, range, {
            op,
            type: name(numeric(a) ? b : a),
          });
          return UNKNOWN;
        }
        if (a.kind === "infint") return b;
        if (b.kind === "infint") return a;
        if (!equalTypes(a, b)) return mismatch();
        return a;
      }
    }
  }

  /**
   * `/` and `%`: never by zero; with an unsized or signed operand, only of non-negative
   * constants by positive ones (the spec leaves other signed division undefined).
   */
  protected division(e: A.BinaryExpression, a: Type, b: Type): void {
    const r = this.constants.evaluate(e.right);
    const l = this.constants.evaluate(e.left);
    const report = (at: A.Expression, reason: string): void => {
      this.sink.report(messages.badConstantOperand, at.range, { op: e.operator, reason });
    };
    if (r === 0n) return report(e.right, "it divides by zero");
    const signed =
      a.kind === "int" || b.kind === "int" || (a.kind === "infint" && b.kind === "infint");
    if (!signed) return;
    if (r !== undefined && r < 0n) return report(e.right, "its divisor is negative");
    if (l !== undefined && l < 0n) return report(e.left, "its dividend is negative");
    if ((a.kind === "int" || b.kind === "int") && (l === undefined || r === undefined))
      return report(e, "signed values can be divided only when both are constants");
  }
}

/**
 * Whether values of types a and b can be compared with `==`: the same type, or a tuple (a list
 * expression, whose unsized integers take their types from the other side) against a tuple,
 * struct or header of as many elements that compare one by one.
 */
function comparable(a: Type, b: Type): boolean {
  if (a.kind === "infint" || b.kind === "infint") return isNumeric(a) && isNumeric(b);
  if (equalTypes(a, b)) return true;
  if (b.kind === "tuple" && a.kind !== "tuple") return comparable(b, a);
  if (a.kind !== "tuple") return false;
  const others =
    b.kind === "tuple"
      ? b.elements
      : b.kind === "struct" || b.kind === "header"
        ? b.fields.map((f) => f.type)
        : undefined;
  return (
    others !== undefined &&
    others.length === a.elements.length &&
    a.elements.every((t, i) => comparable(t, others[i]!))
  );
}

/** Types an unsized integer can take. */
function isNumeric(t: Type): boolean {
  return (
    t.kind === "bit" ||
    t.kind === "int" ||
    t.kind === "infint" ||
    (t.kind === "enum" && t.underlying !== undefined) ||
    (t.kind === "newtype" && isNumeric(t.base))
  );
}
