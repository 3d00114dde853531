// Name resolution inside bodies: every name used as a value or a type must be declared in an
// enclosing scope (block, declaration locals and parameters, top level). Member names after
// `.` are checked by the expression typer, not here. Also resolves every TypeRef met on the way,
// so an unknown type anywhere in the program is reported.

import { transitionTargets } from "./ast-nodes.js";
import { assertNever } from "../diagnostics/diagnostic.js";
import type * as A from "../frontend/ast.js";
import type { Environment } from "./environment.js";
import { isTypeRef, type TypeResolver } from "./resolve-types.js";
import type { Referent } from "./typed-program.js";

/** A lexical scope: names declared here, then the parent's. */
class Scope {
  private readonly names = new Map<string, Referent>();
  constructor(
    readonly parent: Scope | undefined,
    readonly typeParams: ReadonlySet<string> = parent?.typeParams ?? new Set(),
  ) {}
  add(name: string, declaration: Referent): void {
    if (name !== "") this.names.set(name, declaration);
  }
  has(name: string): boolean {
    return this.names.has(name) || (this.parent?.has(name) ?? false);
  }
  /** What the name is declared as in this scope or the nearest enclosing one. */
  get(name: string): Referent | undefined {
    return this.names.get(name) ?? this.parent?.get(name);
  }
  all(): string[] {
    return [...this.names.keys(), ...(this.parent?.all() ?? [])];
  }
}

/** Names every program may use as values without declaring them. */
const BUILTIN_VALUES = new Set(["error", "accept", "reject"]);

export class NameChecker {
  /** The declaration of every name use resolved (a side table of the checker's result). */
  readonly references = new Map<A.Identifier, Referent>();

  constructor(
    private readonly env: Environment,
    private readonly types: TypeResolver,
  ) {}

  checkProgram(program: A.Program): void {
    const top = new Scope(undefined);
    for (const d of program.declarations) this.declaration(d, top);
  }

  private type(t: A.TypeRef, scope: Scope): void {
    this.types.resolve(t, scope.typeParams);
    this.typeNames(t, scope);
  }

  /** Records the declaration each type name in `t` refers to. */
  private typeNames(t: A.TypeRef, scope: Scope): void {
    switch (t.kind) {
      case "NamedTypeRef": {
        const d = scope.typeParams.has(t.name.name) ? undefined : this.env.lookup(t.name.name);
        if (d) this.references.set(t.name, d);
        t.typeArgs.forEach((a) => this.typeNames(a, scope));
        return;
      }
      case "BaseTypeRef":
        if (t.width) this.constantNames(t.width);
        return;
      case "HeaderStackTypeRef":
        this.typeNames(t.element, scope);
        this.constantNames(t.size);
        return;
      case "ListTypeRef":
        this.typeNames(t.element, scope);
        return;
      case "TupleTypeRef":
        t.elements.forEach((x) => this.typeNames(x, scope));
        return;
      case "DontCareTypeRef":
        return;
      default:
        return assertNever(t, "type reference");
    }
  }

  /**
   * Records the top-level constants a width or a stack size names (the type resolver evaluates
   * those and reports what is not a constant, so an unknown name here is not reported again).
   */
  private constantNames(e: A.Expression): void {
    switch (e.kind) {
      case "NameExpression": {
        const d = this.env.lookup(e.name.name);
        if (d) this.references.set(e.name, d);
        return;
      }
      case "UnaryExpression":
      case "CastExpression":
        this.constantNames(e.operand);
        return;
      case "BinaryExpression":
        this.constantNames(e.left);
        this.constantNames(e.right);
        return;
      case "TernaryExpression":
        this.constantNames(e.condition);
        this.constantNames(e.then);
        this.constantNames(e.else);
        return;
      case "SliceExpression":
        this.constantNames(e.object);
        this.constantNames(e.high);
        this.constantNames(e.low);
        return;
      case "IntegerLiteral":
      case "BooleanLiteral":
      case "StringLiteral":
      case "ThisExpression":
      case "DontCareExpression":
      case "MemberExpression":
      case "IndexExpression":
      case "CallExpression":
      case "ListExpression":
      case "StructExpression":
      case "InvalidHeaderExpression":
      case "TypeExpression":
      case "MaskExpression":
      case "RangeExpression":
        return;
      default:
        return assertNever(e, "expression");
    }
  }

  private withTypeParams(scope: Scope, params: readonly A.TypeParameter[]): Scope {
    if (params.length === 0) return new Scope(scope);
    return new Scope(scope, new Set([...scope.typeParams, ...params.map((p) => p.name.name)]));
  }

  private params(list: readonly A.Parameter[], scope: Scope): void {
    for (const p of list) {
      this.type(p.type, scope);
      if (p.defaultValue) this.expression(p.defaultValue, scope);
      scope.add(p.name.name, p);
    }
  }

