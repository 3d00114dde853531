// The kernel against the interpreter, byte for byte: every example compiled to XDP, loaded
// through the real verifier, run with BPF_PROG_TEST_RUN on the own corpus (and the shared one
// where it exists), on random packets biased toward the program's select values, and on every
// truncation of corpus packets.
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emitProgram } from "../../src/backend-ebpf/emit-program.js";
import {
  buildObject,
  LoadedProgram,
  MAX_TEST_PACKET,
  MIN_TEST_PACKET,
} from "../../src/backend-ebpf/kernel-runner.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import { readCapture } from "../../src/interp/pcap.js";
import { nodeHost } from "../../src/node-host.js";
import { kernelAvailable } from "../support/kernel.js";
import { allCorpusPackets, biasedPackets, corpora, corpusPackets } from "../support/packets.js";
import { buildInKernel, compareWithInterpreter, type Built } from "../support/kernel-compare.js";
import { compileFile } from "../support/compile.js";

const root = join(import.meta.dirname, "..", "..");

const programs = [
  join(root, "examples", "standard.p4"),
  join(root, "examples", "tunnels.p4"),
  join(root, "examples", "ovs", "ovs.p4"),
  // The type checker's positive program: every parser construct at once.
  join(root, "test", "typecheck", "positive", "parser-constructs.p4"),
];

for (const file of programs) {
  const example = file.split("/").pop()!;
  describe(`XDP: ${example} in the kernel equals the interpreter`, () => {
    let b: Built | undefined;
    const get = () => (b ??= buildInKernel({ file, host: nodeHost() }));
    afterAll(() => b?.close());

    for (const corpus of corpora) {
      it(`on every packet of the ${corpus} corpus`, (ctx) => {
        if (!kernelAvailable((m) => ctx.skip(m))) return;
        expect(compareWithInterpreter(get(), corpusPackets(corpus))).toEqual([]);
      });

      it(`on every truncation of every ${corpus} corpus packet (first 120 bytes)`, (ctx) => {
        if (!kernelAvailable((m) => ctx.skip(m))) return;
        const cuts = corpusPackets(corpus).flatMap((p) =>
          Array.from({ length: Math.min(p.length, 120) + 1 }, (_, n) => p.subarray(0, n)),
        );
        expect(compareWithInterpreter(get(), cuts)).toEqual([]);
      });
    }

    it("on 10,000 random packets biased toward the parser's select values", (ctx) => {
      if (!kernelAvailable((m) => ctx.skip(m))) return;
      expect(compareWithInterpreter(get(), biasedPackets(get().ir, 10_000))).toEqual([]);
    });

    it("would notice a difference: an interpreter writing host order disagrees", (ctx) => {
      if (!kernelAvailable((m) => ctx.skip(m))) return;
      const real = get();
      const hostLayout = compileFile(file, {
        layout: { byteOrder: "host", packed: false },
      }).layout!;
      const wrong = { ...real, interp: createInterpreter(real.ir, hostLayout) };
      expect(compareWithInterpreter(wrong, corpusPackets().slice(0, 50)).length).toBeGreaterThan(0);
    });
  });
}

describe("tc: the standard example in the kernel equals the interpreter", () => {
  let b: Built | undefined;
  afterAll(() => b?.close());
  it("on every packet of the corpora, dropping what the parser rejects", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    b = buildInKernel(
      { file: join(root, "examples", "standard.p4"), host: nodeHost() },
      { target: "tc", onReject: "drop", onAccept: "pass" },
    );
    expect(compareWithInterpreter(b, allCorpusPackets())).toEqual([]);
  });
});

describe("XDP with a host-order, packed key, dropping what the parser accepts", () => {
  let b: Built | undefined;
  afterAll(() => b?.close());
  it("equals the interpreter on every packet of the corpora", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    b = buildInKernel(
      { file: join(root, "examples", "standard.p4"), host: nodeHost() },
      { layout: { byteOrder: "host", packed: true }, onAccept: "drop" },
    );
    expect(compareWithInterpreter(b, allCorpusPackets())).toEqual([]);
  });
});
