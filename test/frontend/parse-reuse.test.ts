// The parse of a program's leading included files and of the main file's unchanged chunks,
// reused between compiles (src/parse-reuse.ts), gives the same AST and diagnostics as parsing the
// whole preprocessed text, also after edits anywhere in the main file, with syntax errors, and
// when the includes change.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { memoryHost } from "../../src/frontend/host.js";
import { parseP4 } from "../../src/frontend/parse.js";
import { nodeHost } from "../../src/node-host.js";
import { chunkCounts } from "../../src/parse-reuse.js";
import { exampleFiles } from "../support/examples.js";

const json = (x: unknown) =>
  JSON.stringify(x, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));

/** The program and diagnostics compile() gives, and those of a whole parse of the same text. */
function both(file: string, text: string, host = nodeHost()) {
  const reused = compile({ file, text, host, stopAfter: "parse" });
  const sink = new DiagnosticSink();
  const whole = parseP4(reused.preprocessed!.text, reused.preprocessed!.map, sink);
  return {
    reused: json({ p: reused.program, d: reused.diagnostics }),
    whole: json({ p: whole, d: sink.diagnostics }),
  };
}

/** Where two texts first differ, with some context ("" when they are equal). */
function firstDifference(a: string, b: string): string {
  if (a === b) return "";
  let i = 0;
  while (a[i] === b[i]) i++;
  return `at ${i}: ${a.slice(Math.max(0, i - 200), i + 100)}\n  vs ${b.slice(Math.max(0, i - 200), i + 100)}`;
}

const programs = [
  ...exampleFiles(),
  ...readdirSync(join(import.meta.dirname, "..", "grammar", "programs")).map((f) =>
    join(import.meta.dirname, "..", "grammar", "programs", f),
  ),
];

describe("parse of included files reused between compiles", () => {
  for (const file of programs)
    it(`${file.split("/").slice(-2).join("/")}: same AST and diagnostics as a whole parse, twice and after edits`, () => {
      const text = readFileSync(file, "utf8");
      const edits = [
        text,
        text,
        text.replace(/;\s*$/m, ""),
        `${text}\nheader extra_t { bit<8> x; }\n`,
        `${text}\n}}}`,
        // Edits in the middle: a line changed, a line added, a brace taken out, and back.
        text.replace(/bit<8>/, "bit<16>"),
        text.replace(/;\n/, ";\nconst bit<8> added = 1;\n"),
        text.replace(/\}\n/, "\n"),
        text.replace(/\n\n/, "\n/* a\n comment */\n"),
        text,
      ];
      for (const t of edits) {
        const { reused, whole } = both(file, t);
        expect(firstDifference(reused, whole)).toBe("");
      }
    });

  it("sees a changed include and an include that does not parse alone", () => {
    const files: Record<string, string> = {
      "/p/h.p4": "header h_t { bit<8> a; }\n",
      "/p/main.p4": '#include "h.p4"\nstruct s { h_t h; }\n',
    };
    const host = memoryHost(files);
    const main = files["/p/main.p4"]!;
    const first = both("/p/main.p4", main, host);
    expect(firstDifference(first.reused, first.whole)).toBe("");
    files["/p/h.p4"] = "header h_t { bit<8> a; bit<8> b; }\n";
    const changed = both("/p/main.p4", main, host);
    expect(firstDifference(changed.reused, changed.whole)).toBe("");
    expect(changed.reused).toContain('"b"');
    // The include ends inside a declaration: only a whole parse gives the right answer.
    files["/p/h.p4"] = "header h_t {\n";
    const split = both("/p/main.p4", '#include "h.p4"\nbit<8> a; }\nstruct s { h_t h; }\n', host);
    expect(firstDifference(split.reused, split.whole)).toBe("");
    expect(JSON.parse(split.reused).d).toEqual([]);
  });

  it("parses again only the chunk of the main file that an edit touched", () => {
    const states = Array.from(
      { length: 20 },
      (_, i) => `header h${i}_t {\n  bit<8> f;\n}\nconst bit<8> c${i} = ${i};\n`,
    );
    const text = `#include <core.p4>\n${states.join("")}`;
    const file = "/p/chunks.p4";
    const host = memoryHost({});
    compile({ file, text, host, stopAfter: "parse" });
    const before = { ...chunkCounts };
    const edited = text.replace("const bit<8> c7 = 7;", "const bit<8> c7 = 77;");
    const { reused, whole } = both(file, edited, host);
    expect(firstDifference(reused, whole)).toBe("");
    expect(chunkCounts.parsed - before.parsed).toBe(1);
    expect(chunkCounts.reused - before.reused).toBe(39);
  });

  it("parses a main file with a lone carriage return in its code as a whole parse does", () => {
    const file = programs[0]!;
    const text = readFileSync(file, "utf8");
    const edited = text.replace(/;\n/, ";\n// a lone\rcarriage return\n");
    expect(edited).not.toBe(text);
    for (const t of [edited, edited]) {
      const { reused, whole } = both(file, t);
      expect(firstDifference(reused, whole)).toBe("");
    }
  });
});
