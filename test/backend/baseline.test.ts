// The hand-written baseline of the benchmark (bench/baseline/standard.c) must compute exactly
// the key p4flow computes for examples/standard.p4, or its timing would compare different work.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import { buildObject, LoadedProgram } from "../../src/backend-ebpf/kernel-runner.js";
import { compile } from "../../src/compile.js";
import { renderText } from "../../src/diagnostics/render-text.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import { readCapture } from "../../src/interp/pcap.js";
import { renderHeader } from "../../src/layout/render-c.js";
import { nodeHost } from "../../src/node-host.js";
import { kernelAvailable } from "../support/kernel.js";
import { compareWithInterpreter } from "../support/kernel-compare.js";

const root = join(import.meta.dirname, "..", "..");
const corpus = join(root, "..", "shared", "corpus", "pcaps");
const work = mkdtempSync(join(tmpdir(), "p4flow-baseline-"));
let prog: LoadedProgram | undefined;
afterAll(() => {
  prog?.unload();
  rmSync(work, { recursive: true, force: true });
});

it("the hand-written baseline writes the same keys as the interpreter", (ctx) => {
  if (!kernelAvailable((m) => ctx.skip(m))) return;
  const r = compile({
    file: join(root, "examples", "standard.p4"),
    host: nodeHost(),
    stopAfter: "ir",
  });
  writeFileSync(join(work, "standard.h"), renderHeader(r.layout!));
  writeFileSync(
    join(work, "hand.bpf.c"),
    readFileSync(join(root, "bench", "baseline", "standard.c")),
  );
  const sink = new DiagnosticSink();
  const obj = buildObject(work, "hand", sink);
  expect(renderText(sink.diagnostics)).toBe("");
  prog = LoadedProgram.load(obj!, "xdp", "hand_keys", sink);
  expect(renderText(sink.diagnostics)).toBe("");
  const packets = readdirSync(corpus)
    .filter((f) => /\.pcap(ng)?$/.test(f))
    .flatMap(
      (f) => readCapture(readFileSync(join(corpus, f)), f, new DiagnosticSink())?.packets ?? [],
    )
    .map((p) => p.data);
  const cuts = packets
    .filter((_, i) => i % 37 === 0)
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
  expect(compareWithInterpreter(built, [...packets, ...cuts, ...random])).toEqual([]);
});
