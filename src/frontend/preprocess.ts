// The preprocessor: the C subset P4 programs use (#include, #define/#undef, #if/#ifdef/#ifndef/
// #elif/#else/#endif, #line, #error, #warning, #pragma once). It keeps line structure: every
// output line comes from one original line, so the PositionMap it builds maps any position in
// the output back to the original file, line and column (macro uses map to the use site).

import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type { FileHost } from "./host.js";
import { builtinIncludes } from "./include/index.js";
import { scanLineComments } from "./line-comments.js";
import { evaluateCondition } from "./pp-expr.js";
import {
  ExpansionLimit,
  expandLine,
  MAX_EXPANDED_LINE,
  MAX_EXPANSION_DEPTH,
  type Expansion,
  type Macro,
} from "./pp-expand.js";
import type { PositionMap, SourceRange } from "./source.js";
import { DEFAULT_INPUT_LIMITS } from "./input-limits.js";

export interface PreprocessOptions {
  readonly includePaths: readonly string[];
  readonly defines: readonly { readonly name: string; readonly value?: string }[];
  readonly undefines: readonly string[];
  /** Characters allowed in one file and in the whole output (input-limits.ts). */
  readonly maxInputChars?: number;
}

export interface PreprocessResult {
  readonly text: string;
  readonly map: PositionMap;
  /** Every file read, the main file first (for --watch and the language server). */
  readonly files: readonly string[];
}

/** Built-in headers are named like this in diagnostics. */
export const BUILTIN_PREFIX = "<builtin>/";
const MAX_INCLUDE_DEPTH = 64;
const IDENTIFIERS = /[A-Za-z_][A-Za-z0-9_]*/g;

interface LineOrigin {
  readonly file: string;
  readonly line: number;
  readonly expansions: readonly Expansion[];
}

interface Conditional {
  /** Some branch of this #if chain has been taken already. */
  taken: boolean;
  /** Lines in the current branch are kept. */
  active: boolean;
  sawElse: boolean;
  readonly range: SourceRange;
  readonly directive: string;
}

class Preprocessor {
  readonly out: string[] = [];
  readonly origins: LineOrigin[] = [];
  readonly files: string[] = [];
  readonly includedFrom = new Map<string, SourceRange>();
  readonly macros = new Map<string, Macro>();
  private readonly onceFiles = new Set<string>();
  private readonly stack: string[] = [];
  private readonly maxChars: number;
  private outChars = 0;
  /** Macros whose expansion ran past the limits; lines using them are not expanded again. */
  private readonly runaway = new Set<string>();
  /** Set when the output outgrew the limit: nothing more is read or emitted. */
  private stopped = false;

  constructor(
    private readonly host: FileHost,
    private readonly options: PreprocessOptions,
    private readonly sink: DiagnosticSink,
  ) {
    for (const d of options.defines)
      this.macros.set(d.name, { name: d.name, body: d.value ?? "1" });
    for (const u of options.undefines) this.macros.delete(u);
    this.maxChars = options.maxInputChars ?? DEFAULT_INPUT_LIMITS.maxInputChars;
  }

  run(path: string, text: string): void {
    if (!this.files.includes(path)) this.files.push(path);
    if (this.stack.length >= MAX_INCLUDE_DEPTH || this.stopped) return;
    if (text.length > this.maxChars) {
      const at = { line: 1, column: 1 };
      this.sink.report(
        messages.fileTooLarge,
        { file: path, start: at, end: { line: 1, column: 2 } },
        { file: path, size: text.length, limit: this.maxChars },
      );
      this.stopped = true;
      return;
    }
    this.stack.push(path);
    const lines = text.split(/\r?\n/);
    const conds: Conditional[] = [];
    let inComment = false;
    let reportedName = path;
    let lineDelta = 0;
    for (let idx = 0; idx < lines.length && !this.stopped; idx++) {
      let line = lines[idx]!;
      const first = idx;
      // Backslash continuations join lines; the joined lines become empty output lines.
      while (line.endsWith("\\") && idx + 1 < lines.length)
        line = line.slice(0, -1) + lines[++idx]!;
      const origin = (expansions: readonly Expansion[] = []): LineOrigin => ({
        file: reportedName,
        line: first + 1 + lineDelta,
        expansions,
      });
      const active = conds.every((c) => c.active);
      const directive = !inComment ? /^\s*#\s*([A-Za-z_]\w*)?(.*)$/.exec(line) : null;
      if (directive) {
        const name = directive[1] ?? "";
        const rest = stripComment(directive[2] ?? "");
        const range = this.rangeAt(reportedName, first + 1 + lineDelta, line);
        this.emit("", origin());
        const handled = this.conditional(name, rest, range, conds);
        if (!handled && active) {
          const r = this.directive(name, rest, range, path);
          if (r?.kind === "line") {
            lineDelta = r.line - (idx + 2);
            if (r.file !== undefined) reportedName = r.file;
          }
        }
      } else if (!active) {
        this.emit("", origin());
        inComment = scanLineComments(line, inComment).inComment;
      } else if (
        this.runaway.size > 0 &&
        (line.match(IDENTIFIERS) ?? []).some((n) => this.runaway.has(n))
      ) {
        this.emit("", origin());
        inComment = scanLineComments(line, inComment).inComment;
      } else {
        try {
          const e = expandLine(line, this.macros, inComment);
          inComment = e.inComment;
          this.emit(e.text, origin(e.expansions));
        } catch (err) {
          if (!(err instanceof ExpansionLimit)) throw err;
          // One runaway expansion is enough to report; later lines using the same macros are
          // left out unexpanded, since each would cost as much again.
          for (const name of line.match(IDENTIFIERS) ?? [])
            if (this.macros.has(name)) this.runaway.add(name);
          this.sink.report(
            messages.macroExpansionTooLarge,
            this.rangeAt(reportedName, first + 1, line),
            {
              depth: MAX_EXPANSION_DEPTH,
              size: MAX_EXPANDED_LINE,
            },
          );
          this.emit("", origin());
        }
      }
      for (let k = first + 1; k <= idx; k++)
        this.emit("", { file: reportedName, line: k + 1 + lineDelta, expansions: [] });
    }
    for (const c of conds)
      this.sink.report(messages.unterminatedConditional, c.range, { directive: c.directive });
    this.stack.pop();
  }

