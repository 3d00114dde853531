// What the language server answers about a position: the declaration a name refers to (top-level
// names, a parser's states, parameters and locals, and fields reached through a member chain such
// as `hdr.ipv4.ttl`), and what hover shows (the declaration, the field's type and, for a field of
// the flow key, its offset and size in the key). Works on the checked AST of the last analysis.

import type * as A from "../frontend/ast.js";
import { printExpression } from "../frontend/printer.js";
import type { SourceRange } from "../frontend/source.js";
import type { FlowKeyLayout } from "../layout/layout.js";
import { ConstantEvaluator } from "../typecheck/constants.js";
import { Environment } from "../typecheck/environment.js";
import { TypeResolver } from "../typecheck/resolve-types.js";
import type { Type } from "../typecheck/types.js";
import { DiagnosticSink } from "../diagnostics/sink.js";

/** The identifier under a 1-based position, and the member chain it ends (`hdr.ipv4.ttl`). */
export interface WordAt {
  readonly word: string;
  /** Names before the word, outermost first, when the word follows `.` (indices dropped). */
  readonly chain: readonly string[];
}

export function wordAt(text: string, line: number, column: number): WordAt | undefined {
  const lines = text.split("\n");
  const l = lines[line - 1];
  if (l === undefined) return undefined;
  let start = column - 1;
  let end = column - 1;
  const isId = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9_]/.test(ch);
  if (!isId(l[start]) && isId(l[start - 1])) start = end = start - 1;
  if (!isId(l[start])) return undefined;
  while (start > 0 && isId(l[start - 1])) start--;
  while (isId(l[end + 1])) end++;
  const word = l.slice(start, end + 1);
  if (/^[0-9]/.test(word)) return undefined;
  return { word, chain: chainBefore(l.slice(0, start)) };
}

/**
 * The member chain that ends a text (`hdr.st[1].` gives ["hdr", "st"]): the names before the
 * last `.`, stack indices dropped; [] when the text does not end in `name.`.
 */
export function chainBefore(text: string): string[] {
  const m = /((?:[A-Za-z_][A-Za-z0-9_]*(?:\s*\[[^\]]*\])*\s*\.\s*)+)$/.exec(text);
  if (!m) return [];
  return m[1]!
    .replace(/\[[^\]]*\]/g, "")
    .split(".")
    .map((x) => x.trim())
    .filter((x) => x !== "");
}

const inside = (r: SourceRange, file: string, line: number, column: number) =>
  r.file === file &&
  (r.start.line < line || (r.start.line === line && r.start.column <= column)) &&
  (r.end.line > line || (r.end.line === line && r.end.column >= column));

export interface Target {
  readonly range: SourceRange;
  /** One line for hover: what the name is. */
  readonly describe: string;
}

/** Resolves the word at a position to its declaration. */
export class Navigator {
  private readonly env: Environment;
  private readonly types: TypeResolver;

  constructor(
    private readonly program: A.Program,
    private readonly layout?: FlowKeyLayout,
    /** The parameter names of the extractor parser, which are the roots of key paths. */
    private readonly keyRoots: ReadonlySet<string> = new Set(),
  ) {
    const quiet = new DiagnosticSink();
    this.env = new Environment(program, quiet);
    this.types = new TypeResolver(this.env, new ConstantEvaluator(this.env), quiet);
  }

  /** The parser (or control) whose body holds the position, if any. */
  private enclosing(file: string, line: number, column: number) {
    return this.program.declarations.find(
      (d): d is A.ParserDeclaration | A.ControlDeclaration =>
        (d.kind === "ParserDeclaration" || d.kind === "ControlDeclaration") &&
        inside(d.range, file, line, column),
    );
  }

  resolve(file: string, line: number, column: number, at: WordAt): Target | undefined {
    const block = this.enclosing(file, line, column);
    if (at.chain.length > 0) return this.member(block, at);
    const { word } = at;
    if (block) {
      if (block.kind === "ParserDeclaration") {
        const s = block.states.find((x) => x.name.name === word);
        if (s)
          return { range: s.name.range, describe: `state ${word} (parser ${block.name.name})` };
      }
      const p = [...block.parameters, ...block.constructorParameters].find(
        (x) => x.name.name === word,
      );
      if (p)
        return {
          range: p.name.range,
          describe: `${p.direction === "none" ? "" : p.direction + " "}${this.typeText(p.type)} ${word} (parameter of ${block.name.name})`,
        };
      const local = block.locals.find((x) => "name" in x && x.name.name === word);
      if (local && "name" in local) return this.declTarget(local);
    }
    const d = this.env.lookup(word);
    return d && "name" in d
      ? this.declTarget(d as A.Declaration & { name: A.Identifier })
      : undefined;
  }

  private typeText(t: A.TypeRef): string {
    return printExpression({ kind: "TypeExpression", type: t, range: t.range });
  }

  private declTarget(d: A.Declaration & { name: A.Identifier }): Target {
    const kind = d.kind
      .replace("Declaration", "")
      .replace("TypeDeclaration", "")
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .toLowerCase();
    let describe = `${kind} ${d.name.name}`;
    if (d.kind === "HeaderTypeDeclaration" || d.kind === "StructTypeDeclaration") {
      const t = this.types.declaredType(d);
      const bits = t && t.kind === "header" ? widthOf(t) : undefined;
      describe = `${d.kind === "HeaderTypeDeclaration" ? "header" : "struct"} ${d.name.name}${bits !== undefined ? `: ${bits} bits (${bits / 8} bytes)` : ""}`;
    } else if (d.kind === "ConstantDeclaration") {
      describe = `const ${this.typeText(d.type)} ${d.name.name}`;
    } else if (d.kind === "VariableDeclaration") {
      describe = `${this.typeText(d.type)} ${d.name.name}`;
    }
    return { range: d.name.range, describe };
  }

