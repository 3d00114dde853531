// What the language server answers about a position: the declaration a name refers to (top-level
// names, a parser's states, parameters and locals, and fields reached through a member chain such
// as `hdr.ipv4.ttl`), and what hover shows (the declaration, the field's type and, for a field of
// the flow key, its offset and size in the key). Works on the checked AST of the last analysis
// and reads the checker's side tables (the declaration of each name use, the type of each type
// reference); with no tables (the text did not parse), only top-level names and the enclosing
// parser's or control's names are found, and types are not known.

import type * as A from "../frontend/ast.js";
import { printExpression } from "../frontend/printer.js";
import type { SourceRange } from "../frontend/source.js";
import type { FlowKeyLayout } from "../layout/layout.js";
import type { Named } from "../typecheck/environment.js";
import type { Referent, TypedProgram } from "../typecheck/typed-program.js";
import { fixedWidth, type Type } from "../typecheck/types.js";

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
  /** Name uses by file and line, from the checker's table (built on first use). */
  private uses: Map<string, [A.Identifier, Referent][]> | undefined;

  constructor(
    private readonly program: A.Program,
    /** The checker's result, when the program was checked. */
    private readonly typed: TypedProgram | undefined,
    /** The flow key's layout, asked for when a hover first needs it (it is not computed per edit). */
    private readonly layoutOf: () => FlowKeyLayout | undefined = () => undefined,
    /** The parameter names of the extractor parser, which are the roots of key paths. */
    private readonly keyRoots: ReadonlySet<string> = new Set(),
  ) {}

  /** A top-level declaration by name (the first of overloads). */
  private topLevel(name: string): Named | A.Declaration | undefined {
    if (this.typed) return this.typed.declarations.get(name)?.[0];
    return this.program.declarations.find((d) => "name" in d && d.name.name === name);
  }

  private typeOf(ref: A.TypeRef): Type | undefined {
    return this.typed?.typeRefs.get(ref);
  }

  /** The name use under a position and what the checker resolved it to. */
  private useAt(file: string, line: number, column: number): Referent | undefined {
    if (!this.typed) return undefined;
    if (!this.uses) {
      this.uses = new Map();
      for (const [id, d] of this.typed.references) {
        const key = `${id.range.file}:${id.range.start.line}`;
        const list = this.uses.get(key) ?? [];
        list.push([id, d]);
        this.uses.set(key, list);
      }
    }
    const hit = this.uses
      .get(`${file}:${line}`)
      ?.find(([id]) => inside(id.range, file, line, column));
    return hit?.[1];
  }

  /** The declaration whose parameter `p` is (a parser, control, action, function...). */
  private ownerOf(p: A.Parameter): { name: A.Identifier } | undefined {
    const has = (d: A.Declaration) =>
      ("parameters" in d && d.parameters.includes(p)) ||
      ("constructorParameters" in d && d.constructorParameters.includes(p));
    for (const d of this.program.declarations) {
      if (has(d)) return d as { name: A.Identifier };
      if (d.kind === "ControlDeclaration" || d.kind === "ParserDeclaration")
        for (const l of d.locals) if (has(l)) return l as { name: A.Identifier };
    }
    return undefined;
  }

  /** Hover text and place of what a name use refers to. */
  private referentTarget(d: Referent, file: string, line: number, column: number): Target {
    switch (d.kind) {
      case "Identifier":
        return { range: d.range, describe: d.name };
      case "ParserState": {
        const parser = this.enclosing(file, line, column);
        return {
          range: d.name.range,
          describe: `state ${d.name.name}${parser ? ` (parser ${parser.name.name})` : ""}`,
        };
      }
      case "Parameter": {
        const owner = this.ownerOf(d);
        return {
          range: d.name.range,
          describe: `${d.direction === "none" ? "" : d.direction + " "}${this.typeText(d.type)} ${d.name.name}${owner ? ` (parameter of ${owner.name.name})` : ""}`,
        };
      }
      default:
        return "name" in d
          ? this.declTarget(d as A.Declaration & { name: A.Identifier })
          : { range: d.range, describe: d.kind };
    }
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
    const use = this.useAt(file, line, column);
    if (use) return this.referentTarget(use, file, line, column);
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
    const d = this.topLevel(word);
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
      const t = this.typed?.declaredTypes.get(d);
      const bits = t && t.kind === "header" ? fixedWidth(t) : undefined;
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
    let t: Type | undefined = this.typeOf(rootType);
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
    let t: Type | undefined = this.typeOf(rootType);
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
    const layout = this.layoutOf();
    const f = layout?.fields.find((x) => x.path === path);
    if (!f || !layout) return undefined;
    const order = layout.endianness === "big" ? "network order" : "host order";
    return ` — flow key offset ${f.offset}, ${f.size} byte${f.size === 1 ? "" : "s"} (${f.kind}, ${order})`;
  }
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