  private emit(text: string, origin: LineOrigin): void {
    if (this.stopped) return;
    this.outChars += text.length + 1;
    if (this.outChars > this.maxChars) {
      this.stopped = true;
      const at = { line: origin.line, column: 1 };
      this.sink.report(
        messages.preprocessedTooLarge,
        { file: origin.file, start: at, end: { line: origin.line, column: 2 } },
        { limit: this.maxChars },
      );
      return;
    }
    this.out.push(text);
    this.origins.push(origin);
  }

  private rangeAt(file: string, line: number, text: string): SourceRange {
    const col = text.search(/\S/) + 1 || 1;
    return {
      file,
      start: { line, column: col },
      end: { line, column: Math.max(col + 1, text.trimEnd().length + 1) },
    };
  }

  /** #if-family directives; returns false for any other directive. */
  private conditional(
    name: string,
    rest: string,
    range: SourceRange,
    conds: Conditional[],
  ): boolean {
    const parentActive = conds.slice(0, -1).every((c) => c.active);
    switch (name) {
      case "if":
      case "ifdef":
      case "ifndef": {
        const outer = conds.every((c) => c.active);
        const value = outer ? this.evaluate(name, rest, range) : false;
        conds.push({ taken: value, active: value, sawElse: false, range, directive: name });
        return true;
      }
      case "elif":
      case "else": {
        const top = conds[conds.length - 1];
        if (!top) {
          this.sink.report(messages.unmatchedConditional, range, { directive: name });
          return true;
        }
        if (top.sawElse) this.sink.report(messages.elseAfterElse, range, { directive: name });
        if (name === "else") top.sawElse = true;
        const outer = parentActive;
        if (top.taken || !outer) top.active = false;
        else {
          top.active = name === "else" ? true : this.evaluate("elif", rest, range);
          top.taken = top.active;
        }
        return true;
      }
      case "endif":
        if (conds.length === 0)
          this.sink.report(messages.unmatchedConditional, range, { directive: name });
        conds.pop();
        return true;
      default:
        return false;
    }
  }

  private evaluate(directive: string, rest: string, range: SourceRange): boolean {
    const text = rest.trim();
    if (directive === "ifdef" || directive === "ifndef") {
      const m = /^([A-Za-z_]\w*)\s*$/.exec(text);
      if (!m) {
        this.sink.report(messages.badDirective, range, {
          directive,
          reason: "expected one macro name",
        });
        return false;
      }
      return this.macros.has(m[1]!) === (directive === "ifdef");
    }
    const withDefined = text.replace(
      /\bdefined\s*(?:\(\s*([A-Za-z_]\w*)\s*\)|([A-Za-z_]\w*))/g,
      (_w, a?: string, b?: string) => (this.macros.has((a ?? b)!) ? "1" : "0"),
    );
    let expanded: string;
    try {
      expanded = expandLine(withDefined, this.macros, false).text;
    } catch {
      expanded = withDefined;
    }
    const v = evaluateCondition(expanded);
    if (!v.ok) {
      this.sink.report(messages.badCondition, range, { directive, reason: v.reason });
      return false;
    }
    return v.value !== 0n;
  }

