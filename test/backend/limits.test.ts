// Limits known before the verifier: a loop that is not bounded by a header stack is followed by
// the verifier once per possible iteration, so a large --max-parser-iterations makes it give up.
// p4flow refuses such a program itself (P4F3207) and says how far to lower the bound; at that
// bound the program loads, with the verifier processing no more instructions than p4flow
// estimated. Loops through stacks are bounded by the stack and never refused.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emitProgram } from "../../src/backend-ebpf/emit-program.js";
import { buildObject, LoadedProgram } from "../../src/backend-ebpf/kernel-runner.js";
import { renderText } from "../../src/diagnostics/render-text.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { renderHeader } from "../../src/layout/render-c.js";
import { kernelAvailable } from "../support/kernel.js";
import { compileFile, compileText } from "../support/compile.js";

const work = mkdtempSync(join(tmpdir(), "p4flow-limits-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const options = `#include <core.p4>
#include <p4flow.p4>
header b_t { bit<8> v; }
header opt_t { bit<8> kind; bit<8> len; }
struct hs { b_t b; opt_t o; }
struct m_t { bit<8> count; bit<16> sum; }
parser P(packet_in p, out hs hdr, inout m_t meta) {
  state start { p.extract(hdr.b); transition opts; }
  state opts {
    p.extract(hdr.o);
    meta.count = meta.count + 1;
    meta.sum = meta.sum + (bit<16>) hdr.o.len;
    p.advance((bit<32>) hdr.o.len * 8);
    transition select(hdr.o.kind) { 0: accept; default: opts; }
  }
}
FlowExtract(P()) main;
`;

/** An option walk of another shape: a lookahead, a verify, an if, several ways round. */
const tlv = `#include <core.p4>
#include <p4flow.p4>
header b_t { bit<8> v; }
header opt_t { bit<8> kind; bit<8> len; }
header w_t { bit<32> a; bit<16> b; }
struct hs { b_t b; opt_t o; w_t w; }
struct m_t { bit<8> count; bit<16> sum; bit<32> last; bit<8> flags; }
parser P(packet_in p, out hs hdr, inout m_t meta) {
  state start { p.extract(hdr.b); transition opts; }
  state opts {
    bit<8> k = p.lookahead<bit<8>>();
    transition select(k) { 0: accept; 1: nop; 7: wide; default: tlv; }
  }
  state nop { p.advance(8); meta.flags = meta.flags | 1; transition opts; }
  state wide {
    p.extract(hdr.o);
    p.extract(hdr.w);
    if (hdr.w.b > 10) { meta.last = hdr.w.a; } else { meta.sum = meta.sum + hdr.w.b; }
    transition opts;
  }
  state tlv {
    p.extract(hdr.o);
    meta.count = meta.count + 1;
    verify(hdr.o.len >= 2, error.HeaderTooShort);
    p.advance(((bit<32>) hdr.o.len - 2) * 8);
    transition select(hdr.o.kind) { 3: opts; 4: opts; default: opts; }
  }
}
FlowExtract(P()) main;
`;

/** Builds and loads a program, returning the verifier's count of processed instructions. */
function verifierCount(c: string, r: ReturnType<typeof emit>["r"], name: string): number {
  const sink = new DiagnosticSink();
  writeFileSync(join(work, "key.h"), renderHeader(r.layout!));
  writeFileSync(join(work, `${name}.bpf.c`), c);
  const obj = buildObject(work, name, sink);
  expect(renderText(sink.diagnostics)).toBe("");
  const pin = `/sys/fs/bpf/p4flow-limits-${process.pid}-${name}`;
  const load = spawnSync("bpftool", ["-d", "prog", "load", obj!, pin, "type", "xdp"], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  rmSync(pin, { force: true });
  expect(load.status, load.stderr.slice(-2000)).toBe(0);
  return Number(/processed (\d+) insns/.exec(load.stderr + load.stdout)?.[1]);
}

function emit(file: string, text: string | undefined, iterations: number) {
  const r =
    text === undefined
      ? compileFile(file, { maxParserIterations: iterations })
      : compileText(text, { file, maxParserIterations: iterations });
  const sink = new DiagnosticSink();
  const c = emitProgram(r.ir!, r.layout!, { target: "xdp", headerFile: "key.h" }, sink);
  return { c, r, text: renderText(sink.diagnostics) };
}

describe("loops the verifier could not follow", () => {
  it("are refused with the bound to use, and load at that bound", (ctx) => {
    const refused = emit("/loop.p4", options, 4096);
    expect(refused.c).toBeUndefined();
    expect(refused.text).toContain(
      "error P4F3207[loop-too-long-for-verifier]: The parser loop through 'opts' may run 4096 times",
    );
    const most = Number(/lower --max-parser-iterations to (\d+) or less/.exec(refused.text)?.[1]);
    expect(most).toBeGreaterThan(500);
    const accepted = emit("/loop.p4", options, most);
    expect(accepted.text).toBe("");
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const sink = new DiagnosticSink();
    writeFileSync(join(work, "key.h"), renderHeader(accepted.r.layout!));
    writeFileSync(join(work, "loop.bpf.c"), accepted.c!);
    const obj = buildObject(work, "loop", sink);
    const prog = obj ? LoadedProgram.load(obj, "xdp", "P_keys", sink) : undefined;
    prog?.unload();
    expect(renderText(sink.diagnostics)).toBe("");
  });

  it("are estimated on the safe side of the verifier's own count", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    for (const [name, text] of [
      ["options", options],
      ["tlv", tlv],
    ] as const) {
      // The estimate grows with the bound: read at a bound far too large, scaled to `most`.
      const refused = emit(`/${name}.p4`, text, 100_000).text;
      const insns = Number(/about ([\d,]+) instructions/.exec(refused)?.[1]?.replace(/,/g, ""));
      const most = Number(/lower --max-parser-iterations to (\d+) or less/.exec(refused)?.[1]);
      const accepted = emit(`/${name}.p4`, text, most);
      expect(accepted.text).toBe("");
      const processed = verifierCount(accepted.c!, accepted.r, name);
      expect(processed).toBeGreaterThan(0);
      expect(processed).toBeLessThanOrEqual((insns * most) / 100_000);
    }
  });

  it("never refuses loops bounded by a header stack", () => {
    const root = join(import.meta.dirname, "..", "..");
    // OVS's IPv6 walk passes through states that fill no stack, but every turn fills one.
    for (const example of ["standard.p4", "tunnels.p4", join("ovs", "ovs.p4")])
      expect(emit(join(root, "examples", example), undefined, 4096).text).toBe("");
  });

  it("refuses a loop with a turn that fills no stack", () => {
    // The same stack-filling state, plus a way round the loop that skips it.
    const text = `#include <core.p4>
#include <p4flow.p4>
header b_t { bit<8> v; }
struct h_t { b_t[4] s; b_t one; }
parser P(packet_in p, out h_t h) {
    state start { transition select(p.lookahead<bit<8>>()) { 0: fill; default: skip; } }
    state fill { p.extract(h.s.next); transition select(p.lookahead<bit<8>>()) { 0: fill; 1: skip; default: accept; } }
    state skip { p.extract(h.one); transition select(h.one.v) { 1: skip; 0: fill; default: accept; } }
}
FlowExtract(P()) main;
`;
    expect(emit("/mixed.p4", text, 4096).text).toContain("P4F3207");
  });
});
