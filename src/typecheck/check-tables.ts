// Table rules that need no types: entries against the key (one keyset per key element, and each
// keyset of a form its match kind allows: `exact` a value, `ternary` a value or mask, `lpm` a
// value or a prefix mask, `range` a value or `a .. b`, `optional` a value or `_`), entries only
// for a table with a key, their actions listed and not @defaultonly, `default_action` one of the
// table's actions and not @tableonly, and the types of `size`, priorities and the priority
// properties.

import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import { printExpression } from "../frontend/printer.js";
import type { ConstantEvaluator } from "./constants.js";

/** The keyset forms each standard match kind accepts; other match kinds are not restricted. */
const FORMS: Record<string, readonly A.Keyset["kind"][]> = {
  exact: ["ExpressionKeyset", "DontCareKeyset", "DefaultKeyset"],
  ternary: ["ExpressionKeyset", "MaskKeyset", "DontCareKeyset", "DefaultKeyset"],
  lpm: ["ExpressionKeyset", "MaskKeyset", "DontCareKeyset", "DefaultKeyset"],
  range: ["ExpressionKeyset", "RangeKeyset", "DontCareKeyset", "DefaultKeyset"],
  optional: ["ExpressionKeyset", "DontCareKeyset", "DefaultKeyset"],
};

const FORM_TEXT: Record<A.Keyset["kind"], string> = {
  ExpressionKeyset: "a value",
  MaskKeyset: "a mask (&&&)",
  RangeKeyset: "a range (..)",
  DontCareKeyset: "'_'",
  DefaultKeyset: "'default'",
};

export function checkTableRules(
  t: A.TableDeclaration,
  constants: ConstantEvaluator,
  sink: DiagnosticSink,
): void {
  const key = t.properties.find((p): p is A.TableKeyProperty => p.kind === "TableKeyProperty");
  const actions = t.properties.find(
    (p): p is A.TableActionsProperty => p.kind === "TableActionsProperty",
  );
  const bad = (at: A.Node, reason: string) =>
    sink.report(messages.tableRule, at.range, { table: t.name.name, reason });
  for (const p of t.properties) {
    if (p.kind === "TableEntriesProperty") {
      if (!key || key.elements.length === 0) {
        bad(p, "it has entries but no key");
        continue;
      }
      for (const e of p.entries) {
        entry(e, key.elements, constants, bad);
        if (e.priority && !nonNegativeConstant(e.priority, constants))
          bad(e.priority, "an entry's priority must be a non-negative integer constant");
        const listed = actions?.actions.find((a) => a.name.name === e.action.name.name);
        if (actions && !listed)
          bad(e.action, `its entry's action '${e.action.name.name}' is not one of its actions`);
        else if (listed && annotated(listed, "defaultonly"))
          bad(e.action, `'${e.action.name.name}' is @defaultonly and cannot be an entry's action`);
      }
    } else if (p.kind === "TableValueProperty") {
      const name = p.name.name;
      if (name === "default_action" && actions) {
        const v = p.value.kind === "CallExpression" ? p.value.callee : p.value;
        const listed =
          v.kind === "NameExpression"
            ? actions.actions.find((a) => a.name.name === v.name.name)
            : undefined;
        if (v.kind === "NameExpression" && !listed)
          bad(v, `its default_action '${v.name.name}' is not one of its actions`);
        else if (v.kind === "NameExpression" && listed && annotated(listed, "tableonly"))
          bad(v, `'${v.name.name}' is @tableonly and cannot be its default_action`);
      } else if (name === "largest_priority_wins" && p.value.kind !== "BooleanLiteral")
        bad(p.value, "largest_priority_wins must be true or false");
      else if (name === "priority_delta" || name === "size") {
        if (!nonNegativeConstant(p.value, constants))
          bad(p.value, `${name} must be a non-negative integer constant`);
      }
    }
  }
}

function entry(
  e: A.TableEntry,
  elements: readonly A.TableKeyElement[],
  constants: ConstantEvaluator,
  bad: (at: A.Node, reason: string) => void,
): void {
  const whole =
    e.keysets.length === 1 &&
    (e.keysets[0]!.kind === "DefaultKeyset" || e.keysets[0]!.kind === "DontCareKeyset");
  if (whole) return;
  if (e.keysets.length !== elements.length) {
    bad(e, `an entry has ${e.keysets.length} keyset(s) for a key of ${elements.length}`);
    return;
  }
  e.keysets.forEach((ks, i) => {
    const kind = elements[i]!.matchKind.name;
    const forms = FORMS[kind];
    if (forms && !forms.includes(ks.kind)) {
      const keyText = printExpression(elements[i]!.expression);
      bad(ks, `${FORM_TEXT[ks.kind]} cannot match the ${kind} key '${keyText}'`);
      return;
    }
    if (kind === "lpm" && ks.kind === "MaskKeyset") {
      // A prefix: ones from the top of the key, then zeros (the key's width is the mask's
      // when the mask is a sized literal; otherwise only contiguity is checked).
      const m = constants.evaluate(ks.mask);
      const w = ks.mask.kind === "IntegerLiteral" ? ks.mask.width : undefined;
      if (m !== undefined && m > 0n) {
        const inverse = w !== undefined ? ((1n << BigInt(w)) - 1n) ^ m : undefined;
        const low = m >> BigInt((m & -m).toString(2).length - 1);
        const prefix =
          inverse !== undefined ? (inverse & (inverse + 1n)) === 0n : (low & (low + 1n)) === 0n;
        if (!prefix) bad(ks.mask, "an lpm mask must be a prefix (ones, then zeros)");
      }
    }
  });
}

function annotated(a: A.ActionRef, name: string): boolean {
  return a.annotations.some((x) => x.name.name === name);
}

function nonNegativeConstant(e: A.Expression, constants: ConstantEvaluator): boolean {
  const v = constants.evaluate(e);
  return v !== undefined && e.kind !== "BooleanLiteral" && v >= 0n;
}
