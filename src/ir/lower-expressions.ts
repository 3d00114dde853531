// Lowering of P4 expressions inside the extractor parser into IR expressions and places.
// Types come from the checker's side tables: an unsized integer constant is folded and given the
// type the checker recorded for it where it stands (TypedProgram.expressionTypes), never typed
// here again. What it cannot lower yet is a 30xx diagnostic naming the construct, never a guess.

import { assertNever } from "../diagnostics/diagnostic.js";
import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import { printExpression } from "../frontend/printer.js";
import type { SourceRange } from "../frontend/source.js";
import type * as Ir from "./ir.js";
import { scalarTypeText } from "./print.js";
import type { LoweringFacts } from "./lower-facts.js";
import { scalarType, type StorageAllocator } from "./lower-storage.js";

export type Binding =
  | { readonly kind: "storage"; readonly storage: Ir.IrStorage }
  | { readonly kind: "packet" }
  | { readonly kind: "valueSet"; readonly id: number }
  | { readonly kind: "constant"; readonly value: Value }
  /** A sub-parser instance declared among the parser's locals; applying it inlines its states. */
  | { readonly kind: "instance"; readonly instance: SubParserInstance };

/** A parser-local instantiation of another parser, with its own storage for that parser's locals. */
export interface SubParserInstance {
  readonly path: string;
  readonly decl: A.ParserDeclaration;
  readonly range: SourceRange;
  /** Apply calls inlined so far: each call site gets its own copy of the states and locals. */
  applies: number;
}

/**
 * A lowered value: an IR expression, or an unsized integer constant the checker gave no type
 * where it stands (an operand of a comparison of two constants, a keyset's value).
 */
export type Value =
  { readonly kind: "ir"; readonly e: Ir.IrExpr } | { readonly kind: "int"; readonly value: bigint };

/** What a name or member chain denotes. */
export type Place =
  | { readonly kind: "storage"; readonly storage: Ir.IrStorage }
  | { readonly kind: "stackElement"; readonly stack: Ir.IrStack; readonly index: Ir.IrExpr }
  | {
      readonly kind: "stackElementField";
      readonly stack: Ir.IrStack;
      readonly index: Ir.IrExpr;
      readonly field: number;
      readonly type: Ir.IrScalarType;
    }
  /** A struct inside the header of a stack element: its fields are the header's "p.hi"... */
  | {
      readonly kind: "stackElementStruct";
      readonly stack: Ir.IrStack;
      readonly index: Ir.IrExpr;
      readonly prefix: string;
    }
  | { readonly kind: "stackNext"; readonly stack: Ir.IrStack }
  | { readonly kind: "packet" }
  | { readonly kind: "valueSet"; readonly id: number }
  | { readonly kind: "instance"; readonly instance: SubParserInstance }
  | { readonly kind: "value"; readonly value: Value };

export const BOOL_T: Ir.IrScalarType = { kind: "bool" };
const U32: Ir.IrScalarType = { kind: "bit", width: 32 };

export class Unsupported extends Error {}

export interface ExpressionContext {
  readonly sink: DiagnosticSink;
  /** The checker's side tables: names, types, constants and callees. */
  readonly facts: LoweringFacts;
  readonly storage: StorageAllocator;
  readonly errorCodes: ReadonlyMap<string, number>;
  lookup(name: string): Binding | undefined;
  /** Ops that must run before the statement being lowered (lookahead into temporaries). */
  emit(op: Ir.IrOp): void;
  temp(type: Ir.IrScalarType): Ir.IrScalarSlot;
}

export function unsupported(c: ExpressionContext, range: SourceRange, what: string): never {
  c.sink.report(messages.unsupportedConstruct, range, { what });
  throw new Unsupported(what);
}

export function constExpr(value: bigint, type: Ir.IrScalarType): Ir.IrExpr {
  return { kind: "const", type, value: normalize(value, type) };
}

function normalize(v: bigint, t: Ir.IrScalarType): bigint {
  switch (t.kind) {
    case "bit":
      return BigInt.asUintN(t.width, v);
    case "int":
      return BigInt.asIntN(t.width, v);
    case "bool":
      return v !== 0n ? 1n : 0n;
    case "varbit":
    case "error":
      return v;
    default:
      return assertNever(t, "scalar type");
  }
}

