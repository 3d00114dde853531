// The body checker: the types of the expressions and statements in parsers (every state's
// statements, its select keys and keysets, the parser's local initializers, unused locals, header
// fields read before their extract), in controls (their actions, tables' properties and apply
// blocks), in top-level actions and top-level constants. Extern methods other than packet_in's
// are typed from their declarations; table calls and action results are `unknown`. Its parts
// are layered by construct: body-check-state.ts, check-expressions.ts, check-calls.ts,
// check-statements.ts, and this file.

import { isOptional } from "./call-arguments.js";
import { messages } from "../diagnostics/catalog.js";
import type * as A from "../frontend/ast.js";
import { printExpression } from "../frontend/printer.js";
import { nodesOf } from "./ast-nodes.js";
import { HeaderFlow, ValidHeaders, validatedPath } from "./header-flow.js";
import { equalTypes, typeToString, UNKNOWN, type Type } from "./types.js";
import { StatementChecker } from "./check-statements.js";
import { isInt, known, underlying } from "./body-check-state.js";

export class BodyChecker extends StatementChecker {
  checkParser(p: A.ParserDeclaration): void {
    this.enter(p.parameters, p.constructorParameters, p.locals);
    this.outRoots = new Set(
      p.parameters.filter((x) => x.direction === "out").map((x) => x.name.name),
    );
    const flow = new HeaderFlow(p);
    for (const s of p.states) {
      this.scopes.push(new Map());
      this.validHere = new ValidHeaders(flow, s.name.name);
      for (const st of s.statements) {
        this.statement(st);
        for (const h of validatedPath(st)) this.validHere.add(h);
      }
      const t = s.transition;
      if (t?.kind === "SelectTransition") {
        const keyTypes = t.select.keys.map((k) => {
          const kt = this.type(k);
          if (known(kt) && !this.selectable(kt))
            this.sink.report(messages.selectKeyType, k.range, { type: typeToString(kt) });
          return kt;
        });
        for (const c of t.select.cases)
          c.keysets.forEach((ks, i) => {
            const kt = keyTypes[i];
            if (kt && keyTypes.length === c.keysets.length) this.keyset(ks, kt);
          });
      }
      this.scopes.pop();
    }
    this.validHere = undefined;
    for (const [name, id] of this.declared)
      this.sink.report(messages.unusedDeclaration, id.range, { name });
    this.declared = new Map();
  }

  /**
   * A control: its locals' initializers, each action's body (with the action's parameters), its
   * tables' properties, and the apply block.
   */
  checkControl(c: A.ControlDeclaration): void {
    this.actions = new Map(this.topActions);
    for (const l of c.locals) if (l.kind === "ActionDeclaration") this.actions.set(l.name.name, l);
    this.enter(c.parameters, c.constructorParameters, c.locals);
    this.declared = new Map();
    for (const l of c.locals) if (l.kind === "ActionDeclaration") this.action(l);
    for (const t of this.tables.values()) this.table(t);
    this.statement(c.apply);
  }