  /** `a.b.c`: the root's type, then each member's. */
  private member(
    block: A.ParserDeclaration | A.ControlDeclaration | undefined,
    at: WordAt,
  ): Target | undefined {
    const [root, ...rest] = at.chain;
    const param = block ? [...block.parameters].find((x) => x.name.name === root) : undefined;
    const local = block?.locals.find(
      (x): x is A.VariableDeclaration => x.kind === "VariableDeclaration" && x.name.name === root,
    );
    const rootType = param?.type ?? local?.type;
    if (!rootType) return undefined;
    let t: Type | undefined = this.types.resolve(rootType);
    for (const name of [...rest, at.word]) {
      if (!t) return undefined;
      if (t.kind === "stack") t = t.element;
      if (t.kind !== "header" && t.kind !== "struct" && t.kind !== "union") return undefined;
      const fieldDecl = t.decl.fields.find((f) => f.name.name === name);
      const field: { name: string; type: Type } | undefined = t.fields.find((f) => f.name === name);
      if (!field) return undefined;
      if (name === at.word && fieldDecl) {
        const path = [...at.chain, at.word].join(".");
        const inKey = param && this.keyRoots.has(root!) ? this.keyField(path) : undefined;
        return {
          range: fieldDecl.name.range,
          describe: `${this.typeText(fieldDecl.type)} ${path}${inKey ?? ""}`,
        };
      }
      t = field.type;
    }
    return undefined;
  }

  /** The fields of what a member chain (`hdr`, `hdr.ipv4`) names, for completion after `.`. */
  fieldsOf(
    file: string,
    line: number,
    column: number,
    chain: readonly string[],
  ): { name: string; type: string }[] {
    const block = this.enclosing(file, line, column);
    const [root, ...rest] = chain;
    const param = block?.parameters.find((x) => x.name.name === root);
    const local = block?.locals.find(
      (x): x is A.VariableDeclaration => x.kind === "VariableDeclaration" && x.name.name === root,
    );
    const rootType = param?.type ?? local?.type;
    if (!rootType) return [];
    let t: Type | undefined = this.types.resolve(rootType);
    for (const name of rest) {
      if (t?.kind === "stack") t = t.element;
      if (!t || (t.kind !== "header" && t.kind !== "struct" && t.kind !== "union")) return [];
      t = t.fields.find((f) => f.name === name)?.type;
    }
    if (t?.kind === "stack") t = t.element;
    if (!t || (t.kind !== "header" && t.kind !== "struct" && t.kind !== "union")) return [];
    return t.decl.fields.map((f) => ({ name: f.name.name, type: this.typeText(f.type) }));
  }

  private keyField(path: string): string | undefined {
    const f = this.layout?.fields.find((x) => x.path === path);
    if (!f || !this.layout) return undefined;
    const order = this.layout.endianness === "big" ? "network order" : "host order";
    return ` — flow key offset ${f.offset}, ${f.size} byte${f.size === 1 ? "" : "s"} (${f.kind}, ${order})`;
  }
}

function widthOf(t: Type): number {
  if (t.kind === "bit" || t.kind === "int") return t.width;
  if (t.kind === "bool") return 1;
  if (t.kind === "header" || t.kind === "struct")
    return t.fields.reduce((n, f) => n + widthOf(f.type), 0);
  if (t.kind === "newtype") return widthOf(t.base);
  if (t.kind === "enum" && t.underlying) return widthOf(t.underlying);
  return 0;
}

/** Top-level declarations of `file` (headers, structs, parsers with their states, ...). */
export interface SymbolInfo {
  readonly name: string;
  readonly kind:
    | "header"
    | "struct"
    | "union"
    | "parser"
    | "control"
    | "state"
    | "constant"
    | "enum"
    | "type"
    | "other";
  readonly range: SourceRange;
  readonly selection: SourceRange;
  readonly children: readonly SymbolInfo[];
}

const SYMBOL_KIND: Partial<Record<A.Declaration["kind"], SymbolInfo["kind"]>> = {
  HeaderTypeDeclaration: "header",
  StructTypeDeclaration: "struct",
  HeaderUnionDeclaration: "union",
  ParserDeclaration: "parser",
  ControlDeclaration: "control",
  ConstantDeclaration: "constant",
  EnumDeclaration: "enum",
  TypedefDeclaration: "type",
  NewTypeDeclaration: "type",
};

export function symbolsOf(program: A.Program, file: string): SymbolInfo[] {
  const out: SymbolInfo[] = [];
  for (const d of program.declarations) {
    if (d.range.file !== file || !("name" in d)) continue;
    const kind = SYMBOL_KIND[d.kind] ?? "other";
    const children: SymbolInfo[] =
      d.kind === "ParserDeclaration"
        ? d.states.map((s) => ({
            name: s.name.name,
            kind: "state" as const,
            range: s.range,
            selection: s.name.range,
            children: [],
          }))
        : [];
    out.push({ name: d.name.name, kind, range: d.range, selection: d.name.range, children });
  }
  return out;
}
