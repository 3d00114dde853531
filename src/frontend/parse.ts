// Lexing, parsing and lowering of (preprocessed) P4 text into the AST. Always returns a Program,
// possibly partial; every problem goes to the sink with a range in the original source.

import type { IRecognitionException, IToken } from "chevrotain";
import { p4Parser } from "../../grammar/parser.js";
import { p4Lexer } from "../../grammar/tokens.js";
import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type { Program } from "./ast.js";
import { LowerContext } from "./lower-context.js";
import { lowerProgram } from "./lower-declarations.js";
import { DEFAULT_INPUT_LIMITS } from "./input-limits.js";
import { identityPositionMap, NO_RANGE, type PositionMap, type SourceRange } from "./source.js";

/** Deeper nesting than this is refused before parsing, so no input can exhaust the stack. */
export const MAX_NESTING = 256;
const MAX_LEXICAL_ERRORS = 100;
const MAX_SYNTAX_ERRORS = 100;

export function parseP4(
  text: string,
  map: PositionMap,
  sink: DiagnosticSink,
  maxTokens = DEFAULT_INPUT_LIMITS.maxTokens,
): Program {
  const c = new LowerContext(map, sink);
  const binary = countBinaryCharacters(text);
  if (binary > MAX_LEXICAL_ERRORS) {
    // Random bytes or a binary file: lexing megabytes of it only to say so would take seconds.
    sink.report(messages.tooManyLexicalErrors, undefined, { count: binary });
    return {
      kind: "Program",
      declarations: [],
      range: { ...NO_RANGE, file: map.original(1, 1).file },
    };
  }
  const lexed = p4Lexer.tokenize(text);
  const tooManyLexErrors = reportLexErrors(c, text, lexed.errors, lexed.groups["errors"] ?? []);
  const empty: Program = {
    kind: "Program",
    declarations: [],
    range: { ...NO_RANGE, file: map.original(1, 1).file },
  };
  // Not P4 (random bytes, a binary): its syntax errors would only repeat the lexical ones.
  if (tooManyLexErrors) return empty;
  const past = lexed.tokens[maxTokens];
  if (past) {
    sink.report(messages.tooManyTokens, c.tokenRange(past), { limit: maxTokens });
    return empty;
  }

  const tokens = withoutStrayCharacters(c, text, lexed.tokens);
  const deepest = findTooDeep(tokens);
  if (deepest) {
    sink.report(messages.nestingTooDeep, c.tokenRange(deepest), { limit: MAX_NESTING });
    return empty;
  }
  const parser = p4Parser();
  try {
    parser.input = tokens;
    const cst = parser.program();
    reportParseErrors(c, parser.errors);
    return cst ? lowerProgram(c, cst) : empty;
  } catch (e) {
    // Deep chains that are not brackets (`- - - ...`, `if (a) if (a) ...`) can still exhaust
    // the stack; that is the input's nesting, not a compiler bug. The parser's position when
    // the stack ran out is inside the deepest chain.
    if (!(e instanceof RangeError)) throw e;
    const at = deepestToken(parser as unknown as { LA(i: number): IToken }) ?? lexed.tokens[0]!;
    parser.input = [];
    sink.report(messages.parseTooDeep, c.tokenRange(at), {});
    return empty;
  }
}

/** Control characters (other than whitespace) and U+FFFD, which only binary input contains. */
function countBinaryCharacters(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (
      (ch < 0x20 && ch !== 9 && ch !== 10 && ch !== 11 && ch !== 12 && ch !== 13) ||
      ch === 0x7f ||
      ch === 0xfffd
    )
      n++;
  }
  return n;
}

function deepestToken(parser: { LA(i: number): IToken }): IToken | undefined {
  try {
    const t = parser.LA(1);
    return Number.isFinite(t.startOffset) && t.tokenType.name !== "EOF" ? t : undefined;
  } catch {
    return undefined;
  }
}

/** For text that did not go through the preprocessor (tests, snippets). */
export function parseSource(text: string, file: string, sink: DiagnosticSink): Program {
  return parseP4(text, identityPositionMap(file), sink);
}

