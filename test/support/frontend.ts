// Test helpers for the frontend: parse snippets, preprocess in-memory files, render diagnostics.

import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { renderText } from "../../src/diagnostics/render-text.js";
import type * as A from "../../src/frontend/ast.js";
import { memoryHost } from "../../src/frontend/host.js";
import { parseP4, parseSource } from "../../src/frontend/parse.js";
import { preprocess } from "../../src/frontend/preprocess.js";
import { builtinIncludes } from "../../src/frontend/include/index.js";

export function parseOk(text: string): A.Program {
  const sink = new DiagnosticSink();
  const p = parseSource(text, "test.p4", sink);
  if (sink.diagnostics.length > 0) {
    throw new Error(
      `unexpected diagnostics:\n${renderText(sink.diagnostics, { sourceText: () => text })}`,
    );
  }
  return p;
}

export function parseWithDiagnostics(
  text: string,
  file = "test.p4",
): { program: A.Program; text: string } {
  const sink = new DiagnosticSink();
  const program = parseSource(text, file, sink);
  return { program, text: renderText(sink.diagnostics, { sourceText: () => text }) };
}

/** Preprocesses and parses `main` among in-memory files; returns the rendered diagnostics too. */
export function compileFiles(
  files: Record<string, string>,
  main: string,
  includePaths: string[] = [],
) {
  const host = memoryHost(files);
  const sink = new DiagnosticSink();
  const pp = preprocess(
    { path: main, text: files[main]! },
    host,
    { includePaths, defines: [], undefines: [] },
    sink,
  );
  const program = parseP4(pp.text, pp.map, sink);
  const sourceText = (f: string) => files[f] ?? builtinIncludes[f.replace("<builtin>/", "")];
  return { pp, program, sink, rendered: renderText(sink.diagnostics, { sourceText }) };
}

/** The first declaration of a program, narrowed by kind. */
export function first<K extends A.Declaration["kind"]>(
  p: A.Program,
  kind: K,
): Extract<A.Declaration, { kind: K }> {
  const d = p.declarations.find((x) => x.kind === kind);
  if (!d) throw new Error(`no ${kind} in program`);
  return d as Extract<A.Declaration, { kind: K }>;
}

/** Strips ranges so AST shapes can be compared with toMatchObject/toEqual. */
export function shape(x: unknown): unknown {
  return JSON.parse(
    JSON.stringify(x, (k, v) => (k === "range" ? undefined : typeof v === "bigint" ? `${v}n` : v)),
  );
}
