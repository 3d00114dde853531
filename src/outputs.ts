// "Compile to outputs": from a P4 program and the output options to the set of files p4flow emits
// (BPF C or the lib header, the object, the key's C header, layout JSON, decoders), in memory.
// The CLI's compile command and the language server's compile on save both call
// compileToOutputs; writing the files (atomically) is theirs. Each emit kind is one entry of
// EMIT_KINDS: its help text and the files it makes. The object needs a C compiler, so it is built
// by the `buildObject` the caller passes (Node front doors: backend-ebpf/build.ts, clang).

import { compile, type CompileOptions, type CompileResult } from "./compile.js";
import { emitProgram, type EmitOptions } from "./backend-ebpf/emit-program.js";
import { defaultTarget } from "./backend-ebpf/target.js";
import { messages } from "./diagnostics/catalog.js";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { DiagnosticSink } from "./diagnostics/sink.js";
import type { IrProgram } from "./ir/ir.js";
import type { FlowKeyLayout } from "./layout/layout.js";
import { cIdentifier, renderHeader } from "./layout/render-c.js";
import { renderGo } from "./layout/render-go.js";
import { renderPython } from "./layout/render-python.js";
import { renderRust } from "./layout/render-rust.js";
import { renderLayoutJson } from "./layout/render-json.js";
import { renderDecoder, renderDecoderDts, renderDecoderJs } from "./layout/render-ts.js";

export type Target = EmitOptions["target"];

/** One emitted file: its name in the output directory and its contents. */
export interface OutputFile {
  readonly name: string;
  readonly contents: string | Uint8Array;
}

/** What an emit kind's files are made from. */
export interface EmitInput {
  readonly ir: IrProgram;
  readonly layout: FlowKeyLayout;
  /** Outputs are named after it (the source file's name without .p4). */
  readonly name: string;
  readonly target: Target;
  /** The program's C (for lib, the parse header); made once, when a kind asks for it. */
  program(): string;
  /** The object built from it. */
  object(): Uint8Array;
}

interface EmitKind {
  /** For --help: what the kind emits. */
  readonly help: string;
  /** Kinds for `lib` refuse it (a header has no object). */
  readonly programOnly?: boolean;
  /** Kinds it brings along (the C includes the key header). */
  readonly implies?: readonly string[];
  readonly files: (x: EmitInput) => OutputFile[];
}

/** Every --emit kind, in the order its files are made. */
export const EMIT_KINDS = {
  c: {
    help: "BPF C; for --target lib the parse header",
    implies: ["h"],
    files: (x) => [
      { name: x.target === "lib" ? `${x.name}.parse.h` : `${x.name}.bpf.c`, contents: x.program() },
    ],
  },
  obj: {
    help: "BPF object, needs clang",
    programOnly: true,
    files: (x) => [{ name: `${x.name}.bpf.o`, contents: x.object() }],
  },
  h: {
    help: "key C header, C and C++",
    files: (x) => [{ name: `${x.name}.h`, contents: renderHeader(x.layout) }],
  },
  json: {
    help: "key layout",
    files: (x) => [{ name: `${x.name}.layout.json`, contents: renderLayoutJson(x.layout) }],
  },
  ts: {
    help: "TypeScript decoder NAME.key.ts",
    files: (x) => [{ name: `${x.name}.key.ts`, contents: renderDecoder(x.layout) }],
  },
  js: {
    help: "plain ESM JavaScript decoder NAME.key.js with NAME.key.d.ts",
    files: (x) => [
      { name: `${x.name}.key.js`, contents: renderDecoderJs(x.layout) },
      { name: `${x.name}.key.d.ts`, contents: renderDecoderDts(x.layout) },
    ],
  },
  go: {
    help: "Go struct and decoder NAME.key.go",
    files: (x) => [{ name: `${x.name}.key.go`, contents: renderGo(x.layout) }],
  },
  rust: {
    help: "Rust #[repr(C)] struct and decoder NAME_key.rs",
    files: (x) => [{ name: `${cIdentifier(x.name)}_key.rs`, contents: renderRust(x.layout) }],
  },
  python: {
    help: "Python decoder NAME_key.py",
    files: (x) => [{ name: `${cIdentifier(x.name)}_key.py`, contents: renderPython(x.layout) }],
  },
} satisfies Record<string, EmitKind>;

export type EmitKindName = keyof typeof EMIT_KINDS;

export const isEmitKind = (k: string): k is EmitKindName =>
  Object.prototype.hasOwnProperty.call(EMIT_KINDS, k);

/** What --emit means when it is not given. */
export const defaultEmit = (target: Target | undefined): EmitKindName[] =>
  target === "lib" ? ["c", "h", "json", "ts"] : ["c", "obj", "h", "json", "ts"];

