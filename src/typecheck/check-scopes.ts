// Declaration-level rules that need no types: names declared twice in one scope (parameters of
// every kind of declaration, type parameters, parser and control locals, a state named like a
// local, variables of one block, actions listed twice in a table, switch labels), where `return`,
// `exit`, `break` and `continue` may stand, `default` last in a switch, no default value for an
// `out` or `inout` parameter, and an action's directional parameters before its directionless
// ones (recursion is check-recursion's).

import { assertNever } from "../diagnostics/diagnostic.js";
import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import { printExpression } from "../frontend/printer.js";

/** What a body is, for the placement rules of `return` and `exit`. */
type Body =
  | { readonly kind: "parser" }
  | { readonly kind: "control" }
  | { readonly kind: "action"; readonly name: string }
  | { readonly kind: "function"; readonly name: string; readonly returnsValue: boolean };

export class ScopeRules {
  constructor(private readonly sink: DiagnosticSink) {}

  checkProgram(program: A.Program): void {
    for (const d of program.declarations) this.declaration(d);
  }

  /** Reports the second and later uses of a name among `ids`. */
  private unique(ids: readonly A.Identifier[]): void {
    const seen = new Map<string, A.Identifier>();
    for (const id of ids) {
      if (id.name === "") continue;
      const first = seen.get(id.name);
      if (first)
        this.sink.report(messages.duplicateDeclaration, id.range, { name: id.name }, [
          { message: "The earlier declaration is here.", range: first.range },
        ]);
      else seen.set(id.name, id);
    }
  }

  private params(...lists: (readonly A.Parameter[])[]): void {
    this.unique(lists.flat().map((p) => p.name));
    for (const p of lists.flat())
      if (p.defaultValue && (p.direction === "out" || p.direction === "inout"))
        this.sink.report(messages.parameterRule, p.defaultValue.range, {
          name: p.name.name,
          reason: `an ${p.direction} parameter cannot have a default value`,
        });
  }

  /** An action's directional parameters come first; the control plane supplies the rest. */
  private actionParameterOrder(d: A.ActionDeclaration): void {
    const first = d.parameters.findIndex((p) => p.direction === "none");
    if (first < 0) return;
    const late = d.parameters.slice(first).find((p) => p.direction !== "none");
    if (late)
      this.sink.report(messages.parameterRule, late.range, {
        name: late.name.name,
        reason: `this ${late.direction} parameter of action '${d.name.name}' comes after the directionless '${d.parameters[first]!.name.name}'; directional parameters come first`,
      });
  }

  private typeParams(list: readonly A.TypeParameter[]): void {
    this.unique(list.map((t) => t.name));
  }

  private declaration(d: A.Declaration): void {
    switch (d.kind) {
      case "ExternObjectDeclaration":
        this.typeParams(d.typeParameters);
        for (const m of d.methods) {
          this.typeParams([...d.typeParameters, ...m.typeParameters]);
          this.params(m.parameters);
        }
        return;
      case "ExternFunctionDeclaration":
        this.typeParams(d.typeParameters);
        this.params(d.parameters);
        return;
      case "ParserTypeDeclaration":
      case "ControlTypeDeclaration":
      case "PackageTypeDeclaration":
        this.typeParams(d.typeParameters);
        this.params(d.parameters);
        return;
      case "HeaderTypeDeclaration":
      case "HeaderUnionDeclaration":
      case "StructTypeDeclaration":
        this.typeParams(d.typeParameters);
        return;
      case "ActionDeclaration":
        this.params(d.parameters);
        this.actionParameterOrder(d);
        this.body(d.body, { kind: "action", name: d.name.name });
        return;
      case "FunctionDeclaration":
        this.typeParams(d.typeParameters);
        this.params(d.parameters);
        this.body(d.body, {
          kind: "function",
          name: d.name.name,
          returnsValue: !(d.returnType.kind === "BaseTypeRef" && d.returnType.base === "void"),
        });
        return;
      case "ParserDeclaration": {
        this.typeParams(d.typeParameters);
        const names = [...d.parameters, ...d.constructorParameters].map((p) => p.name);
        // States share the parser's namespace (duplicate states are check-parser's to report).
        const states = d.states.filter(
          (s, i) => d.states.findIndex((t) => t.name.name === s.name.name) === i,
        );
        this.unique([...names, ...localNames(d.locals), ...states.map((s) => s.name)]);
        for (const s of d.states) this.statements(s.statements, { kind: "parser" }, 0);
        return;
      }
      case "ControlDeclaration": {
        this.typeParams(d.typeParameters);
        const names = [...d.parameters, ...d.constructorParameters].map((p) => p.name);
        this.unique([...names, ...localNames(d.locals)]);
        for (const l of d.locals) {
          if (l.kind === "TableDeclaration") this.table(l);
          else this.declaration(l);
        }
        this.body(d.apply, { kind: "control" });
        return;
      }
      case "ConstantDeclaration":
      case "VariableDeclaration":
      case "InstantiationDeclaration":
      case "EnumDeclaration":
      case "TypedefDeclaration":
      case "NewTypeDeclaration":
      case "ErrorDeclaration":
      case "MatchKindDeclaration":
      case "TableDeclaration":
      case "ValueSetDeclaration":
        return;
      default:
        return assertNever(d, "declaration");
    }
  }

