// Writes outputs so that a failed compile never leaves half-written or stale files that look
// current: each file goes to a temporary name in the same directory, then all are renamed.

import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";

export interface OutputFile {
  readonly path: string;
  readonly contents: string | Uint8Array;
}

/** Returns false (with a diagnostic) when anything could not be written; nothing is then left. */
export function writeOutputs(files: readonly OutputFile[], sink: DiagnosticSink): boolean {
  const temps: { temp: string; path: string }[] = [];
  try {
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      const temp = join(dirname(f.path), `.${process.pid}.${temps.length}.p4flow-tmp`);
      temps.push({ temp, path: f.path });
      writeFileSync(temp, f.contents);
    }
    for (const t of temps) renameSync(t.temp, t.path);
    return true;
  } catch (e) {
    for (const t of temps) rmSync(t.temp, { force: true });
    const failed = temps.length > 0 ? temps[temps.length - 1]!.path : "";
    sink.report(messages.cannotWriteOutput, undefined, {
      path: failed,
      reason: e instanceof Error ? e.message.replace(/\.$/, "") : String(e),
    });
    return false;
  }
}