  private directive(
    name: string,
    rest: string,
    range: SourceRange,
    currentPath: string,
  ): { kind: "line"; line: number; file?: string } | undefined {
    switch (name) {
      case "include":
        this.include(rest.trim(), range, currentPath);
        return undefined;
      case "define":
        this.define(rest, range);
        return undefined;
      case "undef": {
        const m = /^\s*([A-Za-z_]\w*)\s*$/.exec(rest);
        if (!m)
          this.sink.report(messages.badDirective, range, {
            directive: name,
            reason: "expected one macro name",
          });
        else this.macros.delete(m[1]!);
        return undefined;
      }
      case "line": {
        const m = /^\s*(\d+)(?:\s+"([^"]*)")?\s*$/.exec(rest);
        if (!m) {
          this.sink.report(messages.badDirective, range, {
            directive: name,
            reason: "expected a line number and an optional file name",
          });
          return undefined;
        }
        return m[2] === undefined
          ? { kind: "line", line: Number(m[1]) }
          : { kind: "line", line: Number(m[1]), file: m[2] };
      }
      case "error":
      case "warning":
        this.sink.report(name === "error" ? messages.userError : messages.userWarning, range, {
          text: rest.trim().replace(/\.$/, ""),
        });
        return undefined;
      case "pragma":
        if (rest.trim() === "once") this.onceFiles.add(currentPath);
        return undefined;
      case "":
        return undefined; // a lone '#' is a null directive
      default:
        this.sink.report(messages.unknownDirective, range, { directive: name });
        return undefined;
    }
  }

  private define(rest: string, range: SourceRange): void {
    const m = /^\s*([A-Za-z_]\w*)(\(([^)]*)\))?\s?(.*)$/.exec(rest);
    if (!m) {
      this.sink.report(messages.badDirective, range, {
        directive: "define",
        reason: "expected a macro name",
      });
      return;
    }
    const name = m[1]!;
    const body = m[4]!.trim().replace(/\s+/g, " ");
    const params =
      m[2] === undefined
        ? undefined
        : m[3]!
            .split(",")
            .map((p) => p.trim())
            .filter((p) => p !== "");
    if (params && params.some((p) => !/^[A-Za-z_]\w*$/.test(p))) {
      this.sink.report(messages.badDirective, range, {
        directive: "define",
        reason: "macro parameters must be names",
      });
      return;
    }
    const old = this.macros.get(name);
    if (old && (old.body !== body || JSON.stringify(old.params) !== JSON.stringify(params))) {
      this.sink.report(messages.macroRedefined, range, { name });
    }
    this.macros.set(name, params ? { name, params, body } : { name, body });
  }

  private include(spec: string, range: SourceRange, currentPath: string): void {
    const m = /^(?:"([^"]+)"|<([^>]+)>)/.exec(spec);
    if (!m) {
      this.sink.report(messages.badDirective, range, {
        directive: "include",
        reason: 'expected "file" or <file>',
      });
      return;
    }
    const name = (m[1] ?? m[2])!;
    const found = this.resolve(name, m[1] !== undefined, currentPath);
    if (!found) {
      const searched = [
        ...(m[1] !== undefined ? [this.host.dirname(currentPath)] : []),
        ...this.options.includePaths,
        "built-in headers",
      ];
      this.sink.report(messages.includeNotFound, range, { name, searched: searched.join(", ") });
      return;
    }
    if (this.onceFiles.has(found.path)) return;
    if (this.stack.includes(found.path)) {
      const chain = [...this.stack.slice(this.stack.indexOf(found.path)), found.path]
        .map((p) => `'${p}'`)
        .join(" → ");
      this.sink.report(messages.includeCycle, range, { name, chain });
      return;
    }
    if (this.stack.length >= MAX_INCLUDE_DEPTH) {
      this.sink.report(messages.includeTooDeep, range, { limit: MAX_INCLUDE_DEPTH });
      return;
    }
    if (!this.includedFrom.has(found.path)) this.includedFrom.set(found.path, range);
    this.run(found.path, found.text);
  }

  private resolve(
    name: string,
    quoted: boolean,
    currentPath: string,
  ): { path: string; text: string } | undefined {
    const dirs = [
      ...(quoted && !currentPath.startsWith(BUILTIN_PREFIX)
        ? [this.host.dirname(currentPath)]
        : []),
      ...this.options.includePaths,
    ];
    for (const dir of dirs) {
      const path = this.host.resolve(dir, name);
      const text = this.host.readFile(path);
      if (text !== undefined) return { path, text };
    }
    const builtin = Object.prototype.hasOwnProperty.call(builtinIncludes, name)
      ? builtinIncludes[name]
      : undefined;
    return builtin === undefined ? undefined : { path: BUILTIN_PREFIX + name, text: builtin };
  }
}

function stripComment(s: string): string {
  return s.replace(/\/\/.*$/, "").replace(/\/\*.*?\*\//g, " ");
}

export function preprocess(
  main: { readonly path: string; readonly text: string },
  host: FileHost,
  options: PreprocessOptions,
  sink: DiagnosticSink,
): PreprocessResult {
  const pp = new Preprocessor(host, options, sink);
  pp.run(main.path, main.text);
  const origins = pp.origins;
  const includedFrom = pp.includedFrom;
  const map: PositionMap = {
    original(line, column) {
      const o = origins[Math.min(Math.max(line, 1), origins.length) - 1];
      if (!o) return { file: main.path, line, column };
      let col = column;
      for (const e of o.expansions) {
        if (column - 1 < e.outStart) break;
        col = column - 1 < e.outEnd ? e.origStart + 1 : column - e.outEnd + e.origEnd;
      }
      return { file: o.file, line: o.line, column: col };
    },
    includedFrom: (file) => includedFrom.get(file),
  };
  return { text: pp.out.join("\n"), map, files: pp.files };
}