/** A value where a value of type `t` is expected: it must have that type already. */
export function asType(
  c: ExpressionContext,
  v: Value,
  t: Ir.IrScalarType,
  range: SourceRange,
): Ir.IrExpr {
  if (v.kind === "int") return untyped(c, range);
  if (sameType(v.e.type, t)) return v.e;
  return unsupported(
    c,
    range,
    `a value of type '${scalarTypeText(v.e.type)}' where '${scalarTypeText(t)}' is expected (add a cast)`,
  );
}

/** An unsized integer the checker left without a type where the lowering needs one. */
function untyped(c: ExpressionContext, range: SourceRange): never {
  c.facts.miss("the type an unsized integer takes", range);
  return unsupported(c, range, "an unsized integer whose type is not known here");
}

export function sameType(a: Ir.IrScalarType, b: Ir.IrScalarType): boolean {
  if (a.kind !== b.kind) return false;
  if ((a.kind === "bit" || a.kind === "int") && (b.kind === "bit" || b.kind === "int"))
    return a.width === b.width;
  if (a.kind === "varbit" && b.kind === "varbit") return a.maxWidth === b.maxWidth;
  return true;
}

export function lowerPlace(c: ExpressionContext, e: A.Expression): Place {
  switch (e.kind) {
    case "NameExpression": {
      const b = e.global ? undefined : c.lookup(e.name.name);
      if (b) {
        if (b.kind === "storage") return { kind: "storage", storage: b.storage };
        if (b.kind === "packet") return { kind: "packet" };
        if (b.kind === "valueSet") return { kind: "valueSet", id: b.id };
        if (b.kind === "instance") return { kind: "instance", instance: b.instance };
        return { kind: "value", value: b.value };
      }
      const v = c.facts.constant(e);
      if (v !== undefined) {
        const d = c.facts.declarationOf(e.name);
        if (d?.kind === "ConstantDeclaration") {
          const t = scalarType(c.facts.typeOf(d.type));
          return {
            kind: "value",
            value: t ? { kind: "ir", e: constExpr(v, t.type) } : { kind: "int", value: v },
          };
        }
        return { kind: "value", value: { kind: "int", value: v } };
      }
      return unsupported(c, e.range, `the name '${e.name.name}' in the extractor parser`);
    }
    case "MemberExpression":
      return lowerMember(c, e);
    case "IndexExpression": {
      const base = lowerPlace(c, e.object);
      if (base.kind !== "storage" || base.storage.kind !== "stack")
        return unsupported(c, e.range, "indexing something that is not a header stack");
      const stack = base.storage;
      const k = c.facts.constant(e.index);
      if (k !== undefined) {
        if (k < 0n || k >= BigInt(stack.size))
          return unsupported(c, e.index.range, `index ${k} of a stack of size ${stack.size}`);
        return { kind: "storage", storage: stack.elements[Number(k)]! };
      }
      return {
        kind: "stackElement",
        stack,
        index: asType(c, lowerValue(c, e.index), U32, e.index.range),
      };
    }
    case "IntegerLiteral":
    case "BooleanLiteral":
    case "StringLiteral":
    case "ThisExpression":
    case "DontCareExpression":
    case "SliceExpression":
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
      return { kind: "value", value: lowerValue(c, e) };
    default:
      return assertNever(e, "expression");
  }
}

