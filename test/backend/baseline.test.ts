// The hand-written baselines of the benchmark (bench/baseline/*.c) must compute exactly the key
// p4flow computes for their examples, or their timings would compare different work: each is
// built with the example's generated key header, loaded, and compared with the interpreter.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import { buildObject, LoadedProgram } from "../../src/backend-ebpf/kernel-runner.js";
import { renderText } from "../../src/diagnostics/render-text.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import { renderHeader } from "../../src/layout/render-c.js";
import { kernelAvailable } from "../support/kernel.js";
import { compareWithInterpreter } from "../support/kernel-compare.js";
import { allCorpusPackets, biasedPackets } from "../support/packets.js";
import { compileFile } from "../support/compile.js";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "p4flow-baseline-"));
const loaded: LoadedProgram[] = [];
afterAll(() => {
  loaded.forEach((p) => p.unload());
  rmSync(work, { recursive: true, force: true });
});

const baselines = [
  { example: ["standard.p4"], header: "standard.h", source: "standard.c" },
  { example: ["ovs", "ovs.p4"], header: "ovs.h", source: "ovs.c" },
];

for (const b of baselines)
  it(`the hand-written ${b.source} writes the same keys as the interpreter`, (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const r = compileFile(join(root, "examples", ...b.example));
    const dir = mkdtempSync(join(work, "b-"));
    writeFileSync(join(dir, b.header), renderHeader(r.layout!));
    writeFileSync(join(dir, "hand.bpf.c"), readFileSync(join(root, "bench", "baseline", b.source)));
    const sink = new DiagnosticSink();
    const obj = buildObject(dir, "hand", sink);
    expect(renderText(sink.diagnostics)).toBe("");
    const prog = LoadedProgram.load(obj!, "xdp", "hand_keys", sink);
    expect(renderText(sink.diagnostics)).toBe("");
    loaded.push(prog!);
    const packets = allCorpusPackets();
    const cuts = packets
      .filter((_, i) => i % 7 === 0)
      .flatMap((p) =>
        Array.from({ length: Math.min(p.length, 100) + 1 }, (_, n) => p.subarray(0, n)),
      );
    const random = fc.sample(fc.uint8Array({ minLength: 14, maxLength: 100 }), 500);
    const built = {
      ir: r.ir!,
      layout: r.layout!,
      prog: prog!,
      interp: createInterpreter(r.ir!, r.layout!),
      verdicts: { accept: 2, reject: 2 },
      close: () => {},
    };
    expect(
      compareWithInterpreter(built, [
        ...packets,
        ...cuts,
        ...random,
        ...biasedPackets(r.ir!, 10_000),
      ]),
    ).toEqual([]);
  });
