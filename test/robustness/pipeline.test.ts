// "Never throws" through the whole pipeline, not only the checker: real programs, generated ones
// and mutations of real ones go through parse, check, IR, layout, every renderer, the C emitter
// for every target and both interpreters. Each phase may answer with diagnostics; none may
// throw, and a diagnostic always carries a code and a name.

import fc from "fast-check";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitProgram } from "../../src/backend-ebpf/emit-program.js";
import { EMIT_TARGETS } from "../../src/backend-ebpf/target.js";
import { compile } from "../../src/compile.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { compileInterpreter } from "../../src/interp/compiled.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import { printIr } from "../../src/ir/print.js";
import { nodeHost } from "../../src/node-host.js";
import { EMIT_KINDS, renderOutputs, type EmitKindName } from "../../src/outputs.js";
import { exampleFiles } from "../support/examples.js";

const host = nodeHost();
const testDir = join(import.meta.dirname, "..");

/** Every emit kind but the object (that is clang's work, not p4flow's). */
const RENDERED = (Object.keys(EMIT_KINDS) as EmitKindName[]).filter((k) => k !== "obj");

const PACKETS = [
  new Uint8Array(0),
  Uint8Array.from({ length: 64 }, (_, i) => (i * 37) & 0xff),
  Uint8Array.from({ length: 1500 }, () => 0xff),
];

function wellFormed(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    expect(d.code).toMatch(/^P4F\d{4}$/);
    expect(d.name).not.toBe("");
  }
}

/** Runs `text` (as the file `file`, whose folder its includes resolve from) through every phase;
 *  true when it got past the checker to the IR, the layout and the backend. */
function throughEveryPhase(file: string, text: string): boolean {
  const r = compile({ file, text, host, stopAfter: "ir" });
  wellFormed(r.diagnostics);
  if (!r.ir || !r.layout) return false;
  printIr(r.ir);
  for (const target of EMIT_TARGETS) {
    const sink = new DiagnosticSink();
    emitProgram(r.ir, r.layout, { target, headerFile: "t.h" }, sink);
    wellFormed(sink.diagnostics);
  }
  const sink = new DiagnosticSink();
  renderOutputs(r.ir, r.layout, { name: "t", emit: RENDERED, target: "lib" }, sink);
  wellFormed(sink.diagnostics);
  const reference = createInterpreter(r.ir, r.layout);
  const compiled = compileInterpreter(r.ir, r.layout);
  for (const packet of PACKETS) {
    reference(packet);
    compiled(packet);
  }
  return true;
}

function p4Files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".p4"))
    .sort()
    .map((f) => join(dir, f));
}

const corpus = [
  ...exampleFiles(),
  ...p4Files(join(testDir, "grammar", "programs")),
  ...p4Files(join(testDir, "conformance")),
];

describe("whole-pipeline robustness", () => {
  it("takes every example, grammar and conformance program through every phase", () => {
    expect(corpus.length).toBeGreaterThan(50);
    const reached = corpus.filter((file) => throughEveryPhase(file, readFileSync(file, "utf8")));
    expect(reached.length).toBeGreaterThanOrEqual(10);
  });

  it("survives mutations of the examples at every phase", () => {
    const programs = exampleFiles().filter((f) => /\bmain\s*;/.test(readFileSync(f, "utf8")));
    const words = [
      "bit<8>",
      "bit<0>",
      "varbit<64>",
      "hdr",
      "start",
      "accept",
      "reject",
      "transition accept;",
      "state x { transition x; }",
      "[0]",
      "[3]",
      "<99999999>",
      "0x",
      "; }",
      "{",
      "}",
    ];
    let reached = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...programs),
        fc.array(fc.tuple(fc.nat(20_000), fc.nat(12), fc.constantFrom(...words)), {
          minLength: 1,
          maxLength: 3,
        }),
        (file, edits) => {
          let text = readFileSync(file, "utf8");
          for (const [at, del, ins] of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + ins + text.slice(i + del);
          }
          if (throughEveryPhase(file, text)) reached++;
        },
      ),
      { numRuns: 100 },
    );
    expect(reached).toBeGreaterThan(0);
  });

  it("survives changed numbers in the examples (widths, constants, stack sizes) at every phase", () => {
    const programs = exampleFiles().filter((f) => /\bmain\s*;/.test(readFileSync(f, "utf8")));
    const numbers = ["0", "1", "7", "63", "64", "65", "128", "4096", "65535", "0xffffffff"];
    let reached = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...programs),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...numbers)), { minLength: 1, maxLength: 3 }),
        (file, edits) => {
          let text = readFileSync(file, "utf8");
          for (const [which, value] of edits) {
            const at = [...text.matchAll(/\b\d+\b/g)];
            const m = at[which % at.length]!;
            text = text.slice(0, m.index) + value + text.slice(m.index + m[0].length);
          }
          if (throughEveryPhase(file, text)) reached++;
        },
      ),
      // A fixed seed: how many mutants are still valid programs varies from seed to seed (20 to
      // 35 of 80 seen), and the floor below must not be a coin toss.
      { numRuns: 80, seed: 42 },
    );
    expect(reached).toBeGreaterThan(20);
  });

  it("survives generated parsers: deep selects, loops over stacks, wide and varbit fields", () => {
    let reached = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 8 }),
        fc.boolean(),
        (states, width, stack, loop) => {
          const body = Array.from({ length: states }, (_, i) => {
            const next = i + 1 < states ? `s${i + 1}` : "accept";
            const back = loop && i > 0 ? `s${i - 1}` : "reject";
            return `state s${i} { p.extract(hdr.h${stack > 0 ? ".next" : ""}, (bit<32>)${(8 * i) % 72}); transition select(hdr.h${stack > 0 ? ".last" : ""}.f) { 0: ${next}; 1: ${back}; default: accept; } }`;
          }).join("\n");
          const text = `#include <core.p4>
#include <p4flow.p4>
header h_t { bit<${width}> f; varbit<64> v; }
struct headers_t { h_t${stack > 0 ? `[${stack}]` : ""} h; }
struct meta_t { bit<8> m; }
parser P(packet_in p, out headers_t hdr, inout meta_t meta) {
  state start { transition s0; }
${body}
}
FlowExtract(P()) main;
`;
          if (throughEveryPhase(join(testDir, "generated.p4"), text)) reached++;
        },
      ),
      { numRuns: 60 },
    );
    expect(reached).toBeGreaterThan(30);
  });
});
