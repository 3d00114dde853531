// Editor features over the last analysis: completion (keywords, types, fields after `.`, state
// names after `transition` and in select cases), references and rename (every occurrence of a
// name that resolves to the same declaration, across the files the program reads), and semantic
// tokens (keywords, types, fields, states, parameters, numbers, strings, comments) from the lexer.

import { tokenMatcher } from "chevrotain";
import {
  BlockComment,
  Identifier,
  IntegerLiteral,
  Keyword,
  LineComment,
  editorLexer,
  StringLiteral,
} from "../../grammar/tokens.js";
import type * as A from "../frontend/ast.js";
import type { SourceRange } from "../frontend/source.js";
import type { Navigator, WordAt } from "./navigate.js";
import { chainBefore, wordAt } from "./navigate.js";

export const KEYWORDS = [
  "action",
  "apply",
  "bit",
  "bool",
  "const",
  "control",
  "default",
  "else",
  "enum",
  "error",
  "extern",
  "false",
  "header",
  "header_union",
  "if",
  "in",
  "inout",
  "int",
  "match_kind",
  "out",
  "packet_in",
  "parser",
  "reject",
  "accept",
  "return",
  "select",
  "state",
  "struct",
  "switch",
  "table",
  "transition",
  "true",
  "tuple",
  "type",
  "typedef",
  "value_set",
  "varbit",
  "verify",
];

export interface Completion {
  readonly label: string;
  readonly kind: "keyword" | "type" | "field" | "state" | "variable";
  readonly detail?: string;
}

/** What can be typed at a 1-based position of `text`. */
export function completions(
  program: A.Program | undefined,
  nav: Navigator | undefined,
  file: string,
  text: string,
  line: number,
  column: number,
): Completion[] {
  const l = text.split("\n")[line - 1] ?? "";
  const before = l.slice(0, column - 1);
  // After `a.b.` (possibly a partial name): the fields of what the chain names.
  const chain = chainBefore(before.replace(/[A-Za-z_0-9]*$/, ""));
  if (chain.length > 0 && nav) {
    return nav.fieldsOf(file, line, column, chain).map((f) => ({
      label: f.name,
      kind: "field" as const,
      detail: f.type,
    }));
  }
  const parser = program?.declarations.find(
    (d): d is A.ParserDeclaration =>
      d.kind === "ParserDeclaration" &&
      d.range.file === file &&
      (d.range.start.line < line ||
        (d.range.start.line === line && d.range.start.column <= column)) &&
      (d.range.end.line > line || (d.range.end.line === line && d.range.end.column >= column)),
  );
  const states = parser
    ? [...parser.states.map((s) => s.name.name), "accept", "reject"].map((name) => ({
        label: name,
        kind: "state" as const,
      }))
    : [];
  // After `transition` or in a select case (`value:`): state names first.
  if (/\btransition\s+[A-Za-z_0-9]*$/.test(before) || /:\s*[A-Za-z_0-9]*$/.test(before))
    return states;
  const types = (program?.declarations ?? [])
    .filter(
      (d) =>
        d.kind === "HeaderTypeDeclaration" ||
        d.kind === "StructTypeDeclaration" ||
        d.kind === "HeaderUnionDeclaration" ||
        d.kind === "TypedefDeclaration" ||
        d.kind === "EnumDeclaration",
    )
    .map((d) => ({ label: (d as { name: A.Identifier }).name.name, kind: "type" as const }));
  const locals = parser
    ? [
        ...parser.parameters.map((p) => p.name.name),
        ...parser.locals.flatMap((x) => ("name" in x ? [x.name.name] : [])),
      ].map((name) => ({ label: name, kind: "variable" as const }))
    : [];
  return [
    ...locals,
    ...types,
    ...states,
    ...KEYWORDS.map((k) => ({ label: k, kind: "keyword" as const })),
  ];
}

const sameRange = (a: SourceRange, b: SourceRange) =>
  a.file === b.file && a.start.line === b.start.line && a.start.column === b.start.column;

