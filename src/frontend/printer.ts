// The AST→P4 printer (`--pp`, the language server's formatting): two-space indentation, one
// declaration per line group, parentheses only where precedence needs them. Printing what it
// parses gives back the same text: print(parse(print(ast))) === print(ast).

import { assertNever } from "../diagnostics/diagnostic.js";
import type * as A from "./ast.js";
import { BINARY_PRECEDENCE } from "./precedence.js";

const UNARY_PREC = 11;
const POSTFIX_PREC = 12;

export function printProgram(p: A.Program): string {
  const out = new Out();
  p.declarations.forEach((d, i) => {
    if (i > 0 && (isBlockish(d) || isBlockish(p.declarations[i - 1]!))) out.line("");
    printDeclaration(out, d);
  });
  return out.text();
}

/** One declaration on its own, as printProgram prints it (the language server's formatting). */
export function printDeclarationText(d: A.Declaration): string {
  const out = new Out();
  printDeclaration(out, d);
  return out.text();
}

function isBlockish(d: A.Declaration): boolean {
  return (
    ![
      "ConstantDeclaration",
      "TypedefDeclaration",
      "NewTypeDeclaration",
      "VariableDeclaration",
      "InstantiationDeclaration",
    ].includes(d.kind) ||
    (d.kind === "InstantiationDeclaration" && d.body !== undefined)
  );
}

class Out {
  private readonly lines: string[] = [];
  private indent = 0;
  line(s: string): void {
    this.lines.push(s === "" ? "" : "  ".repeat(this.indent) + s);
  }
  nest(f: () => void): void {
    this.indent++;
    f();
    this.indent--;
  }
  text(): string {
    return this.lines.join("\n") + "\n";
  }
}

// Annotations, types, parameters ---------------------------------------------------------------

export function printAnnotation(a: A.Annotation): string {
  const name = `@${a.name.name}`;
  switch (a.body.kind) {
    case "empty":
      return name;
    case "unparsed":
      return a.name.name === "pragma"
        ? `${name} ${a.body.tokens.join(" ")}`
        : `${name}(${joinTokens(a.body.tokens)})`;
    case "expressions":
      return `${name}[${a.body.items.map(printExpression).join(", ")}]`;
    case "keyValues":
      return `${name}[${a.body.items.map((i) => `${i.name.name} = ${printExpression(i.value)}`).join(", ")}]`;
    default:
      return assertNever(a.body, "annotation body");
  }
}

function joinTokens(tokens: readonly string[]): string {
  let s = "";
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const tight =
      i === 0 || t === "," || t === ")" || prev === "(" || t === "(" || t === "." || prev === ".";
    s += (tight ? "" : " ") + t;
  });
  return s;
}

function annotationsPrefix(list: readonly A.Annotation[]): string {
  return list.map((a) => printAnnotation(a) + " ").join("");
}

function pragmaLines(out: Out, list: readonly A.Annotation[]): readonly A.Annotation[] {
  // `@pragma` runs to the end of its line, so it gets a line of its own.
  for (const a of list.filter((x) => x.name.name === "pragma" && x.body.kind === "unparsed"))
    out.line(printAnnotation(a));
  return list.filter((x) => !(x.name.name === "pragma" && x.body.kind === "unparsed"));
}

export function printType(t: A.TypeRef): string {
  switch (t.kind) {
    case "BaseTypeRef":
      if (!t.width) return t.base;
      return `${t.base}<${t.width.kind === "IntegerLiteral" ? t.width.text : t.width.kind === "NameExpression" ? printExpression(t.width) : `(${printExpression(t.width)})`}>`;
    case "NamedTypeRef":
      return `${t.global ? "." : ""}${t.name.name}${t.typeArgs.length ? `<${t.typeArgs.map(printType).join(", ")}>` : ""}`;
    case "HeaderStackTypeRef":
      return `${printType(t.element)}[${printExpression(t.size)}]`;
    case "TupleTypeRef":
      return `tuple<${t.elements.map(printType).join(", ")}>`;
    case "ListTypeRef":
      return `list<${printType(t.element)}>`;
    case "DontCareTypeRef":
      return "_";
    default:
      return assertNever(t, "type");
  }
}

function printParams(ps: readonly A.Parameter[]): string {
  return `(${ps
    .map(
      (p) =>
        `${annotationsPrefix(p.annotations)}${p.direction === "none" ? "" : p.direction + " "}${printType(p.type)} ${p.name.name}${p.defaultValue ? ` = ${printExpression(p.defaultValue)}` : ""}`,
    )
    .join(", ")})`;
}

