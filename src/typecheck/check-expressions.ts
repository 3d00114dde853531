// Expression and statement typing inside parsers: every state's statements, its select keys, and
// the parser's local initializers; and in controls, their actions and apply blocks, and in
// top-level actions. Each expression gets a type from its operands by the spec's
// rules (same-type arithmetic and comparison, unsized integers taking the other operand's type,
// bool conditions, slices within the width, the legal casts, headers for extract, fixed widths
// for lookahead); a rule broken is one 23xx diagnostic at the expression, and an expression whose
// type cannot be known (after an earlier error) is `unknown` and stays silent. Calls of tables,
// extern methods other than packet_in's, and actions are not typed yet (their results are
// `unknown`), nor are argument directions.

import { messages } from "../diagnostics/catalog.js";
import { assertNever } from "../diagnostics/diagnostic.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import { printExpression, printType } from "../frontend/printer.js";
import type { ConstantEvaluator } from "./constants.js";
import type { Environment } from "./environment.js";
import type { TypeResolver } from "./resolve-types.js";
import { maybeValidAtEntry, validatedPath } from "./header-flow.js";
import { bindArguments, pickOverload, type Binding } from "./call-arguments.js";
import { closest } from "./suggest.js";
import { BOOL, equalTypes, INFINT, typeToString, UNKNOWN, type Type } from "./types.js";

const U32: Type = { kind: "bit", width: 32 };
const isInt = (t: Type) => t.kind === "bit" || t.kind === "int";
const known = (t: Type) => t.kind !== "unknown";

export class ParserExpressionChecker {
  private scopes: Map<string, Type>[] = [];

  constructor(
    private readonly env: Environment,
    private readonly types: TypeResolver,
    private readonly constants: ConstantEvaluator,
    private sink: DiagnosticSink,
  ) {}