/**
 * Every occurrence (1-based ranges) of the name at a position that refers to the same declaration,
 * in the given files (text by path). The declaration itself is included.
 */
export function references(
  nav: Navigator,
  files: ReadonlyMap<string, string>,
  file: string,
  line: number,
  column: number,
): SourceRange[] | undefined {
  const text = files.get(file);
  if (text === undefined) return undefined;
  const at = wordAt(text, line, column);
  if (!at) return undefined;
  const target = nav.resolve(file, line, column, at);
  if (!target) return undefined;
  const out: SourceRange[] = [];
  for (const [path, body] of files) {
    const lines = body.split("\n");
    lines.forEach((l, i) => {
      const re = new RegExp(`\\b${at.word}\\b`, "g");
      for (let m = re.exec(l); m; m = re.exec(l)) {
        const col = m.index + 1;
        const here: WordAt | undefined = wordAt(body, i + 1, col);
        if (!here || here.word !== at.word) continue;
        const t = nav.resolve(path, i + 1, col, here);
        const decl = t && sameRange(t.range, target.range);
        const isDecl =
          target.range.file === path &&
          target.range.start.line === i + 1 &&
          target.range.start.column === col;
        if (decl || isDecl)
          out.push({
            file: path,
            start: { line: i + 1, column: col },
            end: { line: i + 1, column: col + at.word.length },
          });
      }
    });
  }
  return out;
}

export const TOKEN_TYPES = [
  "keyword",
  "type",
  "property",
  "function",
  "parameter",
  "number",
  "string",
  "comment",
] as const;

/** Semantic tokens of a document, LSP-encoded (relative lines and starts, 0-based). */
export function semanticTokens(
  text: string,
  program: A.Program | undefined,
  file: string,
): number[] {
  const types = new Set<string>();
  const states = new Set<string>();
  const params = new Set<string>();
  for (const d of program?.declarations ?? []) {
    if (
      d.kind === "HeaderTypeDeclaration" ||
      d.kind === "StructTypeDeclaration" ||
      d.kind === "HeaderUnionDeclaration" ||
      d.kind === "TypedefDeclaration" ||
      d.kind === "EnumDeclaration" ||
      d.kind === "ParserTypeDeclaration" ||
      d.kind === "ParserDeclaration" ||
      d.kind === "ExternObjectDeclaration"
    )
      types.add(d.name.name);
    if (d.kind === "ParserDeclaration" && d.range.file === file) {
      d.states.forEach((s) => states.add(s.name.name));
      d.parameters.forEach((p) => params.add(p.name.name));
    }
  }
  const lexed = editorLexer().tokenize(text);
  const all = [
    ...lexed.tokens,
    ...((lexed.groups as Record<string, typeof lexed.tokens>).comments ?? []),
  ].sort((a, b) => a.startOffset - b.startOffset);
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (const t of all) {
    let kind: (typeof TOKEN_TYPES)[number] | undefined;
    if (tokenMatcher(t, Keyword)) kind = "keyword";
    else if (tokenMatcher(t, IntegerLiteral)) kind = "number";
    else if (tokenMatcher(t, StringLiteral)) kind = "string";
    else if (tokenMatcher(t, LineComment) || tokenMatcher(t, BlockComment)) kind = "comment";
    else if (tokenMatcher(t, Identifier)) {
      const prev = text[t.startOffset - 1];
      if (prev === ".") kind = "property";
      else if (types.has(t.image)) kind = "type";
      else if (states.has(t.image)) kind = "function";
      else if (params.has(t.image)) kind = "parameter";
    }
    if (!kind || t.startLine === undefined || t.startColumn === undefined) continue;
    // Multi-line tokens (block comments) are reported on their first line only.
    const line = t.startLine - 1;
    const char = t.startColumn - 1;
    const length = t.image.includes("\n") ? t.image.indexOf("\n") : t.image.length;
    data.push(
      line - prevLine,
      line === prevLine ? char - prevChar : char,
      length,
      TOKEN_TYPES.indexOf(kind),
      0,
    );
    prevLine = line;
    prevChar = char;
  }
  return data;
}
