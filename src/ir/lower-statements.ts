// Statements inside a parser state as IR ops: assignments (scalars, and whole headers, structs,
// unions and stacks copied field by field), declarations, conditionals, verify, packet_in calls,
// validity and stack operations. Sub-parser applies at the top of a state are split off by the
// state lowering (lower-parser.ts); an apply anywhere else is reported here.

import { assertNever } from "../diagnostics/diagnostic.js";
import type * as A from "../frontend/ast.js";
import { printExpression } from "../frontend/printer.js";
import type { SourceRange } from "../frontend/source.js";
import type { Type } from "../typecheck/types.js";
import type * as Ir from "./ir.js";
import {
  asType,
  BOOL_T,
  constExpr,
  headerRef,
  lowerPlace,
  lowerValue,
  unsupported,
  type Binding,
  type ExpressionContext,
  type Place,
} from "./lower-expressions.js";
import { scalarType } from "./lower-storage.js";
import { scalarWidth } from "./widths.js";

const U32: Ir.IrScalarType = { kind: "bit", width: 32 };

export function statement(
  c: ExpressionContext,
  st: A.Statement,
  scopes: Map<string, Binding>[],
): Ir.IrOp[] {
  switch (st.kind) {
    case "EmptyStatement":
      return [];
    case "BlockStatement": {
      scopes.push(new Map());
      try {
        return st.statements.flatMap((s) => statement(c, s, scopes));
      } finally {
        scopes.pop();
      }
    }
    case "AssignmentStatement": {
      if (st.operator !== "=") {
        const op = st.operator.slice(0, -1) as A.BinaryOperator;
        const value: A.BinaryExpression = {
          kind: "BinaryExpression",
          operator: op,
          left: st.target,
          right: st.value,
          range: st.range,
        };
        return assign(c, lowerPlace(c, st.target), value, st.range);
      }
      return assign(c, lowerPlace(c, st.target), st.value, st.range);
    }
    case "IfStatement": {
      const condition = asType(c, lowerValue(c, st.condition), BOOL_T, st.condition.range);
      const then = statement(c, st.then, scopes);
      const els = st.else ? statement(c, st.else, scopes) : [];
      return [{ kind: "if", condition, then, else: els, range: st.range }];
    }
    case "DeclarationStatement": {
      const d = st.declaration;
      if (d.kind === "ConstantDeclaration") {
        const v = c.facts.constant(d.value);
        const t = scalarType(c.facts.typeOf(d.type));
        if (v === undefined || !t) return unsupported(c, d.range, `the constant '${d.name.name}'`);
        scopes[scopes.length - 1]!.set(d.name.name, {
          kind: "constant",
          value: { kind: "ir", e: constExpr(v, t.type) },
        });
        return [];
      }
      if (d.kind !== "VariableDeclaration")
        return unsupported(c, d.range, "an instantiation inside a parser state");
      const s = c.storage.allocate(`$local.${d.name.name}`, c.facts.typeOf(d.type));
      if (!s) return unsupported(c, d.range, `the variable '${d.name.name}'`);
      scopes[scopes.length - 1]!.set(d.name.name, { kind: "storage", storage: s });
      // A state-local variable is zeroed on each entry unless initialised: p4flow's choice for
      // the spec's "uninitialized", identical in every engine.
      return d.initializer
        ? assign(c, { kind: "storage", storage: s }, d.initializer, d.range)
        : zero(s);
    }
    case "CallStatement":
      return call(c, st.call, st.range);
    case "DirectApplicationStatement":
    case "ReturnStatement":
    case "ExitStatement":
    case "SwitchStatement":
    case "ForStatement":
    case "ForInStatement":
    case "BreakStatement":
    case "ContinueStatement":
      return unsupported(
        c,
        st.range,
        `a ${st.kind.replace("Statement", "").toLowerCase()} statement in a parser state`,
      );
    default:
      return assertNever(st, "statement");
  }
}

