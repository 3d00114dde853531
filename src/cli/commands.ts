// What each CLI command does once its flags are parsed: build CompileOptions, run compile(),
// print diagnostics, write outputs. Returns the exit code.

import { compile, type CompileOptions, type CompileResult } from "../compile.js";
import { messages } from "../diagnostics/catalog.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import { printProgram } from "../frontend/printer.js";
import type { CliIo } from "./io.js";
import { printDiagnostics } from "./report.js";
import { warningPolicyFromFlags, parseDefines, parseMaxErrors } from "./flags.js";
import { writeOutputs } from "./write.js";

export interface CommonFlags {
  readonly includeDir: string[];
  readonly define: string[];
  readonly undefine: string[];
  readonly diagnosticsFormat: "text" | "json";
  readonly Werror?: string;
  readonly Wdisable: string[];
  readonly Wwarn: string[];
  readonly maxErrors: string;
  readonly parser?: string;
}

export interface CompileFlags extends CommonFlags {
  readonly E?: boolean;
  readonly pp?: string;
  readonly parseOnly?: boolean;
}

/** Flag problems found before compiling: printed like any diagnostics, exit 2. */
function optionsFrom(
  io: CliIo,
  file: string,
  flags: CommonFlags,
): { options: CompileOptions; maxErrors: number } | { usage: DiagnosticSink } {
  const sink = new DiagnosticSink();
  const warnings = warningPolicyFromFlags(flags, sink);
  const defines = parseDefines(flags.define, sink);
  const maxErrors = parseMaxErrors(flags.maxErrors, sink);
  const path = io.host.resolve(io.cwd, file);
  if (io.host.readFile(path) === undefined) {
    sink.report(messages.cannotReadFile, undefined, {
      path: file,
      reason: "no such file, or not a readable file",
    });
  }
  if (sink.hasErrors()) return { usage: sink };
  return {
    options: {
      file: path,
      host: io.host,
      includePaths: flags.includeDir.map((d) => io.host.resolve(io.cwd, d)),
      defines,
      undefines: flags.undefine,
      warnings,
      ...(flags.parser !== undefined ? { parserName: flags.parser } : {}),
    },
    maxErrors,
  };
}

function finish(io: CliIo, flags: CommonFlags, result: CompileResult, maxErrors: number): number {
  printDiagnostics(io, result.diagnostics, flags.diagnosticsFormat, maxErrors);
  return result.ok ? 0 : 1;
}

export async function runCheck(io: CliIo, file: string, flags: CommonFlags): Promise<number> {
  const prepared = optionsFrom(io, file, flags);
  if ("usage" in prepared) {
    printDiagnostics(io, prepared.usage.diagnostics, flags.diagnosticsFormat, 0);
    return 2;
  }
  const result = compile({ ...prepared.options, stopAfter: "check" });
  return finish(io, flags, result, prepared.maxErrors);
}

export async function runCompile(io: CliIo, file: string, flags: CompileFlags): Promise<number> {
  const prepared = optionsFrom(io, file, flags);
  if ("usage" in prepared) {
    printDiagnostics(io, prepared.usage.diagnostics, flags.diagnosticsFormat, 0);
    return 2;
  }
  const { options, maxErrors } = prepared;
  if (flags.E) {
    const result = compile({ ...options, stopAfter: "preprocess" });
    if (result.preprocessed && result.ok) io.stdout(result.preprocessed.text);
    return finish(io, flags, result, maxErrors);
  }
  if (!flags.parseOnly && flags.pp === undefined) {
    const sink = new DiagnosticSink();
    sink.report(messages.notAvailableYet, undefined, {
      what: "Compiling to eBPF and key-layout outputs",
      instead: "use 'p4flow check FILE', -E, --pp FILE or --parse-only",
    });
    printDiagnostics(io, sink.diagnostics, flags.diagnosticsFormat, 0);
    return 1;
  }
  const stopAfter = "parse";
  const result = compile({ ...options, stopAfter });
  const code = finish(io, flags, result, maxErrors);
  if (code !== 0 || !result.program) return code;
  if (flags.pp !== undefined) {
    const text = printProgram(result.program);
    if (flags.pp === "-") io.stdout(text);
    else {
      const sink = new DiagnosticSink();
      if (!writeOutputs([{ path: io.host.resolve(io.cwd, flags.pp), contents: text }], sink)) {
        printDiagnostics(io, sink.diagnostics, flags.diagnosticsFormat, 0);
        return 1;
      }
    }
  }
  return code;
}