function lowerMember(c: ExpressionContext, e: A.MemberExpression): Place {
  const m = e.member.name;
  if (e.object.kind === "NameExpression" && !c.lookup(e.object.name.name)) {
    const ns = e.object.name.name;
    if (ns === "error") {
      const code = c.errorCodes.get(m);
      if (code === undefined)
        return unsupported(c, e.member.range, `'error.${m}', which is not a declared error`);
      return {
        kind: "value",
        value: { kind: "ir", e: constExpr(BigInt(code), { kind: "error" }) },
      };
    }
    const d = c.facts.declarationOf(e.object.name);
    if (d?.kind === "EnumDeclaration" || d?.kind === "TypedefDeclaration") {
      const t = c.facts.declaredType(d);
      if (t?.kind === "enum") {
        const idx = t.members.findIndex((x) => x.name === m);
        const st = scalarType(t);
        if (idx < 0 || !st) return unsupported(c, e.member.range, `'${ns}.${m}'`);
        const value = t.underlying ? t.members[idx]!.value : BigInt(idx);
        if (value === undefined)
          return unsupported(c, e.member.range, `'${ns}.${m}' without a value`);
        return { kind: "value", value: { kind: "ir", e: constExpr(value, st.type) } };
      }
    }
  }
  const base = lowerPlace(c, e.object);
  if (base.kind === "storage") {
    const s = base.storage;
    if (s.kind === "struct") {
      const f = s.members.find((x) => x.name === m);
      if (f) return { kind: "storage", storage: f.storage };
    } else if (s.kind === "header") {
      const f = s.fields.find((x) => x.name === m);
      if (f) return { kind: "storage", storage: c.storage.slots[f.slot]! };
      const view = structInHeader(c, s, m);
      if (view) return { kind: "storage", storage: view };
    } else if (s.kind === "union") {
      const f = s.members.find((x) => x.path.endsWith(`.${m}`));
      if (f) return { kind: "storage", storage: f };
    } else if (s.kind === "stack") {
      const next = { kind: "slot" as const, type: U32, slot: s.nextIndexSlot };
      const minusOne: Ir.IrExpr = {
        kind: "binary",
        type: U32,
        op: "-",
        left: next,
        right: constExpr(1n, U32),
      };
      switch (m) {
        case "next":
          return { kind: "stackNext", stack: s };
        case "last":
          return { kind: "stackElement", stack: s, index: minusOne };
        case "lastIndex":
          return { kind: "value", value: { kind: "ir", e: minusOne } };
        case "size":
          return { kind: "value", value: { kind: "ir", e: constExpr(BigInt(s.size), U32) } };
      }
    }
  } else if (base.kind === "stackElement" || base.kind === "stackElementStruct") {
    const el = base.stack.elements[0];
    const name = base.kind === "stackElementStruct" ? `${base.prefix}.${m}` : m;
    if (el?.kind === "header" && el.fields.some((x) => x.name.startsWith(`${name}.`)))
      return { kind: "stackElementStruct", stack: base.stack, index: base.index, prefix: name };
    if (el?.kind === "header") {
      const field = el.fields.findIndex((x) => x.name === name);
      if (field >= 0)
        return {
          kind: "stackElementField",
          stack: base.stack,
          index: base.index,
          field,
          type: el.fields[field]!.type,
        };
    }
  }
  return unsupported(c, e.range, `'${printExpression(e)}'`);
}

/**
 * A struct field of a header (its fields are the header's, named "p.hi"): a struct over the
 * header's slots, so that its fields, and the struct as a whole, read and write them.
 */
function structInHeader(
  c: ExpressionContext,
  h: Ir.IrHeader,
  name: string,
): Ir.IrStorage | undefined {
  const prefix = `${name}.`;
  const below = h.fields.filter((f) => f.name.startsWith(prefix));
  if (below.length === 0) return undefined;
  const members: { name: string; storage: Ir.IrStorage }[] = [];
  for (const f of below) {
    const rest = f.name.slice(prefix.length);
    const first = rest.split(".")[0]!;
    if (members.some((x) => x.name === first)) continue;
    const storage =
      rest === first ? c.storage.slots[f.slot]! : structInHeader(c, h, `${name}.${first}`)!;
    members.push({ name: first, storage });
  }
  const path = `${h.path}.${name}`;
  return { kind: "struct", path, typeName: c.storage.structsInHeaders.get(path) ?? name, members };
}

export function placeValue(c: ExpressionContext, p: Place, range: SourceRange): Value {
  switch (p.kind) {
    case "value":
      return p.value;
    case "storage":
      if (p.storage.kind === "scalar")
        return { kind: "ir", e: { kind: "slot", type: p.storage.type, slot: p.storage.id } };
      return unsupported(c, range, `a whole ${p.storage.kind} used as a value`);
    case "stackElementField":
      return {
        kind: "ir",
        e: { kind: "stackField", type: p.type, stack: p.stack.id, index: p.index, field: p.field },
      };
    case "stackElement":
    case "stackElementStruct":
    case "stackNext":
    case "packet":
    case "valueSet":
    case "instance":
      return unsupported(
        c,
        range,
        `this ${p.kind === "packet" ? "packet_in" : p.kind} used as a value`,
      );
    default:
      return assertNever(p, "place");
  }
}

