// Select transitions: keys lowered once (lookahead keys become ops at the end of the state),
// keysets folded to constants with the key's type, value-set cases kept by reference.

import { messages } from "../diagnostics/catalog.js";
import type * as A from "../frontend/ast.js";
import { printExpression } from "../frontend/printer.js";
import type * as Ir from "./ir.js";
import {
  BOOL_T,
  lowerValue,
  Unsupported,
  unsupported,
  type ExpressionContext,
} from "./lower-expressions.js";
import { scalarWidth } from "./widths.js";

export function lowerTransition(
  c: ExpressionContext,
  s: A.ParserState,
  target: (id: A.Identifier) => Ir.IrTarget,
  ops: Ir.IrOp[],
): Ir.IrTransition {
  const t = s.transition;
  if (!t) return { kind: "direct", target: { kind: "reject" }, range: s.range };
  if (t.kind === "DirectTransition")
    return { kind: "direct", target: target(t.target), range: t.range };
  // Keys may need lookahead ops, which run at the end of the state, before the select.
  const pendingOps: Ir.IrOp[] = [];
  const inner: ExpressionContext = { ...c, emit: (op) => pendingOps.push(op) };
  const keys = t.select.keys.map((k) => {
    const v = lowerValue(inner, k);
    return v.kind === "ir"
      ? v.e
      : unsupported(c, k.range, "a select key that is an unsized constant");
  });
  ops.push(...pendingOps);
  const cases: Ir.IrSelectCase[] = [];
  for (const cs of t.select.cases) {
    const whole =
      cs.keysets.length === 1 &&
      (cs.keysets[0]!.kind === "DefaultKeyset" || cs.keysets[0]!.kind === "DontCareKeyset");
    if (whole) {
      cases.push({
        kind: "keysets",
        keysets: keys.map(() => ({ kind: "any" })),
        target: target(cs.target),
        range: cs.range,
      });
      continue;
    }
    if (cs.keysets.length === 1 && cs.keysets[0]!.kind === "ExpressionKeyset") {
      const only = cs.keysets[0]!.value;
      if (only.kind === "NameExpression") {
        const b = c.lookup(only.name.name);
        if (b?.kind === "valueSet") {
          cases.push({
            kind: "valueSet",
            valueSet: b.id,
            target: target(cs.target),
            range: cs.range,
          });
          continue;
        }
      }
    }
    const keysets = cs.keysets.map((k, i) => keyset(c, k, keys[i]?.type ?? BOOL_T));
    cases.push({ kind: "keysets", keysets, target: target(cs.target), range: cs.range });
  }
  return { kind: "select", keys, cases, range: t.range };
}

function constantOf(c: ExpressionContext, e: A.Expression, type: Ir.IrScalarType): bigint {
  try {
    const v = lowerValue({ ...c, emit: () => unsupported(c, e.range, "lookahead in a keyset") }, e);
    // An unsized value is compared in the key's width, warned of when it does not fit.
    const raw = c.facts.unsizedType(e) ? c.facts.constant(e) : undefined;
    const w = scalarWidth(type);
    if (raw !== undefined) {
      const fits =
        type.kind === "int"
          ? raw >= -(1n << BigInt(w - 1)) && raw < 1n << BigInt(w - 1)
          : raw >= 0n && raw < 1n << BigInt(w);
      if (!fits)
        c.sink.report(messages.keysetTooWide, e.range, { value: printExpression(e), width: w });
      return BigInt.asUintN(w, raw);
    }
    if (v.kind === "ir" && v.e.kind === "const") return BigInt.asUintN(w, v.e.value);
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
  }
  c.sink.report(messages.keysetNotConstant, e.range, { text: printExpression(e) });
  throw new Unsupported("keyset");
}

function keyset(c: ExpressionContext, k: A.Keyset, type: Ir.IrScalarType): Ir.IrKeyset {
  switch (k.kind) {
    case "DefaultKeyset":
    case "DontCareKeyset":
      return { kind: "any" };
    case "ExpressionKeyset":
      return { kind: "value", value: constantOf(c, k.value, type) };
    case "MaskKeyset":
      return {
        kind: "mask",
        value: constantOf(c, k.value, type),
        mask: constantOf(c, k.mask, type),
      };
    case "RangeKeyset":
      return { kind: "range", low: constantOf(c, k.low, type), high: constantOf(c, k.high, type) };
  }
}
