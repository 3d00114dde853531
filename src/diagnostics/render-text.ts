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
  const underline = " ".repeat(startCol - 1) + "^" + "~".repeat(Math.max(0, endCol - startCol - 1));
  return `  ${gutter} | ${expanded}\n  ${pad} | ${underline}\n`;
}

class LineCache {
  private readonly files = new Map<string, string[] | undefined>();
  constructor(private readonly source?: (file: string) => string | undefined) {}

  get(file: string, line: number): string | undefined {
    if (!this.source) return undefined;
    if (!this.files.has(file)) this.files.set(file, this.source(file)?.split(/\r?\n/));
    return this.files.get(file)?.[line - 1];
  }
}