export function headerRef(c: ExpressionContext, p: Place, range: SourceRange): Ir.IrHeaderRef {
  if (p.kind === "storage" && p.storage.kind === "header")
    return { kind: "header", header: p.storage.id };
  if (p.kind === "stackElement" && p.stack.elements[0]?.kind === "header")
    return { kind: "stackElement", stack: p.stack.id, index: p.index };
  return unsupported(c, range, "this expression where a header is expected");
}

export function lowerValue(c: ExpressionContext, e: A.Expression): Value {
  const unsized = c.facts.unsizedType(e);
  if (unsized) {
    const v = c.facts.constant(e);
    if (v !== undefined) {
      if (unsized.kind === "infint") return { kind: "int", value: v };
      const t = scalarType(unsized);
      if (!t) return unsupported(c, e.range, "an integer constant of a type that is not a scalar");
      return { kind: "ir", e: constExpr(v, t.type) };
    }
  }
  switch (e.kind) {
    case "IntegerLiteral":
      if (e.width === undefined) return untyped(c, e.range);
      return {
        kind: "ir",
        e: constExpr(e.value, { kind: e.signed ? "int" : "bit", width: e.width }),
      };
    case "BooleanLiteral":
      return { kind: "ir", e: constExpr(e.value ? 1n : 0n, BOOL_T) };
    case "NameExpression":
    case "MemberExpression":
    case "IndexExpression":
      return placeValue(c, lowerPlace(c, e), e.range);
    case "SliceExpression": {
      const v = lowerValue(c, e.object);
      const hi = c.facts.constant(e.high);
      const lo = c.facts.constant(e.low);
      if (hi === undefined || lo === undefined || v.kind === "int")
        return unsupported(c, e.range, "a slice whose bounds are not constants");
      const [h, l] =
        e.form === "colon" ? [Number(hi), Number(lo)] : [Number(lo) + Number(hi) - 1, Number(lo)];
      const w = v.e.type.kind === "bit" || v.e.type.kind === "int" ? v.e.type.width : 0;
      if (l < 0 || h < l || h >= w)
        return unsupported(c, e.range, `the slice [${h}:${l}] of a ${w}-bit value`);
      return {
        kind: "ir",
        e: { kind: "slice", type: { kind: "bit", width: h - l + 1 }, arg: v.e, high: h, low: l },
      };
    }
    case "UnaryExpression": {
      const v = lowerValue(c, e.operand);
      if (e.operator === "+") return v;
      if (v.kind === "int") return untyped(c, e.operand.range);
      const op = e.operator === "!" ? "!" : e.operator === "~" ? "~" : "-";
      return { kind: "ir", e: { kind: "unary", type: v.e.type, op, arg: v.e } };
    }
    case "BinaryExpression":
      return lowerBinary(c, e);
    case "TernaryExpression": {
      const cond = asType(c, lowerValue(c, e.condition), BOOL_T, e.condition.range);
      const a = lowerValue(c, e.then);
      const b = lowerValue(c, e.else);
      const t = a.kind === "ir" ? a.e.type : b.kind === "ir" ? b.e.type : undefined;
      if (!t) return unsupported(c, e.range, "a conditional expression of two unsized constants");
      return {
        kind: "ir",
        e: {
          kind: "ternary",
          type: t,
          cond,
          then: asType(c, a, t, e.then.range),
          else: asType(c, b, t, e.else.range),
        },
      };
    }
    case "CastExpression": {
      const target = scalarType(c.facts.typeOf(e.type));
      if (!target) return unsupported(c, e.range, "a cast to a type that is not a scalar");
      const v = lowerValue(c, e.operand);
      if (v.kind === "int") return untyped(c, e.operand.range);
      return {
        kind: "ir",
        e: sameType(v.e.type, target.type) ? v.e : { kind: "cast", type: target.type, arg: v.e },
      };
    }
    case "CallExpression":
      return lowerCallValue(c, e);
    case "StringLiteral":
    case "ThisExpression":
    case "DontCareExpression":
    case "ListExpression":
    case "StructExpression":
    case "InvalidHeaderExpression":
    case "TypeExpression":
    case "MaskExpression":
    case "RangeExpression":
      return unsupported(c, e.range, `'${printExpression(e)}' in the extractor parser`);
    default:
      return assertNever(e, "expression");
  }
}

const ARITH = new Set(["+", "-", "*", "/", "%", "|+|", "|-|", "&", "|", "^"]);
const COMPARE = new Set(["==", "!=", "<", "<=", ">", ">="]);

