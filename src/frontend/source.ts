// Source positions and ranges. Every AST node and every diagnostic carries a SourceRange that
// names the original file (after the preprocessor's line map), never the preprocessed text.

/** A 1-based line and 1-based column in an original source file. */
export interface SourcePos {
  readonly line: number;
  readonly column: number;
}

/** A half-open span [start, end) in one original source file. */
export interface SourceRange {
  readonly file: string;
  readonly start: SourcePos;
  readonly end: SourcePos;
}

export function pos(line: number, column: number): SourcePos {
  return { line, column };
}

export function rangeOf(file: string, start: SourcePos, end: SourcePos): SourceRange {
  return { file, start, end };
}

/** The smallest range covering both; when the files differ the first wins. */
export function spanRanges(a: SourceRange, b: SourceRange): SourceRange {
  if (a.file !== b.file) return a;
  const start = comparePos(a.start, b.start) <= 0 ? a.start : b.start;
  const end = comparePos(a.end, b.end) >= 0 ? a.end : b.end;
  return { file: a.file, start, end };
}

export function comparePos(a: SourcePos, b: SourcePos): number {
  return a.line !== b.line ? a.line - b.line : a.column - b.column;
}

export function rangeContains(r: SourceRange, file: string, p: SourcePos): boolean {
  return r.file === file && comparePos(r.start, p) <= 0 && comparePos(p, r.end) <= 0;
}

/** Used for nodes synthesised by the compiler (built-ins, recovered parse trees). */
export const NO_RANGE: SourceRange = { file: "<builtin>", start: pos(1, 1), end: pos(1, 1) };

/** Maps positions in preprocessed text back to the original files. Built by the preprocessor;
 *  used by the lexer/parser so that every AST range names the original file. */
export interface PositionMap {
  /** `line` and `column` are 1-based positions in the preprocessed text. */
  original(line: number, column: number): { file: string; line: number; column: number };
  /** Where `file` was included from, for "included from" notes; undefined for the main file. */
  includedFrom(file: string): SourceRange | undefined;
}

/** The identity map for text that did not go through the preprocessor. */
export function identityPositionMap(file: string): PositionMap {
  return {
    original: (line, column) => ({ file, line, column }),
    includedFrom: () => undefined,
  };
}