export interface OutputOptions extends Omit<EmitOptions, "target" | "headerFile"> {
  /** Outputs are named after it: NAME.bpf.c, NAME.h, ... */
  readonly name: string;
  readonly emit: readonly EmitKindName[];
  /** Absent: flow_dissector for a FlowDissector program, else xdp. */
  readonly target?: Target;
  /** Builds the object from the C and the key header (needed when emit has obj). */
  readonly buildObject?: (
    name: string,
    c: string,
    h: string,
    sink: DiagnosticSink,
  ) => Uint8Array | undefined;
}

export interface Outputs {
  /** The compile (its diagnostics, IR and layout); no files when it has errors. */
  readonly compiled: CompileResult;
  /** The target used (the one asked for, or the program's default). */
  readonly target?: Target;
  /** Options that do not fit the program's target (a usage error: the command line's fault). */
  readonly optionErrors: readonly Diagnostic[];
  /** Why no files were made after a clean compile (the C emitter or clang failed). */
  readonly buildErrors: readonly Diagnostic[];
  /** The emitted files; absent when anything above failed. */
  readonly files?: readonly OutputFile[];
}

/** Compiles a program and makes the files of the emit kinds asked for. */
export function compileToOutputs(options: CompileOptions & OutputOptions): Outputs {
  const compiled = compile({ ...options, stopAfter: "ir" });
  const none = { compiled, optionErrors: [], buildErrors: [] };
  if (!compiled.ok || !compiled.ir || !compiled.layout) return none;
  const target = options.target ?? defaultTarget(compiled.ir);
  const optionErrors = targetProblems(options, target);
  if (optionErrors.length > 0) return { ...none, target, optionErrors };
  const sink = new DiagnosticSink();
  const files = renderOutputs(compiled.ir, compiled.layout, { ...options, target }, sink);
  return { ...none, target, buildErrors: sink.diagnostics, ...(files ? { files } : {}) };
}

/** The files of the emit kinds asked for, from a compiled program; undefined when one fails. */
export function renderOutputs(
  ir: IrProgram,
  layout: FlowKeyLayout,
  options: OutputOptions & { readonly target: Target },
  sink: DiagnosticSink,
): OutputFile[] | undefined {
  const { name, target } = options;
  const emitOptions: EmitOptions = {
    target,
    headerFile: `${name}.h`,
    ...(options.flowTable !== undefined ? { flowTable: options.flowTable } : {}),
    ...(options.keyOutput !== undefined ? { keyOutput: options.keyOutput } : {}),
    ...(options.keyMap !== undefined ? { keyMap: options.keyMap } : {}),
    ...(options.onReject !== undefined ? { onReject: options.onReject } : {}),
    ...(options.onAccept !== undefined ? { onAccept: options.onAccept } : {}),
  };
  /** A kind's file could not be made; the diagnostic is in the sink. */
  class Failed extends Error {}
  let c: string | undefined;
  let obj: Uint8Array | undefined;
  const input: EmitInput = {
    ir,
    layout,
    name,
    target,
    program: () => {
      c ??= emitProgram(ir, layout, emitOptions, sink);
      if (c === undefined) throw new Failed();
      return c;
    },
    object: () => {
      if (!options.buildObject) throw new Error("emitting 'obj' needs options.buildObject");
      obj ??= options.buildObject(name, input.program(), renderHeader(layout), sink);
      if (obj === undefined) throw new Failed();
      return obj;
    },
  };
  const kinds = new Set<EmitKindName>();
  for (const k of options.emit) {
    kinds.add(k);
    for (const i of (EMIT_KINDS[k] as EmitKind).implies ?? []) kinds.add(i as EmitKindName);
  }
  try {
    return (Object.keys(EMIT_KINDS) as EmitKindName[])
      .filter((k) => kinds.has(k))
      .flatMap((k) => (EMIT_KINDS[k] as EmitKind).files(input));
  } catch (e) {
    if (e instanceof Failed) return undefined;
    throw e;
  }
}

/**
 * Output options that do not fit the target (compileToOutputs checks them once the program's
 * default target is known; a front door with an explicit target can check before compiling).
 */
export function targetProblems(options: OutputOptions, target: Target): Diagnostic[] {
  const sink = new DiagnosticSink();
  const conflict = (first: string, second: string) =>
    sink.report(messages.conflictingOptions, undefined, { first, second });
  if (target === "lib" && options.emit.some((k) => (EMIT_KINDS[k] as EmitKind).programOnly))
    conflict(
      "--emit obj",
      "--target lib (a header has no object; build the program that includes it)",
    );
  if (target === "lib" && options.flowTable !== undefined)
    conflict("--flow-table", "--target lib (the table belongs to a program; declare your own)");
  const keyOutput = options.keyOutput;
  if (keyOutput && (target === "lib" || (target !== "xdp" && keyOutput.includes("meta"))))
    conflict(
      "--key-output",
      `--target ${target} (${target === "lib" ? "your program decides where the key goes" : "only XDP programs write metadata; use map"})`,
    );
  if (keyOutput?.length === 0 && options.flowTable !== undefined)
    conflict("--key-output none", "--flow-table (the table is keyed by the flow key)");
  return [...sink.diagnostics];
}