function lowerBinary(c: ExpressionContext, e: A.BinaryExpression): Value {
  const l = lowerValue(c, e.left);
  const r = lowerValue(c, e.right);
  const op = e.operator;
  if (l.kind === "int" && r.kind === "int") {
    const v = c.facts.constant(e);
    if (v === undefined)
      return unsupported(c, e.range, `'${printExpression(e)}' on unsized constants`);
    return COMPARE.has(op) || op === "&&" || op === "||"
      ? { kind: "ir", e: constExpr(v, BOOL_T) }
      : { kind: "int", value: v };
  }
  if (op === "&&" || op === "||") {
    return {
      kind: "ir",
      e: {
        kind: "binary",
        type: BOOL_T,
        op,
        left: asType(c, l, BOOL_T, e.left.range),
        right: asType(c, r, BOOL_T, e.right.range),
      },
    };
  }
  if (op === "++") {
    if (l.kind !== "ir" || r.kind !== "ir")
      return unsupported(c, e.range, "'++' with an unsized constant");
    const t = scalarType(c.facts.expressionType(e));
    if (!t)
      return unsupported(
        c,
        e.range,
        `'${printExpression(e)}' of values that are not bit<W> or int<W>`,
      );
    return { kind: "ir", e: { kind: "concat", type: t.type, left: l.e, right: r.e } };
  }
  if (op === "<<" || op === ">>") {
    if (l.kind === "int")
      return unsupported(c, e.range, "a shift of an unsized constant by a run-time amount");
    const right = r.kind === "int" ? untyped(c, e.right.range) : r.e;
    return { kind: "ir", e: { kind: "binary", type: l.e.type, op, left: l.e, right } };
  }
  const t = l.kind === "ir" ? l.e.type : (r as { e: Ir.IrExpr }).e.type;
  const left = asType(c, l, t, e.left.range);
  const right = asType(c, r, t, e.right.range);
  if (COMPARE.has(op))
    return {
      kind: "ir",
      e: { kind: "binary", type: BOOL_T, op: op as Ir.IrBinaryOp, left, right },
    };
  if (ARITH.has(op))
    return { kind: "ir", e: { kind: "binary", type: t, op: op as Ir.IrBinaryOp, left, right } };
  return unsupported(c, e.range, `the operator '${op}'`);
}

function lowerCallValue(c: ExpressionContext, e: A.CallExpression): Value {
  const callee = c.facts.callee(e);
  if (
    callee?.kind === "externFunction" &&
    callee.decl.name.name === "packet_offset" &&
    e.args.length === 1 &&
    lowerPlace(c, e.args[0]!.value).kind === "packet"
  )
    return { kind: "ir", e: { kind: "packetOffset", type: U32 } };
  if (e.callee.kind !== "MemberExpression")
    return unsupported(c, e.range, `the call '${printExpression(e)}' in an expression`);
  const method = e.callee.member.name;
  const target = lowerPlace(c, e.callee.object);
  if (method === "isValid" && e.args.length === 0) {
    return {
      kind: "ir",
      e: { kind: "isValid", type: BOOL_T, header: headerRef(c, target, e.callee.object.range) },
    };
  }
  if (callee?.kind === "packet" && callee.method === "length" && e.args.length === 0) {
    return { kind: "ir", e: { kind: "packetLength", type: U32 } };
  }
  if (
    callee?.kind === "packet" &&
    callee.method === "lookahead" &&
    e.args.length === 0 &&
    e.typeArgs.length === 1
  ) {
    const t = c.facts.typeOf(e.typeArgs[0]!);
    const st = scalarType(t);
    if (!st || st.type.kind === "varbit" || st.type.kind === "error") {
      return unsupported(
        c,
        e.range,
        "lookahead of a type that is not a fixed-width scalar in an expression",
      );
    }
    const slot = c.temp(st.type);
    const width = st.type.kind === "bool" ? 1 : st.type.width;
    c.emit({
      kind: "lookahead",
      bits: width,
      dests: [{ target: { kind: "slot", slot: slot.id }, bitOffset: 0, type: st.type }],
      range: e.range,
    });
    return { kind: "ir", e: { kind: "slot", type: st.type, slot: slot.id } };
  }
  return unsupported(c, e.range, `the call '${printExpression(e)}' in an expression`);
}