/** Ops that give storage its "uninitialized" value: zero scalars, invalid headers, empty stacks. */
export function zero(s: Ir.IrStorage): Ir.IrOp[] {
  switch (s.kind) {
    case "scalar":
      return s.type.kind === "varbit"
        ? []
        : [{ kind: "assign", target: { kind: "slot", slot: s.id }, value: constExpr(0n, s.type) }];
    case "header":
      return [
        {
          kind: "setValidity",
          header: { kind: "header", header: s.id },
          valid: constExpr(0n, BOOL_T),
        },
      ];
    case "struct":
      return s.members.flatMap((m) => zero(m.storage));
    case "union":
      return s.members.flatMap(zero);
    case "stack":
      return [
        ...s.elements.flatMap(zero),
        {
          kind: "assign",
          target: { kind: "slot", slot: s.nextIndexSlot },
          value: constExpr(0n, U32),
        },
      ];
  }
}

export function assign(
  c: ExpressionContext,
  place: Place,
  value: A.Expression,
  range: SourceRange,
): Ir.IrOp[] {
  if (place.kind === "storage" && place.storage.kind === "scalar") {
    if (place.storage.type.kind === "varbit")
      return unsupported(c, range, "an assignment to a varbit field");
    return [
      {
        kind: "assign",
        target: { kind: "slot", slot: place.storage.id },
        value: asType(c, lowerValue(c, value), place.storage.type, value.range),
        range,
      },
    ];
  }
  if (place.kind === "stackElementField") {
    return [
      {
        kind: "assign",
        target: {
          kind: "stackField",
          stack: place.stack.id,
          index: place.index,
          field: place.field,
        },
        value: asType(c, lowerValue(c, value), place.type, value.range),
        range,
      },
    ];
  }
  if (place.kind === "storage") return assignWhole(c, place.storage, value, range);
  return unsupported(c, range, "an assignment to something other than a field, variable or header");
}

/** `dst = value` for a header, struct, union or stack. */
function assignWhole(
  c: ExpressionContext,
  dst: Ir.IrStorage,
  value: A.Expression,
  range: SourceRange,
): Ir.IrOp[] {
  if (value.kind === "InvalidHeaderExpression" && (dst.kind === "header" || dst.kind === "union"))
    return zero(dst);
  if (value.kind === "CallExpression" && isLookahead(c, value))
    return lookaheadInto(c, dst, value, range);
  if (value.kind === "StructExpression" || value.kind === "ListExpression")
    return initializer(c, dst, value, range);
  const src = lowerPlace(c, value);
  if (src.kind === "storage" && sameShape(src.storage, dst))
    return copy(c, dst, src.storage, range);
  return unsupported(
    c,
    range,
    `the assignment of '${printExpression(value)}' to the ${dst.kind} '${dst.path}'`,
  );
}

function isLookahead(c: ExpressionContext, e: A.CallExpression): boolean {
  const callee = c.facts.callee(e);
  return callee?.kind === "packet" && callee.method === "lookahead";
}

function sameShape(a: Ir.IrStorage, b: Ir.IrStorage): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "scalar" || b.kind === "scalar") return false;
  if (a.kind === "stack" && b.kind === "stack")
    return a.size === b.size && a.elementTypeName === b.elementTypeName;
  if (a.kind === "stack" || b.kind === "stack") return false;
  return a.typeName === b.typeName;
}

