// No program makes the checker throw, loop or recurse without bound.
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { memoryHost } from "../../src/frontend/host.js";

const example = readFileSync(
  join(import.meta.dirname, "..", "..", "examples", "standard.p4"),
  "utf8",
);

function checkNeverThrows(text: string): void {
  const r = compile({ file: "/f.p4", text, host: memoryHost({ "/f.p4": text }) });
  expect(Array.isArray(r.diagnostics)).toBe(true);
}

describe("type checker robustness", () => {
  it("survives mutations of a real program", () => {
    const words = [
      "bit<8>",
      "hdr",
      "start",
      "accept",
      "state x { transition x; }",
      "typedef a_t a_t;",
      "struct s { s t; }",
      "[0]",
      "<99999999>",
      "}",
      "{",
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(example.length), fc.nat(12), fc.constantFrom(...words)), {
          minLength: 1,
          maxLength: 4,
        }),
        (edits) => {
          let text = example;
          for (const [at, del, ins] of edits) text = text.slice(0, at) + ins + text.slice(at + del);
          checkNeverThrows(text);
        },
      ),
      { numRuns: 120 },
    );
  });

  it("handles thousands of states and long typedef chains", () => {
    const states = Array.from(
      { length: 3000 },
      (_, i) => `state s${i} { transition ${i + 1 < 3000 ? `s${i + 1}` : "accept"}; }`,
    ).join("\n");
    checkNeverThrows(
      `#include <core.p4>\nparser P(packet_in p) { state start { transition s0; }\n${states}\n}`,
    );
    const chain = Array.from({ length: 2000 }, (_, i) => `typedef t${i + 1} t${i};`).join("\n");
    checkNeverThrows(`${chain}\ntypedef bit<8> t2000;\nheader h { t0 x; }`);
  });
});
