// The compile() pipeline that the CLI, the language server and the library all call: preprocess →
// parse → check → IR → layout, each phase taking the previous phase's output and the shared
// diagnostics sink. It stops at the first phase that reports errors, or where asked.
// compileSteps() is the same pipeline one phase at a time (the language server yields to its
// event loop between phases, so newer edits and parse-only requests are not kept waiting).
// The parse of the included files a program opens with is reused between compiles
// (parse-reuse.ts). In-memory only: rendering outputs is outputs.ts; writing files and clang, the
// front doors.

import { messages } from "./diagnostics/catalog.js";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { DiagnosticSink, type WarningPolicy } from "./diagnostics/sink.js";
import type { Program } from "./frontend/ast.js";
import type { FileHost } from "./frontend/host.js";
import { withIncludeNotes } from "./frontend/include-notes.js";
import { DEFAULT_INPUT_LIMITS, type InputLimits } from "./frontend/input-limits.js";
import { preprocess, type PreprocessResult } from "./frontend/preprocess.js";
import type { IrProgram } from "./ir/ir.js";
import { lowerToIr } from "./ir/lower-parser.js";
import { parseReusingIncludes } from "./parse-reuse.js";
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
  /**
   * The last phase to run. Default "check": preprocess, parse and type-check, without an IR or a
   * layout (what an editor needs; a program with no extractor parser is fine). "ir" does the
   * whole job: the parser IR and the flow-key layout, from which the renderers and the backend
   * work. The result's `completed` says which phase it got to.
   */
  readonly stopAfter?: Phase;
  /**
   * With stopAfter "ir": leave the flow-key layout out (the result has `ir`, no `layout`). It
   * reports no diagnostic, so the language server skips it per edit and computes it from `ir`
   * when a hover first needs it.
   */
  readonly withoutLayout?: boolean;
  /** Limits on input size (defaults: DEFAULT_INPUT_LIMITS). */
  readonly limits?: Partial<InputLimits>;
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
  /**
   * The last phase that ran to its end without errors, so what the result holds:
   * "preprocess" `preprocessed`; "parse" also `program`; "check" also `typed`; "ir" also `ir`
   * and `layout` (unless `withoutLayout`). Undefined when the main file could not be read or preprocessing failed.
   */
  readonly completed?: Phase;
}

export function compile(options: CompileOptions): CompileResult {
  const steps = compileSteps(options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The pipeline as a generator: after each phase that does not end it, it yields the result so
 * far (after "parse", `program` is there); its return value is compile()'s result.
 */
export function* compileSteps(
  options: CompileOptions,
): Generator<CompileResult & { readonly phase: Phase }, CompileResult, void> {
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
      ...(options.limits?.maxInputChars !== undefined
        ? { maxInputChars: options.limits.maxInputChars }
        : {}),
    },
    sink,
  );
  const files = preprocessed.files;
  let completed: Phase | undefined;
  const passed = (phase: Phase) => {
    if (!sink.hasErrors()) completed = phase;
  };
  const done = (extra: Partial<CompileResult>): CompileResult => ({
    diagnostics: inSourceOrder(withIncludeNotes(sink.diagnostics, preprocessed.map), files),
    ok: !sink.hasErrors(),
    preprocessed,
    files,
    ...(completed === undefined ? {} : { completed }),
    ...extra,
  });
  passed("preprocess");
  if (options.stopAfter === "preprocess" || sink.hasErrors()) return done({});
  yield { ...done({}), phase: "preprocess" };

  const program = parseReusingIncludes(
    preprocessed,
    options.file,
    sink,
    options.limits?.maxTokens ?? DEFAULT_INPUT_LIMITS.maxTokens,
  );
  passed("parse");
  if (options.stopAfter === "parse" || sink.hasErrors()) return done({ program });
  yield { ...done({ program }), phase: "parse" };

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
    passed("check");
    return done({ program, typed });
  }
  passed("check");
  yield { ...done({ program, typed }), phase: "check" };

  const ir = lowerToIr(typed, sink, irOptions(options));
  if (!ir || sink.hasErrors()) return done({ program, typed });
  passed("ir");
  if (options.withoutLayout) return done({ program, typed, ir });
  return done({ program, typed, ir, layout: layoutFor(ir, options) });
}

/** The flow-key layout of `ir` under the layout settings of `options` (defaults when absent). */
export function layoutFor(ir: IrProgram, options: CompileOptions): FlowKeyLayout {
  return computeLayout(ir, options.layout ?? DEFAULT_LAYOUT_OPTIONS);
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