function copy(
  c: ExpressionContext,
  dst: Ir.IrStorage,
  src: Ir.IrStorage,
  range: SourceRange,
): Ir.IrOp[] {
  if (dst === src) return [];
  switch (dst.kind) {
    case "scalar": {
      const s = src as Ir.IrScalarSlot;
      if (dst.type.kind === "varbit")
        return unsupported(c, range, `copying the varbit field '${s.path}'`);
      return [
        {
          kind: "assign",
          target: { kind: "slot", slot: dst.id },
          value: { kind: "slot", type: s.type, slot: s.id },
          range,
        },
      ];
    }
    case "header": {
      const s = src as Ir.IrHeader;
      return [
        ...dst.fields.flatMap((f, i) =>
          copy(c, c.storage.slots[f.slot]!, c.storage.slots[s.fields[i]!.slot]!, range),
        ),
        {
          kind: "setValidity",
          header: { kind: "header", header: dst.id },
          valid: { kind: "isValid", type: BOOL_T, header: { kind: "header", header: s.id } },
          range,
        },
      ];
    }
    case "struct": {
      const s = src as Ir.IrStruct;
      return dst.members.flatMap((m, i) => copy(c, m.storage, s.members[i]!.storage, range));
    }
    case "union": {
      // Fields first, then validity: the valid member's setValidity invalidates its siblings.
      const s = src as Ir.IrUnion;
      const fields = dst.members.flatMap((m, i) => copy(c, m, s.members[i]!, range));
      return fields;
    }
    case "stack": {
      const s = src as Ir.IrStack;
      return [
        ...dst.elements.flatMap((e, i) => copy(c, e, s.elements[i]!, range)),
        {
          kind: "assign",
          target: { kind: "slot", slot: dst.nextIndexSlot },
          value: { kind: "slot", type: U32, slot: s.nextIndexSlot },
          range,
        },
      ];
    }
  }
}

/** `h = { f1, f2 }` or `s = { a = x, b = y }`: member by member; a header becomes valid. */
function initializer(
  c: ExpressionContext,
  dst: Ir.IrStorage,
  value: A.StructExpression | A.ListExpression,
  range: SourceRange,
): Ir.IrOp[] {
  const members: { name: string; storage: Ir.IrStorage }[] =
    dst.kind === "header"
      ? dst.fields.map((f) => ({ name: f.name, storage: c.storage.slots[f.slot]! }))
      : dst.kind === "struct"
        ? [...dst.members]
        : [];
  if (members.length === 0 || value.hasRest)
    return unsupported(c, range, `initializing the ${dst.kind} '${dst.path}' from a list`);
  const values =
    value.kind === "ListExpression"
      ? value.elements
      : members.map((m) => value.members.find((a) => a.name.name === m.name)?.value);
  if (values.length !== members.length || values.some((v) => v === undefined))
    return unsupported(c, range, `'${printExpression(value)}' for the ${dst.kind} '${dst.path}'`);
  const ops = members.flatMap((m, i) =>
    assign(c, { kind: "storage", storage: m.storage }, values[i]!, range),
  );
  if (dst.kind === "header")
    ops.push({
      kind: "setValidity",
      header: { kind: "header", header: dst.id },
      valid: constExpr(1n, BOOL_T),
      range,
    });
  return ops;
}

/** `dst = pkt.lookahead<T>()` for a header or struct T of fixed-width fields. */
function lookaheadInto(
  c: ExpressionContext,
  dst: Ir.IrStorage,
  e: A.CallExpression,
  range: SourceRange,
): Ir.IrOp[] {
  const t = e.typeArgs.length === 1 ? c.facts.typeOf(e.typeArgs[0]!) : undefined;
  const dests: Ir.IrLookahead["dests"][number][] = [];
  const headers: number[] = [];
  const walk = (s: Ir.IrStorage, ty: Type, at: number): number | undefined => {
    if (s.kind === "scalar") {
      const st = scalarType(ty);
      if (!st || st.type.kind === "varbit" || st.type.kind === "error") return undefined;
      dests.push({ target: { kind: "slot", slot: s.id }, bitOffset: at, type: s.type });
      return at + scalarWidth(s.type);
    }
    if (s.kind === "header" && ty.kind === "header") {
      if (s.varbitField !== undefined) return undefined;
      let pos: number | undefined = at;
      s.fields.forEach((f, i) => {
        if (pos !== undefined) pos = walk(c.storage.slots[f.slot]!, ty.fields[i]!.type, pos);
      });
      headers.push(s.id);
      return pos;
    }
    if (s.kind === "struct" && ty.kind === "struct") {
      let pos: number | undefined = at;
      s.members.forEach((m, i) => {
        if (pos !== undefined) pos = walk(m.storage, ty.fields[i]!.type, pos);
      });
      return pos;
    }
    return undefined;
  };
  const shapeOk =
    t !== undefined &&
    (t.kind === "header" || t.kind === "struct") &&
    "typeName" in dst &&
    dst.typeName === t.name;
  const bits = shapeOk ? walk(dst, t, 0) : undefined;
  if (bits === undefined)
    return unsupported(c, range, `'${printExpression(e)}' into the ${dst.kind} '${dst.path}'`);
  const [first, ...rest] = headers;
  return [
    {
      kind: "lookahead",
      bits,
      dests,
      ...(first !== undefined ? { setValid: { kind: "header", header: first } } : {}),
      range,
    },
    ...rest.map((h): Ir.IrOp => ({
      kind: "setValidity",
      header: { kind: "header", header: h },
      valid: constExpr(1n, BOOL_T),
      range,
    })),
  ];
}

