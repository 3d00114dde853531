// What the compile and check commands do once their flags are parsed: run compile(), print
// diagnostics, write outputs atomically. Returns the exit code.

import { compile, type CompileResult } from "../compile.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import { formatText } from "../lsp/format.js";
import { buildProgram } from "../backend-ebpf/build.js";
import { messages } from "../diagnostics/catalog.js";
import { printIr } from "../ir/print.js";
import { renderHeader } from "../layout/render-c.js";
import { renderLayoutJson } from "../layout/render-json.js";
import { cIdentifier } from "../layout/render-c.js";
import { renderGo } from "../layout/render-go.js";
import { renderPython } from "../layout/render-python.js";
import { renderRust } from "../layout/render-rust.js";
import { renderDecoder, renderDecoderDts, renderDecoderJs } from "../layout/render-ts.js";
import type { CliIo } from "./io.js";
import { prepare, type CommonFlags } from "./prepare.js";
import { printDiagnostics } from "./report.js";
import { writeOutputs, type OutputFile } from "./write.js";

export type { CommonFlags } from "./prepare.js";

export interface CompileFlags extends CommonFlags {
  readonly E?: boolean;
  readonly pp?: string;
  readonly parseOnly?: boolean;
  readonly output: string;
  readonly emit?: string;
  readonly dumpIr?: boolean;
  /** Absent: flow_dissector for a FlowDissector program, else xdp. */
  readonly target?: "xdp" | "tc" | "flow_dissector" | "lib";
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

/** What --emit can name. */
export const EMIT_KINDS = ["c", "h", "json", "ts", "obj", "js", "go", "rust", "python"] as const;

function finish(io: CliIo, flags: CommonFlags, result: CompileResult, maxErrors: number): number {
  printDiagnostics(io, result.diagnostics, flags.diagnosticsFormat, maxErrors);
  return result.ok ? 0 : 1;
}

function usageError(io: CliIo, flags: CommonFlags, sink: DiagnosticSink): number {
  printDiagnostics(io, sink.diagnostics, flags.diagnosticsFormat, 0);
  return 2;
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

function parseEmit(value: string, sink: DiagnosticSink): Set<string> {
  const kinds = new Set(
    value
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
  );
  for (const k of kinds) {
    if (!(EMIT_KINDS as readonly string[]).includes(k)) {
      sink.report(messages.badOptionValue, undefined, {
        value: k,
        option: "--emit",
        reason: `expected a comma-separated list of ${EMIT_KINDS.join(", ")}`,
      });
    }
  }
  return kinds;
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
    if (code !== 0 || !result.program || flags.pp === undefined) return code;
    // The user's file formatted (its #includes and comments kept), not the whole preprocessed
    // program with the headers it includes pasted in.
    const source = io.host.readFile(io.host.resolve(io.cwd, file)) ?? "";
    const text = formatText(source, result.files[0] ?? file, result.program, PP_FORMAT) ?? source;
    if (flags.pp === "-") {
      io.stdout(text);
      return 0;
    }
    const sink = new DiagnosticSink();
    if (!writeOutputs([{ path: io.host.resolve(io.cwd, flags.pp), contents: text }], sink))
      return usageError(io, flags, sink);
    return 0;
  }
  const emitSink = new DiagnosticSink();
  const lib = flags.target === "lib";
  const emit = parseEmit(flags.emit ?? (lib ? "c,h,json,ts" : "c,obj,h,json,ts"), emitSink);
  if (lib && emit.has("obj"))
    emitSink.report(messages.conflictingOptions, undefined, {
      first: "--emit obj",
      second: "--target lib (a header has no object; build the program that includes it)",
    });
  const flowTable = parseFlowTable(flags.flowTable, emitSink);
  if (lib && flowTable !== undefined)
    emitSink.report(messages.conflictingOptions, undefined, {
      first: "--flow-table",
      second: "--target lib (the table belongs to a program; declare your own)",
    });
  const keyOutput = parseKeyOutput(flags.keyOutput, emitSink);
  if (emitSink.hasErrors()) return usageError(io, flags, emitSink);

  const result = compile({ ...options, stopAfter: "ir" });
  read.push(...result.files);
  const code = finish(io, flags, result, maxErrors);
  if (code !== 0 || !result.ir || !result.layout) return code === 0 ? 1 : code;
  const target = flags.target ?? (result.ir.dissector ? "flow_dissector" : "xdp");
  if (keyOutput) checkKeyOutput(keyOutput, target, emitSink);
  if (keyOutput?.length === 0 && flowTable !== undefined)
    emitSink.report(messages.conflictingOptions, undefined, {
      first: "--key-output none",
      second: "--flow-table (the table is keyed by the flow key)",
    });
  if (emitSink.hasErrors()) return usageError(io, flags, emitSink);
  if (flags.dumpIr) io.stdout(printIr(result.ir));
  const dir = io.host.resolve(io.cwd, flags.output);
  const base = baseName(file);
  const files: OutputFile[] = [];
  const sink = new DiagnosticSink();
  if (emit.has("c") || emit.has("obj")) {
    const built = buildProgram(
      result.ir,
      result.layout,
      base,
      {
        target,
        onReject: flags.onReject,
        onAccept: flags.onAccept,
        keyMap: flags.keyMap,
        ...(flowTable !== undefined ? { flowTable } : {}),
        ...(keyOutput !== undefined ? { keyOutput } : {}),
        object: emit.has("obj"),
        ...(flags.clang !== undefined ? { clang: flags.clang } : {}),
      },
      sink,
    );
    if (!built) {
      printDiagnostics(io, sink.diagnostics, flags.diagnosticsFormat, 0);
      return buildFailureExit(sink);
    }
    if (emit.has("c"))
      files.push({
        path: io.host.resolve(dir, lib ? `${base}.parse.h` : `${base}.bpf.c`),
        contents: built.c,
      });
    if (built.obj) files.push({ path: io.host.resolve(dir, `${base}.bpf.o`), contents: built.obj });
  }
  if (emit.has("h") || emit.has("c"))
    files.push({ path: io.host.resolve(dir, `${base}.h`), contents: renderHeader(result.layout) });
  if (emit.has("json"))
    files.push({
      path: io.host.resolve(dir, `${base}.layout.json`),
      contents: renderLayoutJson(result.layout),
    });
  if (emit.has("ts"))
    files.push({
      path: io.host.resolve(dir, `${base}.key.ts`),
      contents: renderDecoder(result.layout),
    });
  const layout = result.layout;
  const id = cIdentifier(base);
  const bindings: [string, string, () => string][] = [
    ["js", `${base}.key.js`, () => renderDecoderJs(layout)],
    ["js", `${base}.key.d.ts`, () => renderDecoderDts(layout)],
    ["go", `${base}.key.go`, () => renderGo(layout)],
    ["rust", `${id}_key.rs`, () => renderRust(layout)],
    ["python", `${id}_key.py`, () => renderPython(layout)],
  ];
  for (const [kind, name, render] of bindings)
    if (emit.has(kind)) files.push({ path: io.host.resolve(dir, name), contents: render() });
  if (!writeOutputs(files, sink)) return usageError(io, flags, sink);
  return 0;
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

function checkKeyOutput(
  parts: readonly ("map" | "meta")[],
  target: NonNullable<CompileFlags["target"]>,
  sink: DiagnosticSink,
): void {
  if (target === "lib" || (target !== "xdp" && parts.includes("meta")))
    sink.report(messages.conflictingOptions, undefined, {
      first: "--key-output",
      second: `--target ${target} (${target === "lib" ? "your program decides where the key goes" : "only XDP programs write metadata; use map"})`,
    });
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
function buildFailureExit(sink: DiagnosticSink): number {
  const names = new Set(sink.diagnostics.map((d) => d.name));
  if (names.has(messages.clangFailed.name)) return 3;
  if (names.has(messages.toolMissing.name) || names.has(messages.clangUnusable.name)) return 2;
  return 1;
}

/** Outputs are named after the source file: prog.p4 gives prog.bpf.c, prog.h, ... */
function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? "program";
  return name.replace(/\.p4$/, "") || "program";
}
