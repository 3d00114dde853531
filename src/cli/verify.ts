// `p4flow verify OBJ LAYOUT.json`: whether a BPF object was built for a layout (the fingerprint
// in its read-only data against the layout's), so userspace never decodes keys with the wrong one.

import { readFileSync } from "node:fs";
import { messages } from "../diagnostics/catalog.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import { layoutFromJson, verifyObject } from "../layout/verify.js";
import type { CliIo } from "./io.js";
import { printDiagnostics } from "./report.js";
import { EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE } from "./exit-codes.js";

export interface VerifyFlags {
  readonly diagnosticsFormat: "text" | "json";
}

export function readBytes(io: CliIo, path: string, sink: DiagnosticSink): Uint8Array | undefined {
  try {
    return readFileSync(io.host.resolve(io.cwd, path));
  } catch (e) {
    sink.report(messages.cannotReadFile, undefined, {
      path,
      reason: e instanceof Error ? e.message.replace(/\.$/, "") : String(e),
    });
    return undefined;
  }
}

export function runVerify(
  io: CliIo,
  object: string,
  layoutFile: string,
  flags: VerifyFlags,
): number {
  const sink = new DiagnosticSink();
  const bytes = readBytes(io, object, sink);
  const text = readBytes(io, layoutFile, sink);
  if (!bytes || !text) {
    printDiagnostics(io, sink.diagnostics, flags.diagnosticsFormat, 0);
    return EXIT_USAGE;
  }
  const layout = layoutFromJson(new TextDecoder().decode(text), layoutFile, sink);
  const ok = layout !== undefined && verifyObject(bytes, object, layout, layoutFile, sink);
  printDiagnostics(io, sink.diagnostics, flags.diagnosticsFormat, 0);
  if (!ok) return EXIT_DIAGNOSTICS;
  io.stdout(
    `${object}: layout ${layout.fingerprint} of parser '${layout.name}', as ${layoutFile}\n`,
  );
  return EXIT_OK;
}
