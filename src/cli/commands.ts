// What the compile and check commands do once their flags are parsed: run compile(), print
// diagnostics, write outputs atomically. Returns the exit code.

import { compile, type CompileResult } from "../compile.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import { formatP4 } from "../frontend/format.js";
import type { EmitTarget } from "../backend-ebpf/target.js";
import { messages } from "../diagnostics/catalog.js";
import { printIr } from "../ir/print.js";
import {
  compileToOutputs,
  defaultEmit,
  EMIT_KINDS,
  isEmitKind,
  targetProblems,
  type EmitKindName,
  type OutputOptions,
} from "../outputs.js";
import type { CliIo } from "./io.js";
import { prepare, type CommonFlags } from "./prepare.js";
import { printDiagnostics } from "./report.js";
import { writeOutputs, type OutputFile } from "./write.js";
import { EXIT_DIAGNOSTICS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from "./exit-codes.js";

export type { CommonFlags } from "./prepare.js";

export interface CompileFlags extends CommonFlags {
  readonly E?: boolean;
  readonly pp?: string;
  readonly parseOnly?: boolean;
  readonly output: string;
  readonly emit?: string;
  readonly dumpIr?: boolean;
  /** Absent: flow_dissector for a FlowDissector program, else xdp. */
  readonly target?: EmitTarget;
  readonly flowTable?: string;
  readonly keyOutput?: string;
  readonly watch?: boolean;
  readonly onReject: "pass" | "drop";
  readonly onAccept: "pass" | "drop";
  readonly keyMap: "percpu" | "array";
  readonly clang?: string;
}

/** --pp's layout: the printer's own (two spaces a level). */
const PP_FORMAT = { tabSize: 2, insertSpaces: true } as const;

function finish(io: CliIo, flags: CommonFlags, result: CompileResult, maxErrors: number): number {
  printDiagnostics(io, result.diagnostics, flags.diagnosticsFormat, maxErrors);
  return result.ok ? EXIT_OK : EXIT_DIAGNOSTICS;
}

function usageError(io: CliIo, flags: CommonFlags, sink: DiagnosticSink): number {
  printDiagnostics(io, sink.diagnostics, flags.diagnosticsFormat, 0);
  return EXIT_USAGE;
}

export interface CheckFlags extends CommonFlags {
  readonly parseOnly?: boolean;
}

export async function runCheck(io: CliIo, file: string, flags: CheckFlags): Promise<number> {
  const prepared = prepare(io, file, flags);
  if ("usage" in prepared) return usageError(io, flags, prepared.usage);
  const result = compile({ ...prepared.options, stopAfter: flags.parseOnly ? "parse" : "check" });
  return finish(io, flags, result, prepared.maxErrors);
}

function parseEmit(
  value: string | undefined,
  fallback: EmitKindName[],
  sink: DiagnosticSink,
): EmitKindName[] {
  if (value === undefined) return fallback;
  const kinds = new Set(
    value
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
  );
  for (const k of kinds) {
    if (!isEmitKind(k)) {
      sink.report(messages.badOptionValue, undefined, {
        value: k,
        option: "--emit",
        reason: `expected a comma-separated list of ${Object.keys(EMIT_KINDS).join(", ")}`,
      });
    }
  }
  return [...kinds].filter(isEmitKind);
}

export async function runCompile(
  io: CliIo,
  file: string,
  flags: CompileFlags,
  /** Filled with every file the compile read (the main file and its includes), for --watch. */
  read: string[] = [],
): Promise<number> {
  const prepared = prepare(io, file, flags);
  if ("usage" in prepared) return usageError(io, flags, prepared.usage);
  const { options, maxErrors } = prepared;
  if (flags.E) {
    const result = compile({ ...options, stopAfter: "preprocess" });
    if (result.preprocessed && result.ok) io.stdout(result.preprocessed.text);
    return finish(io, flags, result, maxErrors);
  }
  if (flags.parseOnly || flags.pp !== undefined) {
    const result = compile({ ...options, stopAfter: "parse" });
    const code = finish(io, flags, result, maxErrors);
    if (code !== EXIT_OK || !result.program || flags.pp === undefined) return code;
    // The user's file formatted (its #includes and comments kept), not the whole preprocessed
    // program with the headers it includes pasted in.
    const source = io.host.readFile(io.host.resolve(io.cwd, file)) ?? "";
    const text = formatP4(source, result.files[0] ?? file, result.program, PP_FORMAT) ?? source;
    if (flags.pp === "-") {
      io.stdout(text);
      return EXIT_OK;
    }
    const sink = new DiagnosticSink();
    if (!writeOutputs([{ path: io.host.resolve(io.cwd, flags.pp), contents: text }], sink))
      return usageError(io, flags, sink);
    return EXIT_OK;
  }
  const emitSink = new DiagnosticSink();
  const target = flags.target;
  const emit = parseEmit(flags.emit, defaultEmit(target), emitSink);
  const flowTable = parseFlowTable(flags.flowTable, emitSink);
  const keyOutput = parseKeyOutput(flags.keyOutput, emitSink);
  const outputOptions: OutputOptions = {
    name: baseName(file),
    emit,
    onReject: flags.onReject,
    onAccept: flags.onAccept,
    keyMap: flags.keyMap,
    ...(target !== undefined ? { target } : {}),
    ...(flowTable !== undefined ? { flowTable } : {}),
    ...(keyOutput !== undefined ? { keyOutput } : {}),
    // The object's builder (clang, and the kernel runner's modules) is loaded only when asked.
    ...(emit.includes("obj")
      ? await import("../backend-ebpf/build.js").then(({ clangObject }) => ({
          buildObject: (name: string, c: string, h: string, sink: DiagnosticSink) =>
            clangObject(name, c, h, sink, flags.clang),
        }))
      : {}),
  };
  // With the target given, options that do not fit it are a usage error before compiling.
  const misfits = target !== undefined ? targetProblems(outputOptions, target) : [];
  if (emitSink.hasErrors() || misfits.length > 0) {
    printDiagnostics(io, [...emitSink.diagnostics, ...misfits], flags.diagnosticsFormat, 0);
    return EXIT_USAGE;
  }

  const out = compileToOutputs({ ...options, ...outputOptions });
  read.push(...out.compiled.files);
  const code = finish(io, flags, out.compiled, maxErrors);
  if (code !== EXIT_OK || !out.compiled.ir) return code === EXIT_OK ? EXIT_DIAGNOSTICS : code;
  if (out.optionErrors.length > 0) {
    printDiagnostics(io, out.optionErrors, flags.diagnosticsFormat, 0);
    return EXIT_USAGE;
  }
  if (flags.dumpIr) io.stdout(printIr(out.compiled.ir));
  if (!out.files) {
    printDiagnostics(io, out.buildErrors, flags.diagnosticsFormat, 0);
    return buildFailureExit(out.buildErrors);
  }
  const dir = io.host.resolve(io.cwd, flags.output);
  const sink = new DiagnosticSink();
  const files: OutputFile[] = out.files.map((f) => ({
    path: io.host.resolve(dir, f.name),
    contents: f.contents,
  }));
  if (!writeOutputs(files, sink)) return usageError(io, flags, sink);
  return EXIT_OK;
}

function parseKeyOutput(
  value: string | undefined,
  sink: DiagnosticSink,
): ("map" | "meta")[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(",").map((x) => x.trim());
  if (parts.length === 1 && parts[0] === "none") return [];
  const bad = parts.find((x) => x !== "map" && x !== "meta");
  if (bad !== undefined || parts.length === 0) {
    sink.report(messages.badOptionValue, undefined, {
      value: bad ?? value,
      option: "--key-output",
      reason: "expected none, or a comma-separated list of map, meta",
    });
    return undefined;
  }
  return [...new Set(parts)] as ("map" | "meta")[];
}

/** Largest --flow-table: the kernel caps hash maps far above this; more is surely a typo. */
const MAX_FLOW_TABLE = 1 << 26;

function parseFlowTable(value: string | undefined, sink: DiagnosticSink): number | undefined {
  if (value === undefined) return undefined;
  const n = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_FLOW_TABLE) {
    sink.report(messages.badOptionValue, undefined, {
      value,
      option: "--flow-table",
      reason: `expected a number of entries from 1 to ${MAX_FLOW_TABLE}`,
    });
    return undefined;
  }
  return n;
}

/**
 * A program p4flow accepted whose C clang rejects is a p4flow bug (3); a clang that cannot run
 * or is not a clang is the environment's problem (2); a backend limit is the program's (1).
 */
function buildFailureExit(diagnostics: readonly Diagnostic[]): number {
  const names = new Set(diagnostics.map((d) => d.name));
  if (names.has(messages.clangFailed.name)) return EXIT_INTERNAL;
  if (names.has(messages.toolMissing.name) || names.has(messages.clangUnusable.name))
    return EXIT_USAGE;
  return EXIT_DIAGNOSTICS;
}

/** Outputs are named after the source file: prog.p4 gives prog.bpf.c, prog.h, ... */
function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? "program";
  return name.replace(/\.p4$/, "") || "program";
}