  private table(t: A.TableDeclaration): void {
    const props = t.properties.map((p) =>
      p.kind === "TableKeyProperty"
        ? { name: "key", range: p.range }
        : p.kind === "TableActionsProperty"
          ? { name: "actions", range: p.range }
          : p.kind === "TableEntriesProperty"
            ? { name: "entries", range: p.range }
            : { name: p.name.name, range: p.name.range },
    );
    this.unique(props.map((p) => ({ kind: "Identifier", ...p })));
    for (const p of t.properties)
      if (p.kind === "TableActionsProperty") this.unique(p.actions.map((a) => a.name));
  }

  private body(b: A.BlockStatement, body: Body): void {
    this.statements(b.statements, body, 0);
  }

  /** One block: the names it declares must differ (inner blocks may shadow them). */
  private statements(list: readonly A.Statement[], body: Body, loops: number): void {
    this.unique(
      list.flatMap((s) => (s.kind === "DeclarationStatement" ? [s.declaration.name] : [])),
    );
    for (const s of list) this.statement(s, body, loops);
  }

  private statement(s: A.Statement, body: Body, loops: number): void {
    switch (s.kind) {
      case "BlockStatement":
        this.statements(s.statements, body, loops);
        return;
      case "IfStatement":
        this.nested(s.then, body, loops);
        if (s.else) this.nested(s.else, body, loops);
        return;
      case "SwitchStatement":
        this.switchCases(s);
        for (const c of s.cases) if (c.body) this.nested(c.body, body, loops);
        return;
      case "ForStatement":
      case "ForInStatement":
        this.nested(s.body, body, loops + 1);
        return;
      case "ReturnStatement":
        if (body.kind === "parser")
          this.sink.report(messages.misplacedStatement, s.range, {
            what: "'return'",
            where: "a parser state",
          });
        else if (body.kind === "function" && body.returnsValue && !s.value)
          this.sink.report(messages.returnValue, s.range, {
            reason: `function '${body.name}' must return a value`,
          });
        else if (body.kind !== "function" && s.value)
          this.sink.report(messages.returnValue, s.value.range, {
            reason: `${body.kind === "action" ? `action '${body.name}'` : "a control's apply block"} returns no value`,
          });
        else if (body.kind === "function" && !body.returnsValue && s.value)
          this.sink.report(messages.returnValue, s.value.range, {
            reason: `function '${body.name}' returns void`,
          });
        return;
      case "ExitStatement":
        if (body.kind === "parser" || body.kind === "function")
          this.sink.report(messages.misplacedStatement, s.range, {
            what: "'exit'",
            where: body.kind === "parser" ? "a parser state" : "a function",
          });
        return;
      case "BreakStatement":
      case "ContinueStatement":
        if (loops === 0)
          this.sink.report(messages.misplacedStatement, s.range, {
            what: s.kind === "BreakStatement" ? "'break'" : "'continue'",
            where: "code outside a loop",
          });
        return;
      case "AssignmentStatement":
      case "CallStatement":
      case "DirectApplicationStatement":
      case "EmptyStatement":
      case "DeclarationStatement":
        return;
      default:
        return assertNever(s, "statement");
    }
  }

  /** A statement in a branch or loop body. */
  private nested(s: A.Statement, body: Body, loops: number): void {
    this.statement(s, body, loops);
  }

  private switchCases(s: A.SwitchStatement): void {
    const labels = new Map<string, A.SwitchCase>();
    s.cases.forEach((c, i) => {
      if (c.label.kind === "DefaultLabel") {
        if (i !== s.cases.length - 1) this.sink.report(messages.defaultNotLast, c.label.range, {});
        return;
      }
      const text = printExpression(c.label);
      const first = labels.get(text);
      if (first)
        this.sink.report(messages.duplicateLabel, c.label.range, { label: text }, [
          { message: "The earlier label is here.", range: first.label.range },
        ]);
      else labels.set(text, c);
    });
  }
}

/** The names a parser's or control's locals declare. */
function localNames(locals: readonly A.Declaration[]): A.Identifier[] {
  return locals.flatMap((l) => ("name" in l && l.name.name !== "" ? [l.name] : []));
}
