// Whole programs in the style of each architecture, the bundled examples and the built-in
// headers: they preprocess and parse with no diagnostics, and printing is stable.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { builtinIncludes } from "../../src/frontend/include/index.js";
import { parseSource } from "../../src/frontend/parse.js";
import { printProgram } from "../../src/frontend/printer.js";
import { compileFiles } from "../support/frontend.js";
import { exampleFiles } from "../support/examples.js";

const root = join(import.meta.dirname, "..", "..");
const programs = [
  ...readdirSync(join(import.meta.dirname, "programs")).map((f) =>
    join(import.meta.dirname, "programs", f),
  ),
  ...exampleFiles(),
];

function stablePrint(text: string, file: string): { first: string; second: string } {
  const s1 = new DiagnosticSink();
  const first = printProgram(parseSource(text, file, s1));
  expect(s1.diagnostics, `${file} as printed`).toEqual([]);
  const s2 = new DiagnosticSink();
  const second = printProgram(parseSource(first, file, s2));
  expect(s2.diagnostics).toEqual([]);
  return { first, second };
}

describe("whole programs", () => {
  for (const path of programs) {
    it(`${path.slice(root.length + 1)} preprocesses and parses cleanly, and prints stably`, () => {
      const text = readFileSync(path, "utf8");
      // The examples include examples/protocols.p4, so every example file is in the host.
      const examples = Object.fromEntries(exampleFiles().map((f) => [f, readFileSync(f, "utf8")]));
      const { pp, program, rendered } = compileFiles({ ...examples, [path]: text }, path);
      expect(rendered).toBe("");
      expect(program.declarations.length).toBeGreaterThan(3);
      const { first, second } = stablePrint(pp.text, path);
      expect(second).toBe(first);
    });
  }

  for (const name of Object.keys(builtinIncludes)) {
    it(`built-in ${name} parses cleanly and prints stably`, () => {
      const { rendered, program } = compileFiles(
        { "/main.p4": `#include <${name}>\n` },
        "/main.p4",
      );
      expect(rendered).toBe("");
      expect(program.declarations.length).toBeGreaterThan(0);
      const printed = printProgram(program);
      expect(stablePrint(printed, name).second).toBe(printed);
    });
  }
});
