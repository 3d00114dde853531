// Document formatting for the language server. Two passes, both of which change only whitespace:
// 1. every line is re-indented by its nesting (braces, and one more level inside an open
//    parenthesis or bracket), trailing blanks go, runs of blank lines shrink to one, and the
//    file ends with one newline; comments and preprocessor lines are kept (directives at column 0);
// 2. each top-level declaration of the file that holds no comment is replaced by the printer's
//    layout of it, provided the printer gives back exactly the same tokens: where it would not
//    (a macro the preprocessor expanded, a literal it writes differently) the declaration keeps
//    the first pass's layout. So formatting never changes what the program means.

import type * as A from "../frontend/ast.js";
import { printDeclarationText } from "../frontend/printer.js";

export interface FormatOptions {
  /** Spaces per level (the printer's two become this many); with insertSpaces false, tabs. */
  readonly tabSize: number;
  readonly insertSpaces: boolean;
}

/** The formatted text, or undefined when formatting changes nothing. */
export function formatText(
  text: string,
  file: string,
  program: A.Program | undefined,
  options: FormatOptions,
): string | undefined {
  const unit = options.insertSpaces ? " ".repeat(Math.max(1, options.tabSize)) : "\t";
  const lines = text.split(/\r?\n/);
  const printed = program ? printedDeclarations(lines, file, program, unit) : new Map();
  const out: string[] = [];
  let state: ScanState = { braces: 0, parens: 0, inComment: false };
  for (let i = 0; i < lines.length; i++) {
    const replacement = printed.get(i);
    if (replacement) {
      out.push(...replacement.lines);
      for (let j = i; j <= replacement.last; j++) state = scan(lines[j]!, state).after;
      i = replacement.last;
      continue;
    }
    const raw = lines[i]!;
    const body = raw.trim();
    const { after, leadingClose } = scan(raw, state);
    if (body === "") {
      if (out.length > 0 && out[out.length - 1] !== "") out.push("");
    } else if (state.inComment) {
      out.push(raw.trimEnd());
    } else if (body.startsWith("#")) {
      out.push(body);
    } else {
      const depth = Math.max(0, state.braces - leadingClose) + (state.parens > 0 ? 1 : 0);
      out.push(unit.repeat(depth) + body);
    }
    state = after;
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  const result = out.join("\n") + "\n";
  return result === text ? undefined : result;
}

interface ScanState {
  readonly braces: number;
  readonly parens: number;
  readonly inComment: boolean;
}

/** Nesting after a line, and how many closing braces open it (they dedent the line itself). */
function scan(line: string, before: ScanState): { after: ScanState; leadingClose: number } {
  let { braces, parens, inComment } = before;
  let leadingClose = 0;
  let seenCode = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (inComment) {
      if (ch === "*" && line[i + 1] === "/") ((inComment = false), i++);
      continue;
    }
    if (ch === "/" && line[i + 1] === "/") break;
    if (ch === "/" && line[i + 1] === "*") {
      inComment = true;
      i++;
      continue;
    }
    if (ch === '"') {
      // Strings appear in annotations; skip to the closing quote.
      i++;
      while (i < line.length && line[i] !== '"') i += line[i] === "\\" ? 2 : 1;
      seenCode = true;
      continue;
    }
    if (ch === "{") braces++;
    else if (ch === "}") {
      braces = Math.max(0, braces - 1);
      if (!seenCode) leadingClose++;
    } else if (ch === "(" || ch === "[") parens++;
    else if (ch === ")" || ch === "]") parens = Math.max(0, parens - 1);
    if (ch !== "}" && !/\s/.test(ch)) seenCode = true;
  }
  return { after: { braces, parens, inComment }, leadingClose };
}

/** Top-level declarations the printer can lay out, by their first line (0-based). */
function printedDeclarations(
  lines: readonly string[],
  file: string,
  program: A.Program,
  unit: string,
): Map<number, { last: number; lines: string[] }> {
  const out = new Map<number, { last: number; lines: string[] }>();
  for (const d of program.declarations) {
    const r = d.range;
    if (r.file !== file) continue;
    const first = r.start.line - 1;
    const last = r.end.line - 1;
    // Whole lines only: something else sharing a line keeps the declaration as it is.
    if (lines[first]!.slice(0, r.start.column - 1).trim() !== "") continue;
    if (lines[last]!.slice(r.end.column - 1).trim() !== "") continue;
    const source = lines.slice(first, last + 1).join("\n");
    if (/\/\/|\/\*|^\s*#/m.test(source)) continue;
    let text: string;
    try {
      text = printDeclarationText(d);
    } catch {
      continue;
    }
    if (tokens(text).join(" ") !== tokens(source).join(" ")) continue;
    const printed = text
      .replace(/\n+$/, "")
      .split("\n")
      .map((l) => {
        const indent = /^( {2})*/.exec(l)![0].length / 2;
        return unit.repeat(indent) + l.slice(indent * 2);
      });
    out.set(first, { last, lines: printed });
  }
  return out;
}

/** The token texts of P4 source without whitespace (comment-free text only). */
function tokens(text: string): string[] {
  return (
    text.match(
      /"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|\d+[wsWS]\d+|0[xXbBoOdD][0-9a-fA-F_]+|\d[\d_]*|&&&|\.\.|<<|>>|\|\+\||\|-\||\+\+|==|!=|<=|>=|&&|\|\||\S/g,
    ) ?? []
  );
}
