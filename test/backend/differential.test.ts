// The kernel against the interpreter, byte for byte: every example compiled to XDP, loaded
// through the real verifier, run with BPF_PROG_TEST_RUN on the shared corpus, on random packets
// biased toward the program's select values, and on every truncation of corpus packets.
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
import { compile } from "../../src/compile.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import { readCapture } from "../../src/interp/pcap.js";
import { nodeHost } from "../../src/node-host.js";
import { kernelAvailable } from "../support/kernel.js";
import { buildInKernel, compareWithInterpreter, type Built } from "../support/kernel-compare.js";

const root = join(import.meta.dirname, "..", "..");
const corpus = join(root, "..", "shared", "corpus", "pcaps");

function corpusPackets(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of readdirSync(corpus)
    .filter((x) => /\.pcap(ng)?$/.test(x))
    .sort()) {
    const cap = readCapture(readFileSync(join(corpus, f)), f, new DiagnosticSink());
    for (const p of cap?.packets ?? []) out.push(p.data);
  }
  return out;
}

describe("XDP: the standard example in the kernel equals the interpreter", () => {
  let b: Built | undefined;
  const get = () =>
    (b ??= buildInKernel({ file: join(root, "examples", "standard.p4"), host: nodeHost() }));
  afterAll(() => b?.close());

  it("on every packet of the shared corpus", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    expect(compareWithInterpreter(get(), corpusPackets())).toEqual([]);
  });

  it("on every truncation of a sample of corpus packets", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const sample = corpusPackets().filter((_, i) => i % 29 === 0);
    const cuts = sample.flatMap((p) =>
      Array.from({ length: Math.min(p.length, 120) + 1 }, (_, n) => p.subarray(0, n)),
    );
    expect(compareWithInterpreter(get(), cuts)).toEqual([]);
  });

  it("would notice a difference: an interpreter writing host order disagrees", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const real = get();
    const hostLayout = compile({
      file: join(root, "examples", "standard.p4"),
      host: nodeHost(),
      stopAfter: "ir",
      layout: { byteOrder: "host", packed: false },
    }).layout!;
    const wrong = { ...real, interp: createInterpreter(real.ir, hostLayout) };
    expect(compareWithInterpreter(wrong, corpusPackets().slice(0, 50)).length).toBeGreaterThan(0);
  });

  it("on random packets biased toward the parser's select values", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const ethertypes = [0x0800, 0x86dd, 0x8100, 0x88a8, 0x0806, 0x8847, 0x1234];
    const protos = [1, 6, 17, 58, 132, 0];
    const packet = fc
      .tuple(
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.array(fc.constantFrom(...ethertypes), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...protos),
        fc.uint8Array({ minLength: 0, maxLength: 90 }),
        fc.nat(4),
      )
      .map(([macs, types, proto, rest, ihlExtra]) => {
        const bytes = [...macs];
        for (const t of types)
          bytes.push(t >> 8, t & 255, ...(t === 0x8100 || t === 0x88a8 ? [0x00, 0x2a] : []));
        // An IPv4-ish header with a plausible IHL and the chosen protocol, then noise.
        bytes.push(
          0x45 + ihlExtra,
          0,
          0,
          40,
          0,
          1,
          0,
          0,
          64,
          proto,
          0,
          0,
          10,
          0,
          0,
          1,
          10,
          0,
          0,
          2,
          ...rest,
        );
        return Uint8Array.from(bytes);
      });
    const packets = fc.sample(
      fc.oneof(packet, fc.uint8Array({ minLength: 14, maxLength: 120 })),
      3000,
    );
    expect(compareWithInterpreter(get(), packets)).toEqual([]);
  });
});

describe("tc: the standard example in the kernel equals the interpreter", () => {
  let b: Built | undefined;
  afterAll(() => b?.close());
  it("on every packet of the shared corpus, dropping what the parser rejects", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    b = buildInKernel(
      { file: join(root, "examples", "standard.p4"), host: nodeHost() },
      { target: "tc", onReject: "drop" },
    );
    expect(compareWithInterpreter(b, corpusPackets())).toEqual([]);
  });
});

describe("XDP with a host-order, packed key", () => {
  let b: Built | undefined;
  afterAll(() => b?.close());
  it("equals the interpreter on every packet of the shared corpus", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    b = buildInKernel(
      { file: join(root, "examples", "standard.p4"), host: nodeHost() },
      { layout: { byteOrder: "host", packed: true } },
    );
    expect(compareWithInterpreter(b, corpusPackets())).toEqual([]);
  });
});
