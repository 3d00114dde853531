// Statement checking for the body checker: blocks open scopes; assignments need a writable
// target (never an `in` parameter) and a value that fits it; conditions are bool; declarations
// add their names; calls, switch subjects and returned values are typed.

import { messages } from "../diagnostics/catalog.js";
import type * as A from "../frontend/ast.js";
import { printExpression } from "../frontend/printer.js";
import { CallChecker } from "./check-calls.js";
import { rootName } from "./body-check-state.js";

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
        else
          this.binaryType(
            st.operator.slice(0, -1) as A.BinaryOperator,
            target,
            this.type(st.value),
            st.range,
          );
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
        this.type(st.subject);
        for (const c of st.cases) if (c.body) this.statement(c.body);
        return;
      case "ReturnStatement":
        if (st.value) this.type(st.value);
        return;
      default:
        return;
    }
  }
}
