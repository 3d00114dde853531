// The parse of a program kept between compiles, in two ways:
// - the included files that open a program (core.p4, p4flow.p4, a project's headers): when the
//   preprocessed text starts with the same included lines (and the main file's comments and
//   blank lines among them), mapped to the same places, as a recent compile, their declarations
//   are reused and only the rest (from the main file's first line of code) is lexed and parsed.
//   The included part is reused only if it parsed alone without any diagnostic;
// - the rest, in chunks of whole lines that end where a top-level declaration ends (a `;` or `}`
//   outside brackets, the next token on a later line): a chunk with the same text, mapped to the
//   same places, as in a recent compile keeps its declarations, so an edit reparses only the
//   declarations on the lines it touched. Chunks are used only when every one parses alone
//   without any diagnostic and the text lexes cleanly; otherwise the rest is parsed whole.
// Either way the result is the one a whole parse gives (test/frontend/parse-reuse.test.ts
// compares them). Declarations are therefore shared between compile results (the AST is never
// mutated).

import type { DiagnosticSink } from "./diagnostics/sink.js";
import { DiagnosticSink as Sink } from "./diagnostics/sink.js";
import type { Declaration, Program } from "./frontend/ast.js";
import type { IToken } from "chevrotain";
import { p4Lexer } from "../grammar/tokens.js";
import { parseP4 } from "./frontend/parse.js";
import type { PreprocessResult } from "./frontend/preprocess.js";
import { scanLineComments } from "./frontend/line-comments.js";
import type { PositionMap } from "./frontend/source.js";

/** How many different included prefixes are kept (one per project configuration, roughly). */
const KEPT = 8;

interface Kept {
  readonly key: string;
  /** Undefined: the prefix does not parse cleanly alone (parse the whole text). */
  readonly declarations: readonly Declaration[] | undefined;
  readonly program?: Program;
}

const kept: Kept[] = [];

/** Parses preprocessed text, reusing the parse of its leading included lines when it can. */
export function parseReusingIncludes(
  preprocessed: PreprocessResult,
  mainFile: string,
  sink: DiagnosticSink,
  maxTokens?: number,
): Program {
  const { text, map } = preprocessed;
  const split = prefixEnd(text, map, mainFile);
  if (split === undefined) return parseP4(text, map, sink, maxTokens);
  const { lines, offset } = split;
  const prefix = text.slice(0, offset);
  const key = keyOf(prefix, lines, map);
  let entry = kept.find((k) => k.key === key);
  if (entry) kept.splice(kept.indexOf(entry), 1);
  else {
    const own = new Sink();
    const program = parseP4(prefix, map, own, maxTokens);
    entry =
      own.diagnostics.length === 0
        ? { key, declarations: program.declarations, program }
        : { key, declarations: undefined };
  }
  kept.unshift(entry);
  kept.length = Math.min(kept.length, KEPT);
  if (!entry.declarations || !entry.program) return parseP4(text, map, sink, maxTokens);

  const rest = parseInChunks(text.slice(offset), shift(map, lines), mainFile, sink, maxTokens);
  // As a whole parse spans it: from the first token to the last when both are in one file.
  const first = entry.program.range;
  const last = rest.declarations.length > 0 ? rest.range : first;
  return {
    kind: "Program",
    declarations: [...entry.declarations, ...rest.declarations],
    range: { ...first, end: last.file === first.file ? last.end : first.start },
  };
}

/**
 * The leading lines that come from other files than the main one, or are blank (the main file's
 * #include lines, comments): their count and where the next line starts; undefined when none
 * come from another file or nothing follows them.
 */
function prefixEnd(
  text: string,
  map: PositionMap,
  mainFile: string,
): { lines: number; offset: number } | undefined {
  let lines = 0;
  let offset = 0;
  let included = false;
  let inComment = false;
  for (;;) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return undefined;
    if (map.original(lines + 1, 1).file !== mainFile) included = true;
    else {
      const line = scanLineComments(text.slice(offset, next), inComment);
      if (line.code) break;
      inComment = line.inComment;
    }
    lines++;
    offset = next + 1;
  }
  return included && !inComment ? { lines, offset } : undefined;
}

