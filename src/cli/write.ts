// Writes a set of outputs all or nothing: every file is staged under a temporary name in its own
// directory, then the staged files replace the old ones; when one replacement fails, the ones
// already made are rolled back, so the directory holds either the whole old set or the whole new
// one. Only regular files are replaced: a directory, a device or anything else in an output's
// place is refused before anything is written, except that a single output (`--pp FILE`) may be
// written through to a device or pipe such as /dev/stdout.

import {
  existsSync,
  lstatSync,
  mkdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";

export interface OutputFile {
  readonly path: string;
  readonly contents: string | Uint8Array;
}

/** Thrown inside this file to name the path a step failed on. */
class WriteFailure extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** Returns false (with a diagnostic) when anything could not be written; nothing is then changed. */
export function writeOutputs(files: readonly OutputFile[], sink: DiagnosticSink): boolean {
  const staged: { temp: string; path: string; backup?: string }[] = [];
  const replaced: { temp: string; path: string; backup?: string }[] = [];
  const created: string[] = [];
  try {
    const only = files.length === 1 ? files[0]! : undefined;
    if (only && isStream(only.path)) {
      // One output to a device or pipe (`--pp /dev/stdout`): written through, nothing to swap.
      attempt(only.path, () => writeFileSync(only.path, only.contents));
      return true;
    }
    for (const f of files) checkReplaceable(f.path);
    for (const f of files) {
      const dir = dirname(f.path);
      attempt(f.path, () => ensureDir(dir, created));
      const temp = join(dir, `.${process.pid}.${staged.length}.p4flow-tmp`);
      staged.push({ temp, path: f.path });
      attempt(f.path, () => writeFileSync(temp, f.contents));
    }
    for (const s of staged) {
      if (existsSync(s.path)) {
        s.backup = `${s.temp}.old`;
        attempt(s.path, () => renameSync(s.path, s.backup!));
      }
      replaced.push(s);
      attempt(s.path, () => renameSync(s.temp, s.path));
    }
    for (const s of staged) if (s.backup) quietly(() => rmSync(s.backup!, { force: true }));
    return true;
  } catch (e) {
    // Undo in reverse order: the old file back in its place (or the new one removed).
    for (const s of replaced.reverse()) {
      if (s.backup && existsSync(s.backup)) quietly(() => renameSync(s.backup!, s.path));
      else if (!s.backup) quietly(() => rmSync(s.path, { force: true }));
    }
    for (const s of staged) quietly(() => rmSync(s.temp, { force: true }));
    for (const d of created.reverse()) quietly(() => rmdirSync(d));
    const failure =
      e instanceof WriteFailure ? e : new WriteFailure(files[0]?.path ?? "", reasonOf(e));
    sink.report(messages.cannotWriteOutput, undefined, {
      path: failure.path,
      reason: failure.message,
    });
    return false;
  }
}

/** An output may be created or may replace a regular file; nothing else is touched. */
function checkReplaceable(path: string): void {
  let dir = dirname(path);
  // The nearest existing ancestor must be a directory (`-o some-file` fails here).
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new WriteFailure(path, `'${dir}' is not a directory`);
  if (!existsSync(path) && !isDanglingLink(path)) return;
  const st = lstatSync(path);
  if (st.isDirectory()) throw new WriteFailure(path, "a directory is in the way");
  if (!st.isFile())
    throw new WriteFailure(
      path,
      "it is not a regular file (a device, pipe or link) and is left alone",
    );
}

function isStream(path: string): boolean {
  try {
    const st = statSync(path);
    return st.isCharacterDevice() || st.isFIFO() || st.isSocket();
  } catch {
    return false;
  }
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function attempt(path: string, step: () => void): void {
  try {
    step();
  } catch (e) {
    throw new WriteFailure(path, reasonOf(e));
  }
}

function quietly(step: () => void): void {
  try {
    step();
  } catch {
    // Best effort while undoing; the first failure is the one reported.
  }
}

/** The message of a thrown value, without a final full stop. */
export function reasonOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\.$/, "");
}

/** mkdir -p, one level at a time: Node's recursive mkdir never returns for some paths (/proc/x). */
function ensureDir(dir: string, created: string[]): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) ensureDir(parent, created);
  mkdirSync(dir);
  created.push(dir);
}