function printTypeParams(ps: readonly A.TypeParameter[]): string {
  return ps.length ? `<${ps.map((p) => p.name.name).join(", ")}>` : "";
}

function printArgs(args: readonly A.Argument[]): string {
  return `(${args.map((a) => (a.name ? `${a.name.name} = ` : "") + printExpression(a.value)).join(", ")})`;
}

// Expressions ----------------------------------------------------------------------------------

export function printExpression(e: A.Expression): string {
  return expr(e, 0);
}

function wrap(s: string, own: number, min: number): string {
  return own < min ? `(${s})` : s;
}

function expr(e: A.Expression, min: number): string {
  switch (e.kind) {
    case "IntegerLiteral":
      return e.text;
    case "BooleanLiteral":
      return e.value ? "true" : "false";
    case "StringLiteral":
      return e.text;
    case "NameExpression":
      return (e.global ? "." : "") + e.name.name;
    case "ThisExpression":
      return "this";
    case "DontCareExpression":
      return "_";
    case "MemberExpression":
      return `${expr(e.object, POSTFIX_PREC)}.${e.member.name}`;
    case "IndexExpression":
      return `${expr(e.object, POSTFIX_PREC)}[${expr(e.index, 0)}]`;
    case "SliceExpression":
      return e.form === "colon"
        ? `${expr(e.object, POSTFIX_PREC)}[${expr(e.high, 0)}:${expr(e.low, 0)}]`
        : `${expr(e.object, POSTFIX_PREC)}[${expr(e.low, 0)} +: ${expr(e.high, 0)}]`;
    case "CallExpression":
      return `${expr(e.callee, POSTFIX_PREC)}${e.typeArgs.length ? `<${e.typeArgs.map(printType).join(", ")}>` : ""}${printArgs(e.args)}`;
    case "UnaryExpression": {
      const inner = expr(e.operand, UNARY_PREC);
      // Keep `- -x` from printing as `--x`.
      const sep =
        (e.operator === "-" || e.operator === "+") && inner.startsWith(e.operator) ? " " : "";
      return wrap(`${e.operator}${sep}${inner}`, UNARY_PREC, min);
    }
    case "BinaryExpression": {
      const p = BINARY_PRECEDENCE[e.operator] ?? 0;
      return wrap(`${expr(e.left, p)} ${e.operator} ${expr(e.right, p + 1)}`, p, min);
    }
    case "TernaryExpression":
      return wrap(
        `${expr(e.condition, 1)} ? ${expr(e.then, 0)} : ${expr(e.else, 0)}`,
        0,
        min === 0 ? 0 : min,
      );
    case "CastExpression":
      return wrap(`(${printType(e.type)}) ${expr(e.operand, UNARY_PREC)}`, UNARY_PREC, min);
    case "ListExpression": {
      const items = e.elements.map((x) => expr(x, 0));
      if (e.hasRest) items.push("...");
      return `{ ${items.join(", ")} }`.replace("{  }", "{ }");
    }
    case "StructExpression": {
      const items = e.members.map((m) => `${m.name.name} = ${expr(m.value, 0)}`);
      if (e.hasRest) items.push("...");
      return `{ ${items.join(", ")} }`;
    }
    case "InvalidHeaderExpression":
      return "{#}";
    case "TypeExpression":
      return printType(e.type);
    case "MaskExpression":
      return `${expr(e.value, 1)} &&& ${expr(e.mask, 1)}`;
    case "RangeExpression":
      return `${expr(e.low, 1)} .. ${expr(e.high, 1)}`;
    default:
      return assertNever(e, "expression");
  }
}

// Keysets ----------------------------------------------------------------------------------------

function printKeyset(k: A.Keyset): string {
  switch (k.kind) {
    case "DefaultKeyset":
      return "default";
    case "DontCareKeyset":
      return "_";
    case "ExpressionKeyset":
      return expr(k.value, 1);
    case "MaskKeyset":
      return `${expr(k.value, 1)} &&& ${expr(k.mask, 1)}`;
    case "RangeKeyset":
      return `${expr(k.low, 1)} .. ${expr(k.high, 1)}`;
    default:
      return assertNever(k, "keyset");
  }
}