/** The prefix's text and, line by line, where its start and end come from. */
function keyOf(prefix: string, lines: number, map: PositionMap): string {
  const parts = [prefix];
  let start = 0;
  for (let line = 1; line <= lines; line++) {
    const end = prefix.indexOf("\n", start);
    const length = (end < 0 ? prefix.length : end) - start;
    const a = map.original(line, 1);
    const b = map.original(line, length + 1);
    parts.push(`${a.file}:${a.line}:${a.column}:${b.line}:${b.column}`);
    start = end + 1;
  }
  return parts.join("\n");
}

/** The map of a text that starts `lines` lines further down. */
function shift(map: PositionMap, lines: number): PositionMap {
  return lines === 0
    ? map
    : {
        original: (line, column) => map.original(line + lines, column),
        includedFrom: (file) => map.includedFrom(file),
      };
}

interface Chunk {
  readonly declarations: readonly Declaration[];
  readonly range: Program["range"];
}

/** Chunks parsed and chunks reused since the process started (tests read it). */
export const chunkCounts = { parsed: 0, reused: 0 };

/** For each main file (the last few), its chunks by text and mapping from the last compile. */
const chunksByFile = new Map<string, Map<string, Chunk>>();

/**
 * Parses text in chunks of whole lines, each ending with a top-level declaration, reusing the
 * chunks of the file's last compile; the whole text at once when chunks would not give the
 * whole parse's answer (lexical errors, stray characters, too many tokens, a chunk with
 * diagnostics).
 */
function parseInChunks(
  text: string,
  map: PositionMap,
  file: string,
  sink: DiagnosticSink,
  maxTokens?: number,
): Program {
  const whole = () => parseP4(text, map, sink, maxTokens);
  const lexed = p4Lexer.tokenize(text);
  const tokens = lexed.tokens;
  if (
    lexed.errors.length > 0 ||
    (lexed.groups["errors"]?.length ?? 0) > 0 ||
    tokens.length < 2 ||
    (maxTokens !== undefined && tokens.length > maxTokens) ||
    tokens.some((t) => t.tokenType.name === "StrayCharacter")
  )
    return whole();
  const starts = chunkStarts(tokens);
  if (starts.length < 2) return whole();
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const before = chunksByFile.get(file);
  const now = new Map<string, Chunk>();
  const chunks: Chunk[] = [];
  let t = 0;
  for (let c = 0; c < starts.length; c++) {
    const first = starts[c]!;
    const next = starts[c + 1];
    const from = lineStarts[first - 1]!;
    const to = next === undefined ? text.length : lineStarts[next - 1]!;
    const chunkText = text.slice(from, to);
    // The key: the text, and where each of its tokens comes from.
    const key = [chunkText];
    for (; t < tokens.length && (next === undefined || tokens[t]!.startLine! < next); t++) {
      const o = map.original(tokens[t]!.startLine!, tokens[t]!.startColumn!);
      key.push(`${o.file}:${o.line}:${o.column}`);
    }
    const k = key.join("\n");
    let chunk = before?.get(k) ?? now.get(k);
    if (chunk) chunkCounts.reused++;
    else {
      chunkCounts.parsed++;
      const own = new Sink();
      const program = parseP4(chunkText, shift(map, first - 1), own, maxTokens);
      if (own.diagnostics.length > 0) return whole();
      chunk = { declarations: program.declarations, range: program.range };
    }
    now.set(k, chunk);
    chunks.push(chunk);
  }
  chunksByFile.delete(file);
  chunksByFile.set(file, now);
  if (chunksByFile.size > KEPT) chunksByFile.delete(chunksByFile.keys().next().value!);
  const first = chunks[0]!.range;
  const last = chunks[chunks.length - 1]!.range;
  return {
    kind: "Program",
    declarations: chunks.flatMap((c) => c.declarations),
    range: { ...first, end: last.file === first.file ? last.end : first.start },
  };
}

/**
 * The first line of each chunk: line 1, then each line whose first token follows, outside
 * brackets and on an earlier line, a `;` or a `}` (where a top-level declaration ends).
 */
function chunkStarts(tokens: readonly IToken[]): number[] {
  const starts = [1];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const n = t.tokenType.name;
    if (i > 0 && depth === 0) {
      const prev = tokens[i - 1]!;
      const p = prev.tokenType.name;
      if ((p === "Semicolon" || p === "RBrace") && t.startLine! > prev.endLine!)
        starts.push(t.startLine!);
    }
    if (n === "LParen" || n === "LBracket" || n === "LBrace") depth++;
    else if (n === "RParen" || n === "RBracket" || n === "RBrace") depth = Math.max(0, depth - 1);
  }
  return starts;
}
