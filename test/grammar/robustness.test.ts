// No input makes the parser throw, hang or overflow the stack: it always returns a Program and
// reports problems as diagnostics.
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { parseSource } from "../../src/frontend/parse.js";

const example = readFileSync(
  join(import.meta.dirname, "..", "..", "examples", "standard.p4"),
  "utf8",
).replace(/^#.*$/gm, "");

function parseNeverThrows(text: string): DiagnosticSink {
  const sink = new DiagnosticSink();
  const program = parseSource(text, "fuzz.p4", sink);
  expect(program.kind).toBe("Program");
  return sink;
}

const TOKENS = [
  "header",
  "struct",
  "parser",
  "control",
  "state",
  "transition",
  "select",
  "{",
  "}",
  "(",
  ")",
  "<",
  ">",
  "[",
  "]",
  ";",
  ":",
  ",",
  ".",
  "=",
  "==",
  "&&&",
  "..",
  "bit",
  "bit<8>",
  "x",
  "T",
  "1",
  "0x10",
  "default",
  "_",
  "apply",
  "if",
  "else",
  "@a",
  "@pragma x",
  "const",
  "extern",
  "action",
  "table",
  "key",
  "actions",
  "{#}",
  "...",
  '"s"',
  "/*",
  "*/",
];

describe("parser robustness", () => {
  it("survives random token streams", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 200 }), (toks) => {
        parseNeverThrows(toks.join(" "));
      }),
      { numRuns: 300 },
    );
  });

  it("survives mutations of a real program", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(example.length), fc.nat(20), fc.string({ maxLength: 8 })), {
          minLength: 1,
          maxLength: 5,
        }),
        (edits) => {
          let text = example;
          for (const [at, del, ins] of edits) text = text.slice(0, at) + ins + text.slice(at + del);
          parseNeverThrows(text);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("survives arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        parseNeverThrows(new TextDecoder().decode(bytes));
      }),
      { numRuns: 200 },
    );
  });

  it("reports hostile nesting instead of overflowing the stack", () => {
    for (const [text, name] of [
      ["(".repeat(400_000), "nesting-too-deep"],
      ["const bit<8> X = " + "-".repeat(200_000) + "1;", "parse-too-deep"],
      ["control C() { apply { " + "if (a) ".repeat(100_000) + "; } }", "parse-too-deep"],
    ] as const) {
      const sink = parseNeverThrows(text);
      expect(sink.diagnostics.map((d) => d.name)).toEqual([name]);
      // Not parsing on is located inside the chain, not at the file's start.
      if (name === "parse-too-deep")
        expect(sink.diagnostics[0]!.range!.start.column).toBeGreaterThan(17);
    }
  });

  it("reports binary input once, not once per byte", () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7919) % 256);
    const sink = parseNeverThrows(new TextDecoder().decode(bytes));
    // At most 100 of each kind (bad characters, unterminated literals, syntax errors) plus a summary of each.
    expect(sink.diagnostics.length).toBeLessThanOrEqual(303);
    expect(sink.hasErrors()).toBe(true);
  });
});
