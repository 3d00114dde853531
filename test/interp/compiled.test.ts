// The compiled interpreter against the reference interpreter, byte for byte: every feature test
// program and every example, on its sample packets, on every truncation of them, on the shared
// corpus (and every truncation of its first 120 bytes for the examples) and on thousands of
// random packets biased toward each program's select values. The reference is the executable
// spec; any difference is a bug in the compiled engine.
import fc from "fast-check";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { renderText } from "../../src/diagnostics/render-text.js";
import { memoryHost } from "../../src/frontend/host.js";
import { compileInterpreter } from "../../src/interp/compiled.js";
import { createInterpreter, type InterpOptions } from "../../src/interp/interpreter.js";
import type { LayoutOptions } from "../../src/layout/layout.js";
import { nodeHost } from "../../src/node-host.js";
import { dissectorEntry } from "../../src/ir/flow-keys.js";
import * as F from "../support/feature-programs.js";
import { allCorpusPackets, biasedPackets } from "../support/packets.js";

const root = join(import.meta.dirname, "..", "..");

function differences(
  source: { file: string; text?: string; host: ReturnType<typeof nodeHost> },
  packets: readonly Uint8Array[],
  options: InterpOptions & { layout?: LayoutOptions } = {},
): string[] {
  const r = compile({
    ...source,
    stopAfter: "ir",
    ...(options.layout ? { layout: options.layout } : {}),
  });
  if (!r.ir || !r.layout) throw new Error(renderText(r.diagnostics));
  const ref = createInterpreter(r.ir, r.layout, options);
  const fast = compileInterpreter(r.ir, r.layout, options);
  const bad: string[] = [];
  for (const [i, p] of packets.entries()) {
    // A flow dissector starts at the network header, with each of the eight flag combinations.
    const entry = r.ir.dissector ? dissectorEntry(r.ir.dissector, p, i % 8) : undefined;
    const a = ref(p, entry);
    const b = fast(p, entry);
    if (
      a.outcome !== b.outcome ||
      a.error !== b.error ||
      !Buffer.from(a.key).equals(Buffer.from(b.key))
    )
      if (bad.length < 5)
        bad.push(
          `${Buffer.from(p).toString("hex")}: reference ${a.outcome}/${a.error} ${Buffer.from(a.key).toString("hex")}, compiled ${b.outcome}/${b.error} ${Buffer.from(b.key).toString("hex")}`,
        );
  }
  return bad;
}

const cuts = (ps: readonly Uint8Array[], max = Infinity) =>
  ps.flatMap((p) =>
    Array.from({ length: Math.min(p.length, max) + 1 }, (_, n) => p.subarray(0, n)),
  );

describe("the compiled interpreter equals the reference", () => {
  for (const name of Object.keys(F) as (keyof typeof F)[]) {
    it(`on feature program ${name}`, () => {
      const text = `#include <core.p4>\n#include <p4flow.p4>\n${F[name]}\nFlowExtract(P()) main;\n`;
      const source = { file: "/f.p4", text, host: memoryHost({ "/f.p4": text }) };
      const r = compile({ ...source, stopAfter: "ir" });
      const random = fc.sample(fc.uint8Array({ minLength: 0, maxLength: 64 }), {
        numRuns: 3000,
        seed: 7,
      });
      const biased = biasedPackets(r.ir!, 3000);
      const options: InterpOptions =
        name === "BODY" ? { valueSets: new Map([[0, [[2n, 0n]]]]) } : {};
      expect(
        differences(source, [...random, ...cuts(random.slice(0, 50)), ...biased], options),
      ).toEqual([]);
      expect(
        differences(source, random.slice(0, 500), {
          ...options,
          layout: { byteOrder: "host", packed: true },
        }),
      ).toEqual([]);
    });
  }

  for (const file of [
    join(root, "examples", "standard.p4"),
    join(root, "examples", "tunnels.p4"),
    join(root, "examples", "ovs", "ovs.p4"),
    join(root, "test", "typecheck", "positive", "parser-constructs.p4"),
  ]) {
    it(`on ${file.split("/").pop()}: the corpus, its truncations and 10,000 biased packets`, () => {
      const source = { file, host: nodeHost() };
      const r = compile({ ...source, stopAfter: "ir" });
      const packets = [
        ...allCorpusPackets(),
        ...cuts(allCorpusPackets(), 120),
        ...biasedPackets(r.ir!, 10_000),
      ];
      expect(differences(source, packets)).toEqual([]);
      expect(
        differences(source, allCorpusPackets(), { layout: { byteOrder: "host", packed: false } }),
      ).toEqual([]);
    });
  }

  it("on flow_dissector.p4, from the network header under every flag: the corpus, its truncations and 10,000 biased packets", () => {
    const source = {
      file: join(root, "examples", "flow_dissector", "flow_dissector.p4"),
      host: nodeHost(),
    };
    const r = compile({ ...source, stopAfter: "ir" });
    expect(r.ir?.dissector).toBeDefined();
    const packets = [
      ...allCorpusPackets(),
      ...cuts(allCorpusPackets(), 120),
      ...biasedPackets(r.ir!, 10_000),
    ].filter((p) => p.length >= 14);
    expect(differences(source, packets)).toEqual([]);
  });
});
