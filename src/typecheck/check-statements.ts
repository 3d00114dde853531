// Statement checking for the body checker: blocks open scopes; assignments need a writable
// target (never an `in` parameter) and a value that fits it; conditions are bool; declarations
// add their names; a switch is on a table's action_run (labels its actions) or on a bit, int,
// enum or error value (labels constants of its type); calls and returned values are typed.

import { assertNever } from "../diagnostics/diagnostic.js";
import { messages } from "../diagnostics/catalog.js";
import type * as A from "../frontend/ast.js";
import { printExpression } from "../frontend/printer.js";
import { CallChecker } from "./check-calls.js";
import { isInt, known, rootName, underlying } from "./body-check-state.js";
import { equalTypes, typeToString } from "./types.js";

export abstract class StatementChecker extends CallChecker {
  protected statement(st: A.Statement): void {
    switch (st.kind) {
      case "BlockStatement":
        this.scopes.push(new Map());
        st.statements.forEach((s) => this.statement(s));
        this.scopes.pop();
        return;
      case "AssignmentStatement": {
        const root = rootName(st.target);
        if (root && this.readOnly.has(root) && this.lookup(root) === this.scopes[0]!.get(root)) {
          this.sink.report(messages.assignToIn, st.target.range, { name: root });
          return;
        }
        if (!this.isLValue(st.target)) {
          this.sink.report(messages.notAssignable, st.target.range, {
            text: printExpression(st.target),
          });
          return;
        }
        this.assigning = st.operator === "=";
        const target = this.type(st.target);
        this.assigning = false;
        if (st.operator === "=") this.assignable(target, st.value, printExpression(st.target));
        else {
          const op = st.operator.slice(0, -1) as A.BinaryOperator;
          const value = this.type(st.value);
          this.settleOperands(op, target, value, undefined, st.value);
          this.binaryType(op, target, value, st.range);
        }
        return;
      }
      case "IfStatement":
        this.condition(st.condition, "The condition of 'if'");
        this.statement(st.then);
        if (st.else) this.statement(st.else);
        return;
      case "DeclarationStatement": {
        const d = st.declaration;
        if (d.kind === "VariableDeclaration" || d.kind === "ConstantDeclaration") {
          const t = this.types.resolve(d.type);
          const init = d.kind === "VariableDeclaration" ? d.initializer : d.value;
          if (init) this.assignable(t, init, d.name.name);
          this.scopes[this.scopes.length - 1]!.set(d.name.name, t);
          if (this.validHere) this.declared.set(d.name.name, d.name);
        }
        return;
      }
      case "CallStatement":
        this.type(st.call);
        return;
      case "SwitchStatement":
        this.switchStatement(st);
        for (const c of st.cases) if (c.body) this.statement(c.body);
        return;
      case "ReturnStatement":
        if (st.value) this.type(st.value);
        return;
      case "DirectApplicationStatement":
      case "EmptyStatement":
      case "ExitStatement":
      case "ForStatement":
      case "ForInStatement":
      case "BreakStatement":
      case "ContinueStatement":
        return;
      default:
        return assertNever(st, "statement");
    }
  }

  /**
   * A switch on a table's `action_run` has the table's actions as labels; any other switch is on
   * a bit<W>, int<W>, enum or error value, with constants of that type as labels.
   */
  private switchStatement(st: A.SwitchStatement): void {
    const labels = st.cases.flatMap((c) => (c.label.kind === "DefaultLabel" ? [] : [c.label]));
    const bad = (label: A.Expression, reason: string) =>
      this.sink.report(messages.switchLabel, label.range, {
        label: printExpression(label),
        reason,
      });
    const table = actionRunOf(st.subject);
    const t = this.type(st.subject);
    if (table !== undefined) {
      const decl = this.tables.get(table);
      const actions = decl?.properties.find(
        (p): p is A.TableActionsProperty => p.kind === "TableActionsProperty",
      );
      if (!actions) return;
      for (const l of labels) {
        // An undeclared name is the name checker's to report.
        if (l.kind === "NameExpression" && !this.actions.has(l.name.name)) continue;
        if (
          l.kind !== "NameExpression" ||
          !actions.actions.some((a) => a.name.name === l.name.name)
        )
          bad(l, `it is not an action of table '${table}'`);
      }
      return;
    }
    if (!known(t)) return;
    const base = t.kind === "newtype" ? t.base : t;
    if (!(isInt(base) || base.kind === "enum" || base.kind === "error")) {
      this.sink.report(messages.switchSubject, st.subject.range, { type: typeToString(t) });
      return;
    }
    for (const l of labels) {
      const lt = this.type(l);
      if (!known(lt)) continue;
      if (lt.kind !== "infint" && !equalTypes(lt, t) && !equalTypes(underlying(lt), t))
        bad(l, `it has type '${typeToString(lt)}', not '${typeToString(t)}'`);
      else if (isInt(base) && this.constants.evaluate(l) === undefined)
        bad(l, "it is not a compile-time constant");
    }
  }
}

/** The table whose `apply().action_run` a switch is on, if it is. */
function actionRunOf(e: A.Expression): string | undefined {
  if (e.kind !== "MemberExpression" || e.member.name !== "action_run") return undefined;
  const call = e.object;
  if (call.kind !== "CallExpression" || call.callee.kind !== "MemberExpression") return undefined;
  const target = call.callee.object;
  return call.callee.member.name === "apply" && target.kind === "NameExpression"
    ? target.name.name
    : undefined;
}
