// The bound on state visits of parsers whose loops all fill header stacks (src/ir/iteration-count.ts
// mostVisits): it must never be below what a packet can make the parser visit, and when it is
// within --max-parser-iterations the generated program counts no iterations at all.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitProgram } from "../../src/backend-ebpf/emit-program.js";
import { loopCosts } from "../../src/backend-ebpf/emit-parse.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { decodeKey } from "../../src/interp/decode.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import { mostVisits } from "../../src/ir/iteration-count.js";
import { compileFile, compileText, type PipelineOptions } from "../support/compile.js";

/** A two-tag stack walk with two states on the loop besides the one that fills the stack. */
const WALK = `
header tag_t { bit<8> more; }
header pad_t { bit<8> x; }
struct hs { tag_t[2] tag; pad_t pad; }
parser P(packet_in p, out hs hdr) {
  state start { transition check; }
  state check { transition select(p.lookahead<bit<8>>()) { 0: accept; default: fill; } }
  state fill { p.extract(hdr.tag.next); transition select(hdr.tag.last.more) { 1: skip; default: check; } }
  state skip { p.extract(hdr.pad); transition check; }
}`;

/** The same walk, but a pop_front lets the stack fill again: no bound from the stack. */
const REFILL = WALK.replace(
  "state skip { p.extract(hdr.pad);",
  "state skip { p.extract(hdr.pad); hdr.tag.pop_front(1);",
);

const build = (body: string, options: PipelineOptions = {}) =>
  compileText(
    `#include <core.p4>\n#include <p4flow.p4>\n${body}\nFlowExtract(P()) main;\n`,
    options,
  );

function c(r: ReturnType<typeof build>): string {
  const sink = new DiagnosticSink();
  const text = emitProgram(r.ir, r.layout, { target: "xdp", headerFile: "p.h" }, sink);
  expect(sink.diagnostics).toEqual([]);
  return text ?? "";
}

/** The error the interpreter gives for a packet. */
function error(r: ReturnType<typeof build>, hex: string): string {
  const res = createInterpreter(r.ir, r.layout)(Uint8Array.from(Buffer.from(hex, "hex")));
  return decodeKey(r.layout, res.key).error;
}

describe("the bound on state visits when every loop fills a header stack", () => {
  // start, then three turns check-fill-skip; the third fill finds the stack full: 9 visits.
  const longest = "01ff01ff01";

  it("is at least the longest parse, and counts no iterations within the bound", () => {
    const most = mostVisits(build(WALK).ir)!;
    expect(most).toBeGreaterThanOrEqual(9);
    // Tight enough to matter: (2 tags + 1) fills and as many runs of the loop's 2 other states.
    expect(most).toBeLessThanOrEqual(10);
    const within = build(WALK, { maxParserIterations: most });
    expect(error(within, longest)).toBe("StackOutOfBounds");
    expect(c(within)).not.toMatch(/\+\+iters/);
    // Below the longest parse the spec's bound rejects it, and the program counts again.
    const below = build(WALK, { maxParserIterations: 8 });
    expect(error(below, longest)).toBe("ParserTimeout");
    expect(c(below)).toMatch(/if \(\+\+iters > 8\)/);
  });

  it("is unknown for a loop that can lower the stack's next index, which the verifier estimate then counts", () => {
    const r = build(REFILL);
    expect(mostVisits(r.ir)).toBeUndefined();
    expect(error(r, "01ff".repeat(40))).toBe("ParserTimeout");
    expect(c(r)).toMatch(/if \(\+\+iters > 64\)/);
    expect(loopCosts(r.ir, []).map((l) => l.states.sort())).toEqual([["check", "fill", "skip"]]);
  });

  it("keeps the Open vSwitch example within the default 64 visits: it counts none", () => {
    const r = compileFile(join(import.meta.dirname, "..", "..", "examples", "ovs", "ovs.p4"));
    expect(mostVisits(r.ir)).toBeLessThanOrEqual(64);
    expect(c(r)).not.toMatch(/\+\+iters/);
  });
});
