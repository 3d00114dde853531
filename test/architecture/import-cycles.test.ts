// The import graph of src/ has no cycles: data flows one way (grammar → frontend → typecheck →
// ir → layout → interp / backend-ebpf, then the CLI and the language server), and within a
// phase shared types live in a module of their own. Type-only imports count too: a cycle of
// types is the same tangle for a reader. Read with TypeScript's own import scanner.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

const root = resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  });
}

/** Each source file's relative imports, as repository paths of .ts files. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((name) => name.startsWith("."))
      .map((name) => resolve(dirname(file), name.replace(/\.js$/, ".ts")))
      .filter((path) => known.has(path));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the files on it (one cycle per back edge). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      const s = state.get(next);
      if (s === "open") found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

/**
 * Cycles left on purpose, each with the reason. The list must match exactly: a cycle that goes
 * away must be dropped from it, and no new one may appear.
 * - CST lowering: a parser declaration lowers its states (statements), and a statement lowers
 *   local constant declarations; the mutual recursion stays until the typed CST visitor
 *   (issue 16) replaces these functions.
 */
const KNOWN_CYCLES = [
  "src/frontend/lower-declarations.ts → src/frontend/lower-statements.ts → src/frontend/lower-declarations.ts",
];

describe("the import graph", () => {
  const files = [...sources(join(root, "src")), ...sources(join(root, "grammar"))];
  const graph = importGraph(files);

  test("reads every source file", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect([...graph.values()].flat().length).toBeGreaterThan(graph.size);
  });

  test("has no cycles but the known ones", () => {
    const found = cycles(graph).map((c) => c.map((f) => relative(root, f)).join(" → "));
    expect(found.sort()).toEqual([...KNOWN_CYCLES].sort());
  });
});