  /**
   * A table's properties: key expressions are typed and their match kinds declared; the actions
   * listed (and those of entries and default_action) are declared actions, called with their
   * arguments where arguments are given.
   */
  protected table(t: A.TableDeclaration): void {
    const keys: { readonly element: A.TableKeyElement; readonly type: Type }[] = [];
    for (const p of t.properties) {
      if (p.kind === "TableKeyProperty") {
        for (const k of p.elements) {
          const type = this.type(k.expression);
          keys.push({ element: k, type });
          const base = type.kind === "newtype" ? type.base : type;
          if (
            known(base) &&
            !(isInt(base) || ["bool", "enum", "error", "varbit"].includes(base.kind))
          )
            this.sink.report(messages.tableRule, k.expression.range, {
              table: t.name.name,
              reason: `its key '${printExpression(k.expression)}' has type '${typeToString(type)}'; a key is a bit<W>, int<W>, bool, enum or error value`,
            });
          if (!this.env.matchKinds.includes(k.matchKind.name))
            this.env.reportUnknown(k.matchKind.name, k.matchKind.range, []);
        }
      } else if (p.kind === "TableActionsProperty") {
        p.actions.forEach((a) => this.actionRef(a, false));
      } else if (p.kind === "TableEntriesProperty") {
        for (const entry of p.entries) {
          this.actionRef(entry.action, true);
          if (entry.priority) this.type(entry.priority);
          // (A keyset count that differs from the key's is check-tables' to report.)
          if (entry.keysets.length === keys.length)
            entry.keysets.forEach((ks, i) => this.entryKeyset(ks, keys[i]!));
        }
      } else if (p.name.name === "default_action") {
        const v = p.value;
        const callee = v.kind === "CallExpression" ? v.callee : v;
        const decl =
          callee.kind === "NameExpression" ? this.actions.get(callee.name.name) : undefined;
        if (v.kind === "NameExpression" && decl && decl.parameters.some((p) => !isOptional(p)))
          this.sink.report(messages.tableRule, v.range, {
            table: t.name.name,
            reason: `its default_action '${v.name.name}' is given no arguments for its parameters`,
          });
        if (callee.kind === "NameExpression")
          this.actionRef(
            {
              kind: "ActionRef",
              range: v.range,
              annotations: [],
              name: callee.name,
              global: callee.global,
              ...(v.kind === "CallExpression" ? { args: v.args } : {}),
            },
            true,
          );
        else this.type(v);
      } else this.type(p.value);
    }
  }

  /** An action named in a table: declared; with arguments, they must fit its parameters. */
  protected actionRef(a: A.ActionRef, complete: boolean): void {
    // An undeclared name was reported by the name checker.
    const decl = this.actions.get(a.name.name);
    if (!decl) return;
    // Arguments bind the leading directional parameters; the control plane supplies the rest.
    if (a.args) {
      const call: A.CallExpression = {
        kind: "CallExpression",
        range: a.range,
        callee: { kind: "NameExpression", name: a.name, global: a.global, range: a.name.range },
        typeArgs: [],
        args: a.args,
      };
      const params = complete ? decl.parameters : decl.parameters.slice(0, a.args.length);
      this.arguments(call, a.name.name, params);
    }
  }

  /**
   * The outer scope of a parser or control: its parameters (`in` ones read-only) and its
   * locals, whose initializers are checked; parser locals are tracked for the unused warning.
   * Value sets, actions and tables are names typed where they are used (tables: `apply` and its
   * result's hit, miss and action_run), otherwise `unknown`.
   */
  protected enter(
    params: readonly A.Parameter[],
    ctorParams: readonly A.Parameter[],
    locals: readonly A.Declaration[],
  ): void {
    const top = new Map<string, Type>();
    for (const param of [...params, ...ctorParams])
      top.set(param.name.name, this.types.resolve(param.type));
    this.scopes = [top];
    this.tables = new Map(
      locals
        .filter((l): l is A.TableDeclaration => l.kind === "TableDeclaration")
        .map((t) => [t.name.name, t]),
    );
    this.readOnly = new Set(params.filter((x) => x.direction === "in").map((x) => x.name.name));
    this.declared = new Map();
    // Run-time names: a constant's value cannot read them.
    const runTime = new Set([
      ...[...params, ...ctorParams].filter((x) => x.direction !== "none").map((x) => x.name.name),
      ...locals
        .filter((l) => l.kind === "VariableDeclaration" || l.kind === "InstantiationDeclaration")
        .map((l) => (l as A.VariableDeclaration | A.InstantiationDeclaration).name.name),
    ]);
    for (const l of locals) {
      if (l.kind === "ConstantDeclaration") {
        const read = nodesOf<A.NameExpression>(l.value, "NameExpression").find(
          (n) => !n.global && runTime.has(n.name.name),
        );
        if (read)
          this.sink.report(messages.constantNotConstant, read.range, {
            name: l.name.name,
            text: read.name.name,
          });
      }
      if (l.kind === "VariableDeclaration" || l.kind === "ConstantDeclaration") {
        const t = this.types.resolve(l.type);
        const init = l.kind === "VariableDeclaration" ? l.initializer : l.value;
        if (init) this.assignable(t, init, l.name.name);
        top.set(l.name.name, t);
      } else if (l.kind === "InstantiationDeclaration") {
        top.set(l.name.name, this.types.resolve(l.type));
      } else if ("name" in l) {
        // A value set's size is not typed, but its value is a fact the lowering reads.
        if (l.kind === "ValueSetDeclaration") this.constants.evaluate(l.size);
        top.set(l.name.name, UNKNOWN);
      }
      if (l.kind !== "InstantiationDeclaration" && "name" in l)
        this.declared.set(l.name.name, l.name);
    }
  }