  checkParser(p: A.ParserDeclaration): void {
    this.enter(p.parameters, p.constructorParameters, p.locals);
    this.outRoots = new Set(
      p.parameters.filter((x) => x.direction === "out").map((x) => x.name.name),
    );
    const entry = maybeValidAtEntry(p);
    for (const s of p.states) {
      this.scopes.push(new Map());
      this.validHere = new Set(entry.get(s.name.name));
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

  /** `in` parameters of the parser or control being checked: they cannot be assigned. */
  private readOnly = new Set<string>();

  /** Header paths that may be valid at the statement being checked (parsers only). */
  private validHere: Set<string> | undefined;
  /** The parser's `out` parameters: the headers under them start invalid. */
  private outRoots = new Set<string>();
  /** Parser locals and state variables not referenced yet (what is left is unused). */
  private declared = new Map<string, A.Identifier>();

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

  /** The tables of the control being checked, by name. */
  private tables = new Map<string, A.TableDeclaration>();

  /**
   * A table's properties: key expressions are typed and their match kinds declared; the actions
   * listed (and those of entries and default_action) are declared actions, called with their
   * arguments where arguments are given.
   */
  private table(t: A.TableDeclaration): void {
    for (const p of t.properties) {
      if (p.kind === "TableKeyProperty") {
        for (const k of p.elements) {
          this.type(k.expression);
          if (!this.env.matchKinds.includes(k.matchKind.name))
            this.env.reportUnknown(k.matchKind.name, k.matchKind.range, []);
        }
      } else if (p.kind === "TableActionsProperty") {
        p.actions.forEach((a) => this.actionRef(a, false));
      } else if (p.kind === "TableEntriesProperty") {
        for (const entry of p.entries) this.actionRef(entry.action, true);
      } else if (p.name.name === "default_action") {
        const v = p.value;
        const callee = v.kind === "CallExpression" ? v.callee : v;
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
  private actionRef(a: A.ActionRef, complete: boolean): void {
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
   * A call of an extern object's method: the overload with as many parameters as arguments, its
   * arguments checked where the parameter's type names no type variable, and its return type
   * with the instance's type arguments in place of the extern's type parameters.
   */
  private externCall(e: A.CallExpression, method: string, target: Type & { kind: "extern" }): Type {
    const args = e.args.map((a) => a.value);
    const range = e.callee.kind === "MemberExpression" ? e.callee.member.range : e.range;
    const methods = target.decl.methods.filter((m) => !m.isConstructor && m.name.name === method);
    if (methods.length === 0) {
      const names = target.decl.methods.filter((m) => !m.isConstructor).map((m) => m.name.name);
      const guess = closest(method, names);
      this.sink.report(messages.unknownMethod, range, {
        type: target.name,
        method,
        hint: guess ? ` (did you mean '${guess}'?)` : "",
      });
      args.forEach((a) => this.type(a));
      return UNKNOWN;
    }
    const m = pickOverload(methods, e.args)!;
    // The instance's type arguments bind the extern's own type parameters.
    const instance = target.decl.typeParameters.map(
      (t, i) => [t.name.name, target.args[i] ?? UNKNOWN] as const,
    );
    return this.genericCall(
      e,
      `${target.name}.${method}`,
      m.parameters,
      [...target.decl.typeParameters, ...m.typeParameters],
      instance,
      m.returnType,
    );
  }

  /**
   * A call that may involve type variables: explicit type arguments and `bound` (an instance's)
   * bind some, the arguments the rest (see arguments()); the return type is its variable's
   * binding, or the declared type when it names none.
   */
  private genericCall(
    e: A.CallExpression,
    name: string,
    params: readonly A.Parameter[],
    typeParams: readonly A.TypeParameter[],
    bound: readonly (readonly [string, Type])[],
    returnType: A.TypeRef | undefined,
  ): Type {
    const vars = new Set(typeParams.map((t) => t.name.name));
    const bindings = new Map<string, Type>(bound);
    const own = typeParams.slice(bound.length);
    e.typeArgs.forEach((a, i) => {
      const v = own[i];
      if (v && a.kind !== "DontCareTypeRef") bindings.set(v.name.name, this.types.resolve(a));
    });
    this.arguments(e, name, params, vars.size > 0 ? { vars, bound: bindings } : undefined);
    if (!returnType) return { kind: "void" };
    if (
      returnType.kind === "NamedTypeRef" &&
      returnType.typeArgs.length === 0 &&
      vars.has(returnType.name.name)
    )
      return bindings.get(returnType.name.name) ?? UNKNOWN;
    if (!mentions(returnType, vars)) return this.types.resolve(returnType);
    this.sink.report(messages.notChecked, e.range, {
      what: `the result of ${name}, whose type ('${printType(returnType)}') holds a type variable inside another type`,
    });
    return UNKNOWN;
  }

  /**
   * The outer scope of a parser or control: its parameters (`in` ones read-only) and its
   * locals, whose initializers are checked; parser locals are tracked for the unused warning.
   * Value sets, actions and tables are names typed where they are used (tables: `apply` and its
   * result's hit, miss and action_run), otherwise `unknown`.
   */
  private enter(
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
    for (const l of locals) {
      if (l.kind === "VariableDeclaration" || l.kind === "ConstantDeclaration") {
        const t = this.types.resolve(l.type);
        const init = l.kind === "VariableDeclaration" ? l.initializer : l.value;
        if (init) this.assignable(t, init, l.name.name);
        top.set(l.name.name, t);
      } else if (l.kind === "InstantiationDeclaration") {
        top.set(l.name.name, this.types.resolve(l.type));
      } else if ("name" in l) {
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

  /** A keyset's values (value, mask, range ends) must have the key's type. */
  private keyset(ks: A.Keyset, key: Type): void {
    const values =
      ks.kind === "ExpressionKeyset"
        ? [ks.value]
        : ks.kind === "MaskKeyset"
          ? [ks.value, ks.mask]
          : ks.kind === "RangeKeyset"
            ? [ks.low, ks.high]
            : [];
    for (const v of values) {
      // A value set's name stands for its entries.
      if (v.kind === "NameExpression" && this.lookup(v.name.name)?.kind === "unknown") {
        this.declared.delete(v.name.name);
        continue;
      }
      const t = this.type(v);
      if (!known(t) || !known(key) || t.kind === "infint" || equalTypes(t, key)) continue;
      // A serializable enum's member matches a key of its underlying type.
      if (equalTypes(underlying(t), key)) continue;
      if (key.kind === "newtype" && equalTypes(key.base, t)) continue;
      this.sink.report(messages.keysetType, v.range, {
        value: typeToString(t),
        key: typeToString(key),
      });
    }
  }

  private selectable(t: Type): boolean {
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

  private lookup(name: string): Type | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const t = this.scopes[i]!.get(name);
      if (t) return t;
    }
    return undefined;
  }

  private statement(st: A.Statement): void {
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

  /**
   * Whether e can be written: a variable or parameter other than an `in` parameter of the
   * enclosing parser or control, or a field, element or slice of one; a stack's `last`,
   * `lastIndex` and `size` are read-only.
   */
  private isLValue(e: A.Expression): boolean {
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
      default:
        return false;
    }
  }

  /** An expression's type without its diagnostics (already reported where it is typed). */
  private typeQuietly(e: A.Expression): Type {
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

  private condition(e: A.Expression, what: string): void {
    const t = this.type(e);
    if (known(t) && t.kind !== "bool")
      this.sink.report(messages.notBool, e.range, { what, type: typeToString(t) });
  }

  /** `value` stored into something of type `target`. */
  private assignable(target: Type, value: A.Expression, name: string): void {
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
      return;
    }
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
  private structureValue(target: Type, value: A.StructExpression | A.ListExpression): void {
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
  private fits(e: A.Expression, t: Type): void {
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

  type(e: A.Expression): Type {
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
      case "BinaryExpression":
        return this.binaryType(e.operator, this.type(e.left), this.type(e.right), e.range, e);
      case "TernaryExpression": {
        this.condition(e.condition, "The condition of '?:'");
        const a = this.type(e.then);
        const b = this.type(e.else);
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
      default:
        return UNKNOWN;
    }
  }

  private member(e: A.MemberExpression): Type {
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
      default:
        if (known(t))
          this.sink.report(messages.notChecked, e.range, {
            what: `member '${m}' of a value of type '${typeToString(t)}'`,
          });
        return UNKNOWN;
    }
  }

  /** A header field read where its header cannot be valid yet reads as 0: worth a warning. */
  private readField(e: A.MemberExpression): void {
    if (!this.validHere || this.assigning) return;
    const header = printExpression(e.object);
    const root = header.split(/[.[]/)[0]!;
    if (!this.outRoots.has(root) || /[[\]]|\.(last|next)\b/.test(header)) return;
    if (this.validHere.has(header)) return;
    // A union member is valid when its union is extracted or assigned as a whole.
    if ([...this.validHere].some((v) => header.startsWith(`${v}.`))) return;
    this.sink.report(messages.readBeforeExtract, e.range, {
      field: printExpression(e),
      header,
    });
  }

  /** Set while typing an assignment's target: writing a field is not reading it. */
  private assigning = false;

  private slice(e: A.SliceExpression): Type {
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

  private cast(e: A.CastExpression): Type {
    const to = this.types.resolve(e.type);
    if (e.operand.kind === "StructExpression" || e.operand.kind === "ListExpression") {
      if (known(to)) this.structureValue(to, e.operand);
      return to;
    }
    const from = this.type(e.operand);
    if (!known(to) || !known(from)) return to;
    const base = (t: Type): Type =>
      t.kind === "newtype" ? base(t.base) : t.kind === "enum" && t.underlying ? t.underlying : t;
    const f = base(from);
    const g = base(to);
    const ok =
      equalTypes(f, g) ||
      (f.kind === "infint" && (isInt(g) || g.kind === "bool")) ||
      (isInt(f) && isInt(g)) ||
      (f.kind === "bool" && g.kind === "bit" && g.width === 1) ||
      (f.kind === "bit" && f.width === 1 && g.kind === "bool");
    if (!ok)
      this.sink.report(messages.badCast, e.range, {
        from: typeToString(from),
        to: typeToString(to),
      });
    return to;
  }

  private binaryType(
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
  private division(e: A.BinaryExpression, a: Type, b: Type): void {
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

  /**
   * Arguments against the callee's parameters, by position: the count, each value's type, and
   * the direction rule: an `out` or `inout` argument must be something assignable.
   */
  /**
   * With `generic`, the call's type variables: a parameter whose type is one of them takes the
   * type of the first argument given for it (explicit type arguments first), and later ones must
   * fit that type; other parameters naming a variable only have their arguments typed.
   */
  private arguments(
    e: A.CallExpression,
    callee: string,
    params: readonly A.Parameter[],
    generic?: { readonly vars: ReadonlySet<string>; readonly bound: Map<string, Type> },
  ): void {
    // A direct call binds every parameter; only optional ones and those with a default value
    // may be left out.
    const binding = bindArguments(e.args, params);
    if (!binding.ok) {
      this.reportBinding(e, callee, binding.problem);
      e.args.forEach((a) => this.type(a.value));
      return;
    }
    binding.pairs.forEach(([a, p]) => {
      const v = a.value;
      if (v.kind === "DontCareExpression") return;
      if ((p.direction === "out" || p.direction === "inout") && !this.isLValue(v)) {
        this.sink.report(messages.argumentNotAssignable, v.range, {
          text: printExpression(v),
          param: p.name.name,
          direction: p.direction,
        });
        return;
      }
      if (generic && mentions(p.type, generic.vars)) {
        const name =
          p.type.kind === "NamedTypeRef" && p.type.typeArgs.length === 0 ? p.type.name.name : "";
        if (!generic.vars.has(name))
          this.sink.report(messages.notChecked, v.range, {
            what: `an argument whose parameter type ('${printType(p.type)}' of ${callee}) holds a type variable inside another type`,
          });
        const have = generic.bound.get(name);
        if (have && known(have)) {
          this.assignable(have, v, `parameter '${p.name.name}'`);
          return;
        }
        const t = this.type(v);
        if (generic.vars.has(name) && known(t) && t.kind !== "infint") generic.bound.set(name, t);
        return;
      }
      const t = this.types.resolve(p.type);
      if (t.kind === "extern" || t.kind === "typevar" || !known(t)) {
        this.type(v);
        return;
      }
      // An `int` parameter takes any compile-time integer, sized ones included.
      if (t.kind === "infint" && p.direction === "none") {
        const given = underlying(this.type(v));
        if (known(given) && given.kind !== "infint" && !isInt(given))
          this.sink.report(messages.assignType, v.range, {
            value: typeToString(given),
            target: `parameter '${p.name.name}'`,
            type: "int",
          });
        return;
      }
      this.assignable(t, v, `parameter '${p.name.name}'`);
    });
  }

  private reportBinding(
    e: A.CallExpression,
    callee: string,
    problem: Extract<Binding, { ok: false }>["problem"],
  ): void {
    switch (problem.kind) {
      case "count":
        this.sink.report(messages.wrongArgumentCount, e.range, {
          method: callee,
          expected:
            problem.min === problem.max ? String(problem.max) : `${problem.min} to ${problem.max}`,
          count: e.args.length,
        });
        return;
      case "mixed":
        this.sink.report(messages.mixedArguments, problem.at.range, { callee });
        return;
      case "unknownName":
        this.sink.report(messages.unknownParameterName, problem.at.name.range, {
          callee,
          name: problem.at.name.name,
        });
        return;
      case "twice":
        this.sink.report(messages.argumentTwice, problem.at.name.range, {
          callee,
          name: problem.at.name.name,
        });
        return;
      case "missing":
        this.sink.report(messages.missingArgument, e.range, {
          callee,
          name: problem.param.name.name,
        });
        return;
      default:
        return assertNever(problem, "argument binding problem");
    }
  }

  /** Actions callable by name where the checked body is: top-level ones and the control's. */
  private actions = new Map<string, A.ActionDeclaration>();

  setTopLevelActions(list: readonly A.ActionDeclaration[]): void {
    this.topActions = new Map(list.map((a) => [a.name.name, a]));
    this.actions = new Map(this.topActions);
  }

  private topActions = new Map<string, A.ActionDeclaration>();

  private arity(e: A.CallExpression, method: string, allowed: readonly number[]): boolean {
    if (allowed.includes(e.args.length)) return true;
    this.sink.report(messages.wrongArgumentCount, e.range, {
      method,
      expected: allowed.join(" or "),
      count: e.args.length,
    });
    e.args.forEach((a) => this.type(a.value));
    return false;
  }

  private call(e: A.CallExpression): Type {
    const args = e.args.map((a) => a.value);
    const VOID: Type = { kind: "void" };
    if (
      e.callee.kind === "NameExpression" &&
      e.callee.name.name === "verify" &&
      !this.lookup("verify")
    ) {
      if (!this.arity(e, "verify", [2])) return VOID;
      this.condition(args[0]!, "The first argument of verify");
      const t = this.type(args[1]!);
      if (known(t) && t.kind !== "error")
        this.sink.report(messages.assignType, args[1]!.range, {
          value: typeToString(t),
          target: "verify's error",
          type: "error",
        });
      return VOID;
    }
    if (e.callee.kind !== "MemberExpression") {
      const action =
        e.callee.kind === "NameExpression" ? this.actions.get(e.callee.name.name) : undefined;
      if (action) {
        this.arguments(e, action.name.name, action.parameters);
        return VOID;
      }
      // Extern functions overload by their number of parameters.
      const fn =
        e.callee.kind === "NameExpression" && !this.lookup(e.callee.name.name)
          ? this.env
              .lookupAll(e.callee.name.name)
              .filter((d) => d.kind === "ExternFunctionDeclaration")
          : [];
      const one = pickOverload(fn, e.args);
      if (one?.kind === "ExternFunctionDeclaration")
        return this.genericCall(
          e,
          one.name.name,
          one.parameters,
          one.typeParameters,
          [],
          one.returnType,
        );
      const f =
        e.callee.kind === "NameExpression" && !this.lookup(e.callee.name.name)
          ? this.env.lookup(e.callee.name.name)
          : undefined;
      if (f?.kind === "FunctionDeclaration")
        return this.genericCall(e, f.name.name, f.parameters, f.typeParameters, [], f.returnType);
      // An extern constructor, as in a table's `implementation = hash_table(1024)`.
      if (f?.kind === "ExternObjectDeclaration") {
        const ctors = f.methods.filter((m) => m.isConstructor);
        const ctor = pickOverload(ctors, e.args);
        if (ctor) {
          const vars = new Set(f.typeParameters.map((t) => t.name.name));
          const bound = new Map<string, Type>();
          this.arguments(
            e,
            f.name.name,
            ctor.parameters,
            vars.size > 0 ? { vars, bound } : undefined,
          );
          return {
            kind: "extern",
            name: f.name.name,
            decl: f,
            args: f.typeParameters.map((t) => bound.get(t.name.name) ?? UNKNOWN),
          };
        }
      }
      return this.unchecked(e);
    }
    const method = e.callee.member.name;
    const object = e.callee.object;
    if (object.kind === "NameExpression" && this.tables.has(object.name.name)) {
      if (method !== "apply") {
        this.sink.report(messages.unknownMethod, e.callee.member.range, {
          type: `table ${object.name.name}`,
          method,
          hint: " (a table has only 'apply')",
        });
        args.forEach((a) => this.type(a));
      } else this.arity(e, method, [0]);
      return UNKNOWN;
    }
    const target = this.type(object);
    if (target.kind === "extern" && target.name === "packet_in") return this.packetCall(e, method);
    if (target.kind === "extern") return this.externCall(e, method, target);
    if (/^(min|max)SizeIn(Bits|Bytes)$/.test(method)) {
      this.arity(e, method, [0]);
      return INFINT;
    }
    if (method === "isValid" || method === "setValid" || method === "setInvalid") {
      if (!this.arity(e, method, [0])) return method === "isValid" ? BOOL : VOID;
      if (known(target) && target.kind !== "header" && target.kind !== "union")
        this.sink.report(messages.notAHeaderMethod, e.callee.member.range, {
          method,
          type: typeToString(target),
        });
      return method === "isValid" ? BOOL : VOID;
    }
    // A sub-parser's or a control's apply takes the declaration's parameters.
    if (
      method === "apply" &&
      (target.kind === "parser" || target.kind === "control") &&
      (target.decl.kind === "ParserDeclaration" || target.decl.kind === "ControlDeclaration")
    ) {
      this.arguments(e, `${target.name}.apply`, target.decl.parameters);
      return VOID;
    }
    if (target.kind === "stack" && (method === "push_front" || method === "pop_front")) {
      if (!this.arity(e, method, [1])) return VOID;
      const n = this.constants.evaluate(args[0]!);
      if (n === undefined || n < 0n)
        this.sink.report(messages.stackShiftCount, args[0]!.range, { method });
      return VOID;
    }
    // A mistake already reported (an unknown name) is not a second diagnostic.
    if (!known(target)) {
      args.forEach((a) => this.type(a));
      return UNKNOWN;
    }
    return this.unchecked(e);
  }

  /** A call the checker has no rule for: its arguments are typed, and a warning names it. */
  private unchecked(e: A.CallExpression): Type {
    e.args.forEach((a) => this.type(a.value));
    if (
      e.callee.kind === "NameExpression" &&
      !this.env.lookup(e.callee.name.name) &&
      !this.lookup(e.callee.name.name)
    )
      return UNKNOWN;
    this.sink.report(messages.notChecked, e.range, {
      what: `the call '${printExpression(e)}'`,
    });
    return UNKNOWN;
  }

  private packetCall(e: A.CallExpression, method: string): Type {
    const args = e.args.map((a) => a.value);
    const VOID: Type = { kind: "void" };
    switch (method) {
      case "extract": {
        if (!this.arity(e, method, [1, 2])) return VOID;
        const root = rootName(args[0]!);
        if (root !== undefined && this.lookup(root) !== undefined && !this.isLValue(args[0]!)) {
          this.sink.report(messages.argumentNotAssignable, args[0]!.range, {
            text: printExpression(args[0]!),
            param: "hdr",
            direction: "out",
          });
          return VOID;
        }
        const h = this.type(args[0]!);
        if (known(h) && h.kind !== "header") {
          this.sink.report(messages.extractNotHeader, args[0]!.range, { type: typeToString(h) });
          return VOID;
        }
        if (h.kind === "header") {
          const varbit = h.fields.some((f) => f.type.kind === "varbit");
          if (varbit !== (args.length === 2))
            this.sink.report(messages.extractForm, e.range, {
              type: typeToString(h),
              reason: varbit
                ? "it has a varbit field, so pass the varbit's size in bits as a second argument"
                : "it has no varbit field, so it takes no size argument",
            });
        }
        if (args[1]) {
          const t = this.type(args[1]);
          if (known(t) && !(t.kind === "infint" || (t.kind === "bit" && t.width === 32)))
            this.sink.report(messages.assignType, args[1].range, {
              value: typeToString(t),
              target: "extract's varbit size",
              type: "bit<32>",
            });
        }
        return VOID;
      }
      case "lookahead": {
        if (!this.arity(e, method, [0])) return UNKNOWN;
        const t = e.typeArgs[0] ? this.types.resolve(e.typeArgs[0]) : UNKNOWN;
        if (known(t) && !fixedWidth(t))
          this.sink.report(messages.lookaheadType, e.range, { type: typeToString(t) });
        return t;
      }
      case "advance": {
        if (!this.arity(e, method, [1])) return VOID;
        const t = this.type(args[0]!);
        if (known(t) && !(t.kind === "infint" || (t.kind === "bit" && t.width === 32)))
          this.sink.report(messages.assignType, args[0]!.range, {
            value: typeToString(t),
            target: "advance's bit count",
            type: "bit<32>",
          });
        return VOID;
      }
      case "length":
        this.arity(e, method, [0]);
        return U32;
      default: {
        const guess = closest(method, ["extract", "lookahead", "advance", "length"]);
        this.sink.report(
          messages.unknownMethod,
          e.callee.kind === "MemberExpression" ? e.callee.member.range : e.range,
          {
            type: "packet_in",
            method,
            hint: guess ? ` (did you mean '${guess}'?)` : "",
          },
        );
        args.forEach((a) => this.type(a));
        return UNKNOWN;
      }
    }
  }
}

function fixedWidth(t: Type): boolean {
  switch (t.kind) {
    case "bit":
    case "int":
    case "bool":
      return true;
    case "header":
    case "struct":
      return t.fields.every((f) => fixedWidth(f.type));
    case "enum":
      return t.underlying !== undefined;
    case "newtype":
      return fixedWidth(t.base);
    default:
      return false;
  }
}

/** The variable an lvalue is rooted at (`hdr` for `hdr.ipv4.ttl`). */
function rootName(e: A.Expression): string | undefined {
  switch (e.kind) {
    case "NameExpression":
      return e.name.name;
    case "MemberExpression":
    case "IndexExpression":
    case "SliceExpression":
      return rootName(e.object);
    default:
      return undefined;
  }
}

/** Whether a type reference names one of `names` anywhere inside it. */
function mentions(t: A.TypeRef, names: ReadonlySet<string>): boolean {
  switch (t.kind) {
    case "NamedTypeRef":
      return names.has(t.name.name) || t.typeArgs.some((a) => mentions(a, names));
    case "HeaderStackTypeRef":
    case "ListTypeRef":
      return mentions(t.element, names);
    case "TupleTypeRef":
      return t.elements.some((e) => mentions(e, names));
    default:
      return false;
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

/** A serializable enum's underlying type; any other type as it is. */
function underlying(t: Type): Type {
  return t.kind === "enum" && t.underlying ? t.underlying : t;
}
