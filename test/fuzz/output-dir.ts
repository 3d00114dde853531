// The fuzzer's output-directory oracle: a compile either leaves the directory exactly as it was
// (any failure) or leaves the complete new set of outputs and nothing else (success).

import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type DirSnapshot = ReadonlyMap<string, string>;

/** Names and contents (or a kind marker for non-files) of a directory's entries. */
export function snapshot(dir: string): DirSnapshot {
  const out = new Map<string, string>();
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) return out;
  for (const name of readdirSync(dir).sort()) {
    const st = lstatSync(join(dir, name));
    out.set(
      name,
      st.isFile()
        ? readFileSync(join(dir, name)).toString("base64")
        : st.isDirectory()
          ? "<dir>"
          : "<other>",
    );
  }
  return out;
}

/** What is wrong with the directory after a run, or undefined. */
export function judgeOutputDir(
  before: DirSnapshot,
  after: DirSnapshot,
  exitCode: number,
  expected: readonly string[],
): string | undefined {
  if (exitCode !== 0) {
    for (const [name, content] of after) {
      if (!before.has(name)) return `failed compile left a new entry '${name}'`;
      if (before.get(name) !== content) return `failed compile changed '${name}'`;
    }
    for (const name of before.keys())
      if (!after.has(name)) return `failed compile removed '${name}'`;
    return undefined;
  }
  for (const name of expected) {
    const content = after.get(name);
    if (content === undefined) return `successful compile did not write '${name}'`;
    if (content === "") return `successful compile wrote '${name}' empty`;
  }
  for (const name of after.keys()) {
    if (!before.has(name) && !expected.includes(name))
      return `successful compile left a stray entry '${name}'`;
  }
  return undefined;
}