  private declaration(d: A.Declaration, scope: Scope): void {
    switch (d.kind) {
      case "ConstantDeclaration":
        this.type(d.type, scope);
        this.expression(d.value, scope);
        scope.add(d.name.name, d);
        return;
      case "VariableDeclaration":
        this.type(d.type, scope);
        if (d.initializer) this.expression(d.initializer, scope);
        scope.add(d.name.name, d);
        return;
      case "InstantiationDeclaration": {
        this.type(d.type, scope);
        for (const a of d.args) this.expression(a.value, scope);
        const inner = new Scope(scope);
        for (const x of d.body ?? []) this.declaration(x, inner);
        scope.add(d.name.name, d);
        return;
      }
      case "ExternObjectDeclaration": {
        const s = this.withTypeParams(scope, d.typeParameters);
        for (const m of d.methods) {
          const ms = this.withTypeParams(s, m.typeParameters);
          if (m.returnType) this.type(m.returnType, ms);
          this.params(m.parameters, ms);
        }
        return;
      }
      case "ExternFunctionDeclaration": {
        const s = this.withTypeParams(scope, d.typeParameters);
        this.type(d.returnType, s);
        this.params(d.parameters, s);
        return;
      }
      case "ActionDeclaration": {
        const s = new Scope(scope);
        this.params(d.parameters, s);
        this.block(d.body, s);
        scope.add(d.name.name, d);
        return;
      }
      case "FunctionDeclaration": {
        const s = this.withTypeParams(scope, d.typeParameters);
        this.type(d.returnType, s);
        this.params(d.parameters, s);
        this.block(d.body, s);
        return;
      }
      case "ParserTypeDeclaration":
      case "ControlTypeDeclaration":
      case "PackageTypeDeclaration":
        this.params(d.parameters, this.withTypeParams(scope, d.typeParameters));
        return;
      case "ParserDeclaration": {
        const s = this.withTypeParams(scope, d.typeParameters);
        this.params(d.parameters, s);
        this.params(d.constructorParameters, s);
        for (const l of d.locals) this.declaration(l, s);
        for (const st of d.states) {
          const ss = new Scope(s);
          for (const x of st.statements) this.statement(x, ss);
          const t = st.transition;
          for (const target of transitionTargets(t)) {
            const state = d.states.find((x) => x.name.name === target.name);
            if (state) this.references.set(target, state);
          }
          if (t?.kind === "SelectTransition") {
            for (const k of t.select.keys) this.expression(k, ss);
            for (const c of t.select.cases) for (const k of c.keysets) this.keyset(k, ss);
          }
        }
        return;
      }
      case "ControlDeclaration": {
        const s = this.withTypeParams(scope, d.typeParameters);
        this.params(d.parameters, s);
        this.params(d.constructorParameters, s);
        // Actions and tables may refer to each other in any order.
        for (const l of d.locals)
          if (l.kind === "ActionDeclaration" || l.kind === "TableDeclaration")
            s.add(l.name.name, l);
        for (const l of d.locals) this.declaration(l, s);
        this.block(d.apply, s);
        return;
      }
      case "HeaderTypeDeclaration":
      case "HeaderUnionDeclaration":
      case "StructTypeDeclaration": {
        const s = this.withTypeParams(scope, d.typeParameters);
        for (const f of d.fields) this.type(f.type, s);
        return;
      }
      case "EnumDeclaration":
        if (d.underlyingType) this.type(d.underlyingType, scope);
        for (const m of d.members) if (m.value) this.expression(m.value, scope);
        return;
      case "TypedefDeclaration":
      case "NewTypeDeclaration":
        if (isTypeRef(d.type)) this.type(d.type, scope);
        else this.declaration(d.type, scope);
        return;
      case "ValueSetDeclaration":
        this.type(d.elementType, scope);
        this.expression(d.size, scope);
        scope.add(d.name.name, d);
        return;
      case "TableDeclaration":
        for (const p of d.properties) this.tableProperty(p, scope);
        scope.add(d.name.name, d);
        return;
      case "ErrorDeclaration":
      case "MatchKindDeclaration":
        return;
    }
  }

  private tableProperty(p: A.TableProperty, scope: Scope): void {
    switch (p.kind) {
      case "TableKeyProperty":
        for (const k of p.elements) this.expression(k.expression, scope);
        return;
      case "TableActionsProperty":
        for (const a of p.actions) this.actionRef(a, scope);
        return;
      case "TableEntriesProperty":
        for (const e of p.entries) {
          for (const k of e.keysets) this.keyset(k, scope);
          if (e.priority) this.expression(e.priority, scope);
          this.actionRef(e.action, scope);
        }
        return;
      case "TableValueProperty":
        this.expression(p.value, scope);
        return;
    }
  }

  private actionRef(a: A.ActionRef, scope: Scope): void {
    this.name(a.name, a.global, scope);
    for (const x of a.args ?? []) this.expression(x.value, scope);
  }