export function call(c: ExpressionContext, e: A.CallExpression, range: SourceRange): Ir.IrOp[] {
  const callee = e.callee;
  const resolved = c.facts.callee(e);
  if (resolved?.kind === "verify" && e.args.length === 2) {
    const condition = asType(c, lowerValue(c, e.args[0]!.value), BOOL_T, e.args[0]!.range);
    const err = lowerValue(c, e.args[1]!.value);
    if (err.kind !== "ir" || err.e.kind !== "const" || err.e.type.kind !== "error")
      return unsupported(c, e.args[1]!.range, "verify with an error that is not a constant");
    return [{ kind: "verify", condition, error: Number(err.e.value), range }];
  }
  if (callee.kind !== "MemberExpression")
    return unsupported(c, range, `the call '${printExpression(e)}'`);
  const method = callee.member.name;
  const target = lowerPlace(c, callee.object);
  if (target.kind === "instance")
    return unsupported(
      c,
      range,
      "a sub-parser apply inside a block or conditional (apply it at the top level of a state)",
    );
  if (resolved?.kind === "packet") {
    const method = resolved.method;
    if (method === "extract" && (e.args.length === 1 || e.args.length === 2)) {
      const h = lowerPlace(c, e.args[0]!.value);
      const t: Ir.IrExtract["target"] =
        h.kind === "stackNext"
          ? { kind: "stackNext", stack: h.stack.id }
          : headerRef(c, h, e.args[0]!.range);
      if (e.args.length === 2) {
        const bits = asType(c, lowerValue(c, e.args[1]!.value), U32, e.args[1]!.range);
        return [{ kind: "extract", target: t, varbitBits: bits, range }];
      }
      return [{ kind: "extract", target: t, range }];
    }
    if (method === "advance" && e.args.length === 1) {
      const bits = lowerValue(c, e.args[0]!.value);
      const b =
        bits.kind === "int"
          ? asType(c, bits, U32, e.args[0]!.range)
          : bits.e.type.kind === "bit" && bits.e.type.width === 32
            ? bits.e
            : ({ kind: "cast", type: U32, arg: bits.e } as Ir.IrExpr);
      return [{ kind: "advance", bits: b, range }];
    }
    if (method === "lookahead") {
      lowerValue(c, e);
      return [];
    }
  }
  if ((method === "setValid" || method === "setInvalid") && e.args.length === 0) {
    return [
      {
        kind: "setValidity",
        header: headerRef(c, target, callee.object.range),
        valid: constExpr(method === "setValid" ? 1n : 0n, BOOL_T),
        range,
      },
    ];
  }
  if (
    (method === "push_front" || method === "pop_front") &&
    target.kind === "storage" &&
    target.storage.kind === "stack" &&
    e.args.length === 1
  ) {
    const n = c.facts.constant(e.args[0]!.value);
    if (n === undefined) return unsupported(c, e.args[0]!.range, `${method} by a run-time count`);
    return [
      {
        kind: "stackShift",
        stack: target.storage.id,
        direction: method === "push_front" ? "pushFront" : "popFront",
        count: Number(n),
        range,
      },
    ];
  }
  return unsupported(
    c,
    range,
    `the call '${printExpression(e)}' (externs other than packet_in and verify)`,
  );
}