function printKeysets(ks: readonly A.Keyset[], tuple: boolean): string {
  const inner = ks.map(printKeyset).join(", ");
  return tuple || ks.length !== 1 ? `(${inner})` : inner;
}

// Statements -------------------------------------------------------------------------------------

function printBlock(out: Out, b: A.BlockStatement, head: string): void {
  if (b.statements.length === 0) {
    out.line(`${head}{ }`.trimStart());
    return;
  }
  out.line(`${head}{`.trimStart());
  out.nest(() => b.statements.forEach((s) => printStatement(out, s)));
  out.line("}");
}

function simpleStatement(s: A.Statement): string | undefined {
  switch (s.kind) {
    case "AssignmentStatement":
      return `${printExpression(s.target)} ${s.operator} ${printExpression(s.value)};`;
    case "CallStatement":
      return `${printExpression(s.call)};`;
    case "DirectApplicationStatement":
      return `${printType(s.type)}.apply${printArgs(s.args)};`;
    case "EmptyStatement":
      return ";";
    case "ReturnStatement":
      return s.value ? `return ${printExpression(s.value)};` : "return;";
    case "ExitStatement":
      return "exit;";
    case "BreakStatement":
      return "break;";
    case "ContinueStatement":
      return "continue;";
    case "DeclarationStatement":
      return declarationLine(s.declaration);
    default:
      return undefined;
  }
}

function printStatement(out: Out, s: A.Statement, head = ""): void {
  const simple = simpleStatement(s);
  if (simple !== undefined) {
    if (
      s.kind === "DeclarationStatement" &&
      s.declaration.kind === "InstantiationDeclaration" &&
      s.declaration.body
    ) {
      printDeclaration(out, s.declaration);
      return;
    }
    out.line(head + simple);
    return;
  }
  switch (s.kind) {
    case "BlockStatement":
      printBlock(out, s, head + annotationsPrefix(s.annotations));
      return;
    case "IfStatement":
      printBranch(out, `${head}if (${printExpression(s.condition)}) `, s.then);
      if (s.else) {
        if (s.else.kind === "IfStatement") printStatement(out, s.else, "else ");
        else printBranch(out, "else ", s.else);
      }
      return;
    case "SwitchStatement":
      out.line(`${head}switch (${printExpression(s.subject)}) {`);
      out.nest(() => {
        for (const c of s.cases) {
          const label = c.label.kind === "DefaultLabel" ? "default" : printExpression(c.label);
          if (c.body) printBlock(out, c.body, `${label}: `);
          else out.line(`${label}:`);
        }
      });
      out.line("}");
      return;
    case "ForStatement": {
      const init = s.init.map((x) => (simpleStatement(x) ?? "").replace(/;$/, "")).join(", ");
      const update = s.update.map((x) => (simpleStatement(x) ?? "").replace(/;$/, "")).join(", ");
      const cond = s.condition ? printExpression(s.condition) : "";
      printBranch(
        out,
        `${head}${annotationsPrefix(s.annotations)}for (${init}; ${cond}; ${update}) `,
        s.body,
      );
      return;
    }
    case "ForInStatement":
      printBranch(
        out,
        `${head}${annotationsPrefix(s.annotations)}for (${s.variableType ? printType(s.variableType) + " " : ""}${s.variable.name} in ${printExpression(s.collection)}) `,
        s.body,
      );
      return;
    default:
      out.line(head + ";");
  }
}

function printBranch(out: Out, head: string, body: A.Statement): void {
  if (body.kind === "BlockStatement" && body.annotations.length === 0) printBlock(out, body, head);
  else {
    out.line(head.trimEnd());
    out.nest(() => printStatement(out, body));
  }
}

// Declarations -----------------------------------------------------------------------------------

function declarationLine(
  d: A.ConstantDeclaration | A.VariableDeclaration | A.InstantiationDeclaration,
): string {
  const ann = annotationsPrefix(d.annotations);
  switch (d.kind) {
    case "ConstantDeclaration":
      return `${ann}const ${printType(d.type)} ${d.name.name} = ${printExpression(d.value)};`;
    case "VariableDeclaration":
      return `${ann}${printType(d.type)} ${d.name.name}${d.initializer ? ` = ${printExpression(d.initializer)}` : ""};`;
    case "InstantiationDeclaration":
      return `${ann}${printType(d.type)}${printArgs(d.args)} ${d.name.name};`;
    default:
      return assertNever(d, "declaration");
  }
}

