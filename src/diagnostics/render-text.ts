// Renders diagnostics in the gcc shape that editors' problem matchers read:
//   file.p4:12:5: error P4F2003[type-mismatch]: Message.
//      12 |     bit<16> etherType
//         |             ^~~~~~~~~
// followed by one line per related location. Colour only when asked (the CLI asks on a TTY
// without NO_COLOR).

import type { Diagnostic } from "./diagnostic.js";

export interface TextRenderOptions {
  /** The text of an original source file, for the quoted line; undefined to omit the quote. */
  readonly sourceText?: (file: string) => string | undefined;
  readonly color?: boolean;
}

const COLORS = { error: "\x1b[1;31m", warning: "\x1b[1;35m", note: "\x1b[1;36m", reset: "\x1b[0m" };

export function renderText(diags: readonly Diagnostic[], options: TextRenderOptions = {}): string {
  const lines = new LineCache(options.sourceText);
  return diags.map((d) => renderOne(d, lines, options.color === true)).join("");
}

function renderOne(d: Diagnostic, lines: LineCache, color: boolean): string {
  const sev = color ? `${COLORS[d.severity]}${d.severity}${COLORS.reset}` : d.severity;
  const where = d.range ? `${d.range.file}:${d.range.start.line}:${d.range.start.column}: ` : "";
  let out = `${where}${sev} ${d.code}[${d.name}]: ${d.message}\n`;
  if (d.range) out += quote(d.range, lines);
  for (const r of d.related) {
    const note = color ? `${COLORS.note}note${COLORS.reset}` : "note";
    out += `${r.range.file}:${r.range.start.line}:${r.range.start.column}: ${note}: ${r.message}\n`;
  }
  return out;
}

function quote(range: NonNullable<Diagnostic["range"]>, lines: LineCache): string {
  const text = lines.get(range.file, range.start.line);
  if (text === undefined) return "";
  const expanded = text.replace(/\t/g, " ");
  const gutter = String(range.start.line);
  const pad = " ".repeat(gutter.length);
  const startCol = Math.max(1, Math.min(range.start.column, expanded.length + 1));
  const endCol =
    range.end.line === range.start.line
      ? Math.max(startCol + 1, Math.min(range.end.column, expanded.length + 1))
      : Math.max(startCol + 1, expanded.length + 1);
  // A very long line (generated code, a binary file) is quoted as a window around the range.
  if (expanded.length > QUOTE_WIDTH) {
    const from = Math.max(0, startCol - 1 - QUOTE_LEAD);
    const to = Math.min(expanded.length, from + QUOTE_WIDTH);
    const lead = from > 0 ? "..." : "";
    const shown = `${lead}${expanded.slice(from, to)}${to < expanded.length ? "..." : ""}`;
    const start = startCol - from + lead.length;
    const end = Math.min(endCol, to + 1) - from + lead.length;
    const underline = " ".repeat(start - 1) + "^" + "~".repeat(Math.max(0, end - start - 1));
    return `  ${gutter} | ${shown}\n  ${pad} | ${underline}\n`;
  }
  const underline = " ".repeat(startCol - 1) + "^" + "~".repeat(Math.max(0, endCol - startCol - 1));
  return `  ${gutter} | ${expanded}\n  ${pad} | ${underline}\n`;
}

/** Quoted lines longer than this are cut to this many characters, starting a little before the range. */
const QUOTE_WIDTH = 200;
const QUOTE_LEAD = 40;

class LineCache {
  private readonly files = new Map<string, string[] | undefined>();
  constructor(private readonly source?: (file: string) => string | undefined) {}

  get(file: string, line: number): string | undefined {
    if (!this.source) return undefined;
    if (!this.files.has(file)) this.files.set(file, this.source(file)?.split(/\r?\n/));
    return this.files.get(file)?.[line - 1];
  }
}