  /** A top-level constant: its value must fit its type. */
  constant(d: A.ConstantDeclaration): void {
    this.scopes = [new Map()];
    this.assignable(this.types.resolve(d.type), d.value, d.name.name);
  }

  /** A top-level or control-local action: its parameters, then its body. */
  action(a: A.ActionDeclaration): void {
    const scope = new Map<string, Type>();
    for (const p of a.parameters) scope.set(p.name.name, this.types.resolve(p.type));
    if (this.scopes.length === 0) this.scopes = [new Map()];
    this.scopes.push(scope);
    this.statement(a.body);
    this.scopes.pop();
  }

  /** A table entry's keyset: its values have the key's type, and constants fit it. */
  private entryKeyset(
    ks: A.Keyset,
    key: { readonly element: A.TableKeyElement; readonly type: Type },
  ): void {
    this.keyset(ks, key.type, (v, t) =>
      this.sink.report(messages.entryKeysetType, v.range, {
        value: typeToString(t),
        type: typeToString(key.type),
        key: printExpression(key.element.expression),
      }),
    );
    for (const v of keysetValues(ks))
      if (this.typeQuietly(v).kind === "infint") this.fits(v, key.type);
  }

  /** A keyset's values (value, mask, range ends) must have the key's type. */
  protected keyset(
    ks: A.Keyset,
    key: Type,
    mismatch = (v: A.Expression, t: Type) =>
      this.sink.report(messages.keysetType, v.range, {
        value: typeToString(t),
        key: typeToString(key),
      }),
  ): void {
    for (const v of keysetValues(ks)) {
      // A value set's name stands for its entries.
      if (v.kind === "NameExpression" && this.lookup(v.name.name)?.kind === "unknown") {
        this.declared.delete(v.name.name);
        continue;
      }
      const t = this.type(v);
      if (isInt(underlying(key))) this.settle(v, underlying(key));
      if (!known(t) || !known(key) || t.kind === "infint" || equalTypes(t, key)) continue;
      // A serializable enum's member matches a key of its underlying type.
      if (equalTypes(underlying(t), key)) continue;
      if (key.kind === "newtype" && equalTypes(key.base, t)) continue;
      mismatch(v, t);
    }
  }

  protected selectable(t: Type): boolean {
    return (
      isInt(t) ||
      t.kind === "bool" ||
      t.kind === "enum" ||
      t.kind === "error" ||
      t.kind === "infint" ||
      (t.kind === "newtype" && this.selectable(t.base)) ||
      (t.kind === "tuple" && t.elements.every((e) => this.selectable(e)))
    );
  }

  setTopLevelActions(list: readonly A.ActionDeclaration[]): void {
    this.topActions = new Map(list.map((a) => [a.name.name, a]));
    this.actions = new Map(this.topActions);
  }
}

/** The values a keyset is written with: a value, a value and mask, or a range's ends. */
function keysetValues(ks: A.Keyset): A.Expression[] {
  return ks.kind === "ExpressionKeyset"
    ? [ks.value]
    : ks.kind === "MaskKeyset"
      ? [ks.value, ks.mask]
      : ks.kind === "RangeKeyset"
        ? [ks.low, ks.high]
        : [];
}