function reportLexErrors(
  c: LowerContext,
  text: string,
  errors: readonly {
    line: number | undefined;
    column: number | undefined;
    length: number;
    offset: number;
  }[],
  badTokens: readonly IToken[],
): boolean {
  for (const t of badTokens.slice(0, MAX_LEXICAL_ERRORS)) {
    const def =
      t.tokenType.name === "UnterminatedComment"
        ? messages.unterminatedComment
        : messages.unterminatedString;
    const r = c.tokenRange(t);
    c.sink.report(def, { ...r, end: { line: r.start.line, column: r.start.column + 2 } });
  }
  const shown = errors.slice(0, MAX_LEXICAL_ERRORS);
  for (const e of shown) {
    const start = c.map.original(e.line ?? 1, e.column ?? 1);
    const range: SourceRange = {
      file: start.file,
      start: { line: start.line, column: start.column },
      end: { line: start.line, column: start.column + Math.max(1, e.length) },
    };
    c.sink.report(messages.unexpectedCharacter, range, { text: describeChar(text, e.offset) });
  }
  if (errors.length > MAX_LEXICAL_ERRORS) {
    c.sink.report(messages.tooManyLexicalErrors, undefined, { count: errors.length });
    return true;
  }
  return false;
}

function describeChar(text: string, offset: number): string {
  const cp = text.codePointAt(offset) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  return cp >= 0x21 && cp <= 0x7e ? `'${String.fromCodePoint(cp)}'` : hex;
}

/**
 * Characters that start no token are kept inside annotation bodies (`@note(it's)`), where any
 * text may appear; anywhere else each one is an unexpected character, reported and dropped.
 */
function withoutStrayCharacters(c: LowerContext, text: string, tokens: IToken[]): IToken[] {
  if (!tokens.some((t) => t.tokenType.name === "StrayCharacter")) return tokens;
  const kept: IToken[] = [];
  let depth = 0;
  let stray = 0;
  tokens.forEach((t, i) => {
    const n = t.tokenType.name;
    if (depth > 0) {
      if (n === "LParen" || n === "LBracket") depth++;
      else if (n === "RParen" || n === "RBracket") depth--;
      kept.push(t);
      return;
    }
    if ((n === "LParen" || n === "LBracket") && tokens[i - 2]?.tokenType.name === "At") depth = 1;
    if (n === "StrayCharacter") {
      if (++stray > MAX_LEXICAL_ERRORS) return;
      const r = c.tokenRange(t);
      c.sink.report(
        messages.unexpectedCharacter,
        { ...r, end: { line: r.start.line, column: r.start.column + 1 } },
        { text: describeChar(text, t.startOffset) },
      );
      return;
    }
    kept.push(t);
  });
  if (stray > MAX_LEXICAL_ERRORS)
    c.sink.report(messages.tooManyLexicalErrors, undefined, { count: stray });
  return kept;
}

function findTooDeep(tokens: readonly IToken[]): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    const n = t.tokenType.name;
    if (n === "LParen" || n === "LBracket" || n === "LBrace") {
      if (++depth > MAX_NESTING) return t;
    } else if (n === "RParen" || n === "RBracket" || n === "RBrace") depth = Math.max(0, depth - 1);
  }
  return undefined;
}

function reportParseErrors(c: LowerContext, errors: readonly IRecognitionException[]): void {
  const seen = new Set<string>();
  let shown = 0;
  for (const e of errors) {
    if (shown === MAX_SYNTAX_ERRORS) {
      c.sink.report(messages.tooManySyntaxErrors, undefined, { count: errors.length - shown });
      return;
    }
    const [expected = e.message, found = "something else"] = e.message.split("|");
    const atPrevious = e.name === "MismatchedTokenException" && expected.startsWith("Expected ';'");
    const prev = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
    let range: SourceRange;
    if (atPrevious && prev && Number.isFinite(prev.endLine)) {
      const r = c.tokenRange(prev);
      range = { file: r.file, start: r.end, end: { line: r.end.line, column: r.end.column + 1 } };
    } else if (Number.isFinite(e.token.startLine)) {
      range = c.tokenRange(e.token);
    } else {
      range = lastRange(c, prev);
    }
    const key = `${range.file}:${range.start.line}:${range.start.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    shown++;
    c.sink.report(messages.unexpectedToken, range, { expected, found });
  }
}

function lastRange(c: LowerContext, prev: IToken | undefined): SourceRange {
  if (prev && Number.isFinite(prev.endLine)) {
    const r = c.tokenRange(prev);
    return { file: r.file, start: r.end, end: { line: r.end.line, column: r.end.column + 1 } };
  }
  return { ...NO_RANGE, file: c.map.original(1, 1).file };
}
