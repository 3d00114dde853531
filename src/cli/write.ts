// Writes outputs so that a failed compile never leaves half-written or stale files that look
// current: each file goes to a temporary name in the same directory, then all are renamed.

import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
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
  let current = "";
  try {
    for (const f of files) {
      current = f.path;
      ensureDir(dirname(f.path));
      const temp = join(dirname(f.path), `.${process.pid}.${temps.length}.p4flow-tmp`);
      temps.push({ temp, path: f.path });
      writeFileSync(temp, f.contents);
    }
    for (const t of temps) renameSync(t.temp, t.path);
    return true;
  } catch (e) {
    for (const t of temps) rmSync(t.temp, { force: true });
    sink.report(messages.cannotWriteOutput, undefined, {
      path: current,
      reason: e instanceof Error ? e.message.replace(/\.$/, "") : String(e),
    });
    return false;
  }
}

/** mkdir -p, one level at a time: Node's recursive mkdir never returns for some paths (/proc/x). */
function ensureDir(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) ensureDir(parent);
  mkdirSync(dir);
}
