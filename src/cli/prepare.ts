// Turns the flags every compiling command shares into CompileOptions, reporting bad values as
// usage diagnostics (exit 2) before anything is compiled.

import type { CompileOptions } from "../compile.js";
import { messages } from "../diagnostics/catalog.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import type { InputLimits } from "../frontend/input-limits.js";
import type { LayoutOptions } from "../layout/layout.js";
import { parseDefines, parseMaxErrors, warningPolicyFromFlags } from "./flags.js";
import type { CliIo } from "./io.js";

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
  readonly arch?: string;
  readonly keyByteOrder?: "network" | "host";
  readonly keyPacked?: boolean;
  readonly maxParserIterations?: string;
  readonly maxInputSize?: string;
  readonly maxTokens?: string;
}

export type Prepared =
  | { readonly options: CompileOptions; readonly maxErrors: number }
  | { readonly usage: DiagnosticSink };

export function prepare(io: CliIo, file: string, flags: CommonFlags): Prepared {
  const sink = new DiagnosticSink();
  const warnings = warningPolicyFromFlags(flags, sink);
  const defines = parseDefines(flags.define, sink);
  const maxErrors = parseMaxErrors(flags.maxErrors, sink);
  let maxIterations: number | undefined;
  if (flags.maxParserIterations !== undefined) {
    const n = Number(flags.maxParserIterations);
    if (!/^\d+$/.test(flags.maxParserIterations) || n < 1 || n > 4096) {
      sink.report(messages.badOptionValue, undefined, {
        value: flags.maxParserIterations,
        option: "--max-parser-iterations",
        reason: "expected a whole number from 1 to 4096",
      });
    } else maxIterations = n;
  }
  const limits = parseLimits(flags, sink);
  const path = io.host.resolve(io.cwd, file);
  if (io.host.readFile(path) === undefined) {
    sink.report(messages.cannotReadFile, undefined, {
      path: file,
      reason: "no such file, or not a readable file",
    });
  }
  if (sink.hasErrors()) return { usage: sink };
  const layout: LayoutOptions = {
    byteOrder: flags.keyByteOrder ?? "network",
    packed: flags.keyPacked === true,
  };
  return {
    options: {
      file: path,
      host: io.host,
      includePaths: flags.includeDir.map((d) => io.host.resolve(io.cwd, d)),
      defines,
      undefines: flags.undefine,
      warnings,
      layout,
      ...(flags.parser !== undefined ? { parserName: flags.parser } : {}),
      ...(flags.arch !== undefined ? { arch: flags.arch } : {}),
      ...(maxIterations !== undefined ? { maxParserIterations: maxIterations } : {}),
      limits,
    },
    maxErrors,
  };
}

/** --max-input-size (with K/M suffixes) and --max-tokens: positive whole numbers. */
function parseLimits(flags: CommonFlags, sink: DiagnosticSink): Partial<InputLimits> {
  const limits: { maxInputChars?: number; maxTokens?: number } = {};
  const read = (value: string | undefined, option: string): number | undefined => {
    if (value === undefined) return undefined;
    const m = /^(\d+)([kKmM]?)$/.exec(value.trim());
    const n = m
      ? Number(m[1]) * (/k/i.test(m[2]!) ? 1024 : /m/i.test(m[2]!) ? 1024 * 1024 : 1)
      : NaN;
    if (!Number.isSafeInteger(n) || n < 1) {
      sink.report(messages.badOptionValue, undefined, {
        value,
        option,
        reason: "expected a whole number above 0",
      });
      return undefined;
    }
    return n;
  };
  const chars = read(flags.maxInputSize, "--max-input-size");
  if (chars !== undefined) limits.maxInputChars = chars;
  const tokens = read(flags.maxTokens, "--max-tokens");
  if (tokens !== undefined) limits.maxTokens = tokens;
  return limits;
}
