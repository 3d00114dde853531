// The compile() pipeline that the CLI, the language server and the library all call: preprocess →
// parse → check → IR → layout → renderers, each phase taking the previous phase's output and the
// shared diagnostics sink. It stops at the first phase that reports errors, or where asked.
// In-memory only: writing files and running clang belong to the front doors.

import { messages } from "./diagnostics/catalog.js";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { DiagnosticSink, type WarningPolicy } from "./diagnostics/sink.js";
import type { Program } from "./frontend/ast.js";
import type { FileHost } from "./frontend/host.js";
import { withIncludeNotes } from "./frontend/include-notes.js";
import { parseP4 } from "./frontend/parse.js";
import { preprocess, type PreprocessResult } from "./frontend/preprocess.js";
import type { IrProgram } from "./ir/ir.js";
import { lowerToIr } from "./ir/lower-parser.js";
import { computeLayout } from "./layout/compute.js";
import { DEFAULT_LAYOUT_OPTIONS, type FlowKeyLayout, type LayoutOptions } from "./layout/layout.js";
import { check } from "./typecheck/check.js";
import type { TypedProgram } from "./typecheck/typed-program.js";

export type Phase = "preprocess" | "parse" | "check" | "ir";

export interface CompileOptions {
  /** Path of the main file, as the host names it. */
  readonly file: string;
  /** The main file's text; read from the host when absent (editors pass their buffer). */
  readonly text?: string;
  readonly host: FileHost;
  readonly includePaths?: readonly string[];
  readonly defines?: readonly { readonly name: string; readonly value?: string }[];
  readonly undefines?: readonly string[];
  readonly warnings?: WarningPolicy;
  /** Pick the extractor parser by name instead of through `main`. */
  readonly parserName?: string;
  /** The architecture the program must be written for (--arch). */
  readonly arch?: string;
  /** State visits allowed before ParserTimeout. */
  readonly maxParserIterations?: number;
  readonly layout?: LayoutOptions;
  /** The last phase to run. */
  readonly stopAfter?: Phase;
}

export interface CompileResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly ok: boolean;
  readonly preprocessed?: PreprocessResult;
  readonly program?: Program;
  readonly typed?: TypedProgram;
  readonly ir?: IrProgram;
  readonly layout?: FlowKeyLayout;
  /** Every file read, main file first (for --watch and the language server). */
  readonly files: readonly string[];
}

export function compile(options: CompileOptions): CompileResult {
  const sink = new DiagnosticSink(options.warnings);
  const text = options.text ?? options.host.readFile(options.file);
  if (text === undefined) {
    sink.report(messages.cannotReadFile, undefined, { path: options.file, reason: "no such file" });
    return { diagnostics: sink.diagnostics, ok: false, files: [] };
  }
  const preprocessed = preprocess(
    { path: options.file, text },
    options.host,
    {
      includePaths: options.includePaths ?? [],
      defines: options.defines ?? [],
      undefines: options.undefines ?? [],
    },
    sink,
  );
  const files = preprocessed.files;
  const done = (extra: Partial<CompileResult>): CompileResult => ({
    diagnostics: inSourceOrder(withIncludeNotes(sink.diagnostics, preprocessed.map), files),
    ok: !sink.hasErrors(),
    preprocessed,
    files,
    ...extra,
  });
  if (options.stopAfter === "preprocess" || sink.hasErrors()) return done({});

  const program = parseP4(preprocessed.text, preprocessed.map, sink);
  if (options.stopAfter === "parse" || sink.hasErrors()) return done({ program });

  const wantIr = options.stopAfter === "ir";
  const typed = check(program, sink, {
    ...(options.parserName === undefined ? {} : { parserName: options.parserName }),
    ...(options.arch === undefined ? {} : { arch: options.arch }),
    requireExtractor: wantIr,
  });
  if (!wantIr || sink.hasErrors()) {
    // A check reports what a compile would: the IR phase's diagnostics too (keysets wider than
    // their keys, unsupported constructs), without keeping the IR.
    if (!sink.hasErrors() && typed.extractor) lowerToIr(typed, sink, irOptions(options));
    return done({ program, typed });
  }

  const ir = lowerToIr(typed, sink, irOptions(options));
  if (!ir || sink.hasErrors()) return done({ program, typed });
  const layout = computeLayout(ir, options.layout ?? DEFAULT_LAYOUT_OPTIONS);
  return done({ program, typed, ir, layout });
}

function irOptions(options: CompileOptions): { maxIterations?: number } {
  return options.maxParserIterations === undefined
    ? {}
    : { maxIterations: options.maxParserIterations };
}

/**
 * Diagnostics by file (in the order files were read) and position, so that output reads top to
 * bottom whichever phase found them; those without a place come last, in the order reported.
 */
function inSourceOrder(list: readonly Diagnostic[], files: readonly string[]): Diagnostic[] {
  const fileRank = (f: string) => {
    const i = files.indexOf(f);
    return i < 0 ? files.length : i;
  };
  return list
    .map((d, i) => ({ d, i }))
    .sort((x, y) => {
      const a = x.d.range;
      const b = y.d.range;
      if (!a || !b) return a ? -1 : b ? 1 : x.i - y.i;
      return (
        fileRank(a.file) - fileRank(b.file) ||
        a.start.line - b.start.line ||
        a.start.column - b.start.column ||
        x.i - y.i
      );
    })
    .map((x) => x.d);
}
