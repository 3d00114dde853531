// Formatting P4 source (the library's formatP4, the language server's document formatting). Two passes, both of which change only whitespace:
// 1. every line is re-indented by its nesting (braces, and one more level inside an open
//    parenthesis or bracket), trailing blanks go, runs of blank lines shrink to one, and the
//    file ends with one newline; comments and preprocessor lines are kept (directives at column 0);
// 2. each top-level declaration of the file that holds no comment is replaced by the printer's
//    layout of it, provided the printer gives back exactly the same tokens: where it would not
//    (a macro the preprocessor expanded, a literal it writes differently) the declaration keeps
//    the first pass's layout. So formatting never changes what the program means. Nesting and
//    tokens come from the P4 lexer (grammar/tokens.ts), so strings and comments cannot mislead them.

import type { IToken } from "chevrotain";
import {
  Hash,
  LBrace,
  LBracket,
  LParen,
  editorLexer,
  RBrace,
  RBracket,
  RParen,
} from "../../grammar/tokens.js";
import type * as A from "./ast.js";
import { printDeclarationText } from "./printer.js";

export interface FormatOptions {
  /**
   * Spaces per level (the printer's two become this many), from 1 to MAX_TAB_SIZE (other
   * values are clamped to that range); with insertSpaces false, tabs.
   */
  readonly tabSize: number;
  readonly insertSpaces: boolean;
}

export const MAX_TAB_SIZE = 16;

/** Line ends as the P4 lexer counts lines (Chevrotain's default): LF, CRLF or a lone CR. */
const LINE_END = /\r\n?|\n/;

/**
 * The formatted text, or undefined when formatting changes nothing. `program` is the parse of
 * `text` as `file` (without it only the indentation pass runs). Lines end as the text's first
 * line does (LF when it has one line).
 */
export function formatP4(
  text: string,
  file: string,
  program: A.Program | undefined,
  options: FormatOptions,
): string | undefined {
  const size = Number.isFinite(options.tabSize)
    ? Math.min(MAX_TAB_SIZE, Math.max(1, Math.trunc(options.tabSize)))
    : 4;
  const unit = options.insertSpaces ? " ".repeat(size) : "\t";
  const eol = LINE_END.exec(text)?.[0] ?? "\n";
  const lines = text.split(LINE_END);
  const nesting = lineNesting(text, lines);
  const printed = program ? printedDeclarations(lines, file, program, unit) : new Map();
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const replacement = printed.get(i);
    if (replacement) {
      out.push(...replacement.lines);
      i = replacement.last;
      continue;
    }
    const raw = lines[i]!;
    const body = raw.trim();
    const n = nesting[i]!;
    if (body === "") {
      if (out.length > 0 && out[out.length - 1] !== "") out.push("");
    } else if (n.inComment) {
      out.push(raw.trimEnd());
    } else if (body.startsWith("#")) {
      out.push(body);
    } else {
      out.push(unit.repeat(Math.max(0, n.braces - n.leadingClose) + (n.parens > 0 ? 1 : 0)) + body);
    }
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  const result = out.join(eol) + eol;
  return result === text ? undefined : result;
}

interface LineNesting {
  /** Braces, and parentheses or brackets, open at the start of the line. */
  readonly braces: number;
  readonly parens: number;
  /** Closing braces before anything else on the line: they dedent it. */
  readonly leadingClose: number;
  /** The line continues a block comment begun on an earlier line. */
  readonly inComment: boolean;
}

/** Each line's nesting, from the P4 lexer's tokens (directive lines do not count). */
function lineNesting(text: string, lines: readonly string[]): LineNesting[] {
  const lexed = editorLexer().tokenize(text);
  const comments = (lexed.groups as Record<string, IToken[]>)["comments"] ?? [];
  const inComment = new Array<boolean>(lines.length).fill(false);
  for (const c of comments)
    for (let l = c.startLine!; l < (c.endLine ?? c.startLine!); l++) inComment[l] = true;
  const directive = lines.map((l) => l.trim().startsWith("#"));
  const byLine = lines.map((): IToken[] => []);
  for (const t of lexed.tokens) if (!directive[t.startLine! - 1]) byLine[t.startLine! - 1]!.push(t);
  let braces = 0;
  let parens = 0;
  return byLine.map((tokens, i) => {
    let leadingClose = 0;
    while (leadingClose < tokens.length && tokens[leadingClose]!.tokenType === RBrace)
      leadingClose++;
    const here = { braces, parens, leadingClose, inComment: inComment[i]! };
    for (const t of tokens) {
      if (t.tokenType === LBrace) braces++;
      else if (t.tokenType === RBrace) braces = Math.max(0, braces - 1);
      else if (t.tokenType === LParen || t.tokenType === LBracket) parens++;
      else if (t.tokenType === RParen || t.tokenType === RBracket) parens = Math.max(0, parens - 1);
    }
    return here;
  });
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
    if (lines[first] === undefined || lines[last] === undefined) continue;
    // Whole lines only: something else sharing a line keeps the declaration as it is.
    if (lines[first]!.slice(0, r.start.column - 1).trim() !== "") continue;
    if (lines[last]!.slice(r.end.column - 1).trim() !== "") continue;
    const source = lines.slice(first, last + 1).join("\n");
    const mine = tokens(source);
    if (mine === undefined) continue;
    let printedText: string;
    try {
      printedText = printDeclarationText(d);
    } catch {
      continue;
    }
    if (tokens(printedText) !== mine) continue;
    const printed = printedText
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

/** The token images of P4 source, joined; undefined when it holds a comment or a directive. */
function tokens(source: string): string | undefined {
  const lexed = editorLexer().tokenize(source);
  if ((lexed.groups as Record<string, IToken[]>)["comments"]?.length) return undefined;
  if (lexed.tokens.some((t) => t.tokenType === Hash) || lexed.errors.length > 0) return undefined;
  return lexed.tokens.map((t) => t.image).join(" ");
}