  private keyset(k: A.Keyset, scope: Scope): void {
    switch (k.kind) {
      case "ExpressionKeyset":
        this.expression(k.value, scope);
        return;
      case "MaskKeyset":
        this.expression(k.value, scope);
        this.expression(k.mask, scope);
        return;
      case "RangeKeyset":
        this.expression(k.low, scope);
        this.expression(k.high, scope);
        return;
      case "DefaultKeyset":
      case "DontCareKeyset":
        return;
      default:
        return assertNever(k, "keyset");
    }
  }

  private block(b: A.BlockStatement, parent: Scope): void {
    const s = new Scope(parent);
    for (const st of b.statements) this.statement(st, s);
  }

  private statement(st: A.Statement, scope: Scope): void {
    switch (st.kind) {
      case "AssignmentStatement":
        this.expression(st.target, scope);
        this.expression(st.value, scope);
        return;
      case "CallStatement":
        this.expression(st.call, scope);
        return;
      case "DirectApplicationStatement":
        this.type(st.type, scope);
        for (const a of st.args) this.expression(a.value, scope);
        return;
      case "ReturnStatement":
        if (st.value) this.expression(st.value, scope);
        return;
      case "IfStatement":
        this.expression(st.condition, scope);
        this.statement(st.then, new Scope(scope));
        if (st.else) this.statement(st.else, new Scope(scope));
        return;
      case "SwitchStatement":
        this.expression(st.subject, scope);
        for (const c of st.cases) {
          if (c.label.kind !== "DefaultLabel") this.expression(c.label, scope);
          if (c.body) this.block(c.body, scope);
        }
        return;
      case "BlockStatement":
        this.block(st, scope);
        return;
      case "DeclarationStatement":
        this.declaration(st.declaration, scope);
        return;
      case "ForStatement": {
        const s = new Scope(scope);
        for (const x of st.init) this.statement(x, s);
        if (st.condition) this.expression(st.condition, s);
        for (const x of st.update) this.statement(x, s);
        this.statement(st.body, new Scope(s));
        return;
      }
      case "ForInStatement": {
        if (st.variableType) this.type(st.variableType, scope);
        this.expression(st.collection, scope);
        const s = new Scope(scope);
        s.add(st.variable.name, st.variable);
        this.statement(st.body, s);
        return;
      }
      case "EmptyStatement":
      case "ExitStatement":
      case "BreakStatement":
      case "ContinueStatement":
        return;
    }
  }

  private name(id: A.Identifier, global: boolean, scope: Scope): void {
    const n = id.name;
    if (n === "" || BUILTIN_VALUES.has(n)) return;
    const local = global ? undefined : scope.get(n);
    if (local) {
      this.references.set(id, local);
      return;
    }
    if (!global && scope.typeParams.has(n)) return;
    const top = this.env.lookup(n);
    if (top) {
      this.references.set(id, top);
      return;
    }
    this.env.reportUnknown(n, id.range, global ? [] : scope.all());
  }

  private expression(e: A.Expression, scope: Scope): void {
    switch (e.kind) {
      case "NameExpression":
        this.name(e.name, e.global, scope);
        return;
      case "MemberExpression":
        this.expression(e.object, scope);
        return;
      case "IndexExpression":
        this.expression(e.object, scope);
        this.expression(e.index, scope);
        return;
      case "SliceExpression":
        this.expression(e.object, scope);
        this.expression(e.high, scope);
        this.expression(e.low, scope);
        return;
      case "CallExpression":
        this.expression(e.callee, scope);
        for (const t of e.typeArgs) this.type(t, scope);
        for (const a of e.args) this.expression(a.value, scope);
        return;
      case "UnaryExpression":
        this.expression(e.operand, scope);
        return;
      case "BinaryExpression":
        this.expression(e.left, scope);
        this.expression(e.right, scope);
        return;
      case "TernaryExpression":
        this.expression(e.condition, scope);
        this.expression(e.then, scope);
        this.expression(e.else, scope);
        return;
      case "CastExpression":
        this.type(e.type, scope);
        this.expression(e.operand, scope);
        return;
      case "ListExpression":
        for (const x of e.elements) this.expression(x, scope);
        return;
      case "StructExpression":
        for (const m of e.members) this.expression(m.value, scope);
        return;
      case "TypeExpression":
        this.type(e.type, scope);
        return;
      case "MaskExpression":
        this.expression(e.value, scope);
        this.expression(e.mask, scope);
        return;
      case "RangeExpression":
        this.expression(e.low, scope);
        this.expression(e.high, scope);
        return;
      case "IntegerLiteral":
      case "BooleanLiteral":
      case "StringLiteral":
      case "ThisExpression":
      case "DontCareExpression":
      case "InvalidHeaderExpression":
        return;
    }
  }
}