function printFields(out: Out, head: string, fields: readonly A.StructField[]): void {
  if (fields.length === 0) {
    out.line(`${head} { }`);
    return;
  }
  out.line(`${head} {`);
  out.nest(() =>
    fields.forEach((f) =>
      out.line(`${annotationsPrefix(f.annotations)}${printType(f.type)} ${f.name.name};`),
    ),
  );
  out.line("}");
}

function printNameList(out: Out, head: string, names: readonly string[]): void {
  out.line(`${head} {`);
  out.nest(() => names.forEach((n, i) => out.line(n + (i < names.length - 1 ? "," : ""))));
  out.line("}");
}

function printDeclaration(out: Out, d: A.Declaration): void {
  const rest = pragmaLines(out, "annotations" in d ? d.annotations : []);
  const ann = annotationsPrefix(rest);
  switch (d.kind) {
    case "ConstantDeclaration":
    case "VariableDeclaration":
      out.line(declarationLine({ ...d, annotations: rest }));
      return;
    case "InstantiationDeclaration":
      if (!d.body) {
        out.line(declarationLine({ ...d, annotations: rest }));
        return;
      }
      out.line(`${ann}${printType(d.type)}${printArgs(d.args)} ${d.name.name} = {`);
      out.nest(() => d.body!.forEach((x) => printDeclaration(out, x)));
      out.line("};");
      return;
    case "ExternFunctionDeclaration":
      out.line(
        `${ann}extern ${printType(d.returnType)} ${d.name.name}${printTypeParams(d.typeParameters)}${printParams(d.parameters)};`,
      );
      return;
    case "ExternObjectDeclaration":
      out.line(`${ann}extern ${d.name.name}${printTypeParams(d.typeParameters)} {`);
      out.nest(() =>
        d.methods.forEach((m) =>
          out.line(
            m.isConstructor
              ? `${annotationsPrefix(m.annotations)}${m.name.name}${printParams(m.parameters)};`
              : `${annotationsPrefix(m.annotations)}${m.isAbstract ? "abstract " : ""}${printType(m.returnType!)} ${m.name.name}${printTypeParams(m.typeParameters)}${printParams(m.parameters)};`,
          ),
        ),
      );
      out.line("}");
      return;
    case "ActionDeclaration":
      printBlock(out, d.body, `${ann}action ${d.name.name}${printParams(d.parameters)} `);
      return;
    case "FunctionDeclaration":
      printBlock(
        out,
        d.body,
        `${ann}${printType(d.returnType)} ${d.name.name}${printTypeParams(d.typeParameters)}${printParams(d.parameters)} `,
      );
      return;
    case "ParserTypeDeclaration":
    case "ControlTypeDeclaration":
    case "PackageTypeDeclaration": {
      const kw =
        d.kind === "ParserTypeDeclaration"
          ? "parser"
          : d.kind === "ControlTypeDeclaration"
            ? "control"
            : "package";
      out.line(
        `${ann}${kw} ${d.name.name}${printTypeParams(d.typeParameters)}${printParams(d.parameters)};`,
      );
      return;
    }
    case "ParserDeclaration":
    case "ControlDeclaration": {
      const kw = d.kind === "ParserDeclaration" ? "parser" : "control";
      const ctor = d.constructorParameters.length ? printParams(d.constructorParameters) : "";
      out.line(
        `${ann}${kw} ${d.name.name}${printTypeParams(d.typeParameters)}${printParams(d.parameters)}${ctor} {`,
      );
      out.nest(() => {
        d.locals.forEach((l) => printDeclaration(out, l));
        if (d.kind === "ParserDeclaration") d.states.forEach((s) => printState(out, s));
        else printBlock(out, d.apply, "apply ");
      });
      out.line("}");
      return;
    }
    case "HeaderTypeDeclaration":
    case "HeaderUnionDeclaration":
    case "StructTypeDeclaration": {
      const kw =
        d.kind === "HeaderTypeDeclaration"
          ? "header"
          : d.kind === "HeaderUnionDeclaration"
            ? "header_union"
            : "struct";
      printFields(out, `${ann}${kw} ${d.name.name}${printTypeParams(d.typeParameters)}`, d.fields);
      return;
    }
    case "EnumDeclaration":
      printNameList(
        out,
        `${ann}enum ${d.underlyingType ? printType(d.underlyingType) + " " : ""}${d.name.name}`,
        d.members.map(
          (m) =>
            `${annotationsPrefix(m.annotations)}${m.name.name}${m.value ? ` = ${printExpression(m.value)}` : ""}`,
        ),
      );
      return;
    case "TypedefDeclaration":
    case "NewTypeDeclaration": {
      const kw = d.kind === "TypedefDeclaration" ? "typedef" : "type";
      if ("kind" in d.type && isTypeRef(d.type)) {
        out.line(`${ann}${kw} ${printType(d.type)} ${d.name.name};`);
        return;
      }
      const inner = new Out();
      printDeclaration(inner, d.type as A.Declaration);
      const lines = inner.text().trimEnd().split("\n");
      lines[0] = `${ann}${kw} ${lines[0]}`;
      lines[lines.length - 1] += ` ${d.name.name};`;
      lines.forEach((l) => out.line(l));
      return;
    }
    case "ErrorDeclaration":
      printNameList(
        out,
        `${ann}error`,
        d.members.map((m) => m.name),
      );
      return;
    case "MatchKindDeclaration":
      printNameList(
        out,
        `${ann}match_kind`,
        d.members.map((m) => m.name),
      );
      return;
    case "ValueSetDeclaration":
      out.line(
        `${ann}value_set<${printType(d.elementType)}>(${printExpression(d.size)}) ${d.name.name};`,
      );
      return;
    case "TableDeclaration":
      out.line(`${ann}table ${d.name.name} {`);
      out.nest(() => d.properties.forEach((p) => printTableProperty(out, p)));
      out.line("}");
      return;
    default:
      assertNever(d, "declaration");
  }
}

