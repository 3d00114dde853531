// The parse of the included files that open a program (core.p4, p4flow.p4, a project's headers),
// kept between compiles: when the preprocessed text starts with the same included lines (and the
// main file's comments and blank lines among them), mapped to the same places, as a recent
// compile, their declarations are reused and only the rest (from the main file's first line of
// code) is lexed and parsed. The included part is reused only if it parsed
// alone without any diagnostic, so the result is the one a whole parse gives. Declarations of
// included files are therefore shared between compile results (the AST is never mutated).

import type { DiagnosticSink } from "./diagnostics/sink.js";
import { DiagnosticSink as Sink } from "./diagnostics/sink.js";
import type { Declaration, Program } from "./frontend/ast.js";
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

  const shifted: PositionMap = {
    original: (line, column) => map.original(line + lines, column),
    includedFrom: (file) => map.includedFrom(file),
  };
  const rest = parseP4(text.slice(offset), shifted, sink, maxTokens);
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