function isTypeRef(x: A.TypeRef | A.Declaration): x is A.TypeRef {
  return [
    "BaseTypeRef",
    "NamedTypeRef",
    "HeaderStackTypeRef",
    "TupleTypeRef",
    "ListTypeRef",
    "DontCareTypeRef",
  ].includes(x.kind);
}

function printState(out: Out, s: A.ParserState): void {
  out.line(`${annotationsPrefix(s.annotations)}state ${s.name.name} {`);
  out.nest(() => {
    s.statements.forEach((st) => printStatement(out, st));
    const t = s.transition;
    if (!t) return;
    if (t.kind === "DirectTransition") {
      out.line(`transition ${t.target.name};`);
      return;
    }
    out.line(`transition select(${t.select.keys.map(printExpression).join(", ")}) {`);
    out.nest(() =>
      t.select.cases.forEach((c) =>
        out.line(
          `${annotationsPrefix(c.annotations)}${printKeysets(c.keysets, c.tuple)}: ${c.target.name};`,
        ),
      ),
    );
    out.line("}");
  });
  out.line("}");
}

function printActionRef(a: A.ActionRef): string {
  return `${annotationsPrefix(a.annotations)}${a.global ? "." : ""}${a.name.name}${a.args ? printArgs(a.args) : ""}`;
}

function printTableProperty(out: Out, p: A.TableProperty): void {
  const ann = annotationsPrefix(p.annotations);
  switch (p.kind) {
    case "TableKeyProperty":
      out.line(`${ann}key = {`);
      out.nest(() =>
        p.elements.forEach((k) =>
          out.line(
            `${printExpression(k.expression)}: ${k.matchKind.name}${k.annotations.length ? " " + annotationsPrefix(k.annotations).trimEnd() : ""};`,
          ),
        ),
      );
      out.line("}");
      return;
    case "TableActionsProperty":
      out.line(`${ann}actions = {`);
      out.nest(() => p.actions.forEach((a) => out.line(`${printActionRef(a)};`)));
      out.line("}");
      return;
    case "TableEntriesProperty":
      out.line(`${ann}${p.isConst ? "const " : ""}entries = {`);
      out.nest(() =>
        p.entries.forEach((e) =>
          out.line(
            `${e.isConst ? "const " : ""}${e.priority ? `priority = ${printExpression(e.priority)}: ` : ""}${printKeysets(e.keysets, e.tuple)}: ${printActionRef(e.action)}${e.annotations.length ? " " + annotationsPrefix(e.annotations).trimEnd() : ""};`,
          ),
        ),
      );
      out.line("}");
      return;
    case "TableValueProperty":
      out.line(`${ann}${p.isConst ? "const " : ""}${p.name.name} = ${printExpression(p.value)};`);
      return;
    default:
      assertNever(p, "table property");
  }
}
