// Packets for differential tests: the project's own corpus (built by own-corpus.ts, always
// there), the shared corpus beside the repository (../shared/corpus/pcaps, an extra suite: only
// where it exists; P4FLOW_REQUIRE_CORPUS=1 makes its absence a failure, see corpus-setup.ts), and
// random packets biased toward what a program selects on. The bias needs no knowledge of the
// protocols: every constant a select compares with (values, mask values, range ends, at the key's
// width in bytes) is a "word" the generator splices into corpus packets at random offsets, next
// to byte flips, random tails and truncations. Mutating real packets keeps the outer headers
// plausible, so deep states are hit.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import type { IrProgram } from "../../src/ir/ir.js";
import { scalarWidth } from "../../src/ir/widths.js";
import { readCapture } from "../../src/interp/pcap.js";
import { ownCorpusDir, writeOwnCorpus } from "./own-corpus.js";

/** "own": the generated captures; "shared": the tcpdump captures beside the repository. */
export type CorpusName = "own" | "shared";

export const sharedCorpusDir = join(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "shared",
  "corpus",
  "pcaps",
);

/** The own corpus's folder (written on first use). */
export const corpusDir = ownCorpusDir;

/** Whether the shared corpus is beside the repository. */
export const sharedCorpusPresent = existsSync(sharedCorpusDir);

/** The corpora to run on: the own one, and the shared one where it exists. */
export const corpora: readonly CorpusName[] = sharedCorpusPresent ? ["own", "shared"] : ["own"];

let written = false;
/** The folder of a corpus (the own one is written first if this process has not yet). */
export function corpusDirOf(corpus: CorpusName = "own"): string {
  if (corpus === "shared") return sharedCorpusDir;
  if (!written) (writeOwnCorpus(), (written = true));
  return ownCorpusDir;
}

/** A corpus's captures (pcap and pcapng), by file name in order. */
export function corpusCaptures(corpus: CorpusName = "own"): string[] {
  return readdirSync(corpusDirOf(corpus))
    .filter((x) => /\.pcap(ng)?$/.test(x))
    .sort();
}

const cached = new Map<CorpusName, Uint8Array[]>();
/** Every packet of a corpus's captures, in file order. */
export function corpusPackets(corpus: CorpusName = "own"): Uint8Array[] {
  const hit = cached.get(corpus);
  if (hit) return hit;
  const out: Uint8Array[] = [];
  for (const f of corpusCaptures(corpus)) {
    const cap = readCapture(readFileSync(join(corpusDirOf(corpus), f)), f, new DiagnosticSink());
    for (const p of cap?.packets ?? []) out.push(p.data);
  }
  cached.set(corpus, out);
  return out;
}

/** The packets of every corpus present. */
export function allCorpusPackets(): Uint8Array[] {
  return corpora.flatMap((c) => corpusPackets(c));
}

/** Every select constant of the program as bytes, most significant first. */
export function selectWords(ir: IrProgram): Uint8Array[] {
  const words = new Map<string, Uint8Array>();
  const add = (v: bigint, bits: number) => {
    const n = Math.max(1, Math.ceil(bits / 8));
    const b = new Uint8Array(n);
    let x = BigInt.asUintN(n * 8, v);
    for (let i = n - 1; i >= 0; i--, x >>= 8n) b[i] = Number(x & 255n);
    words.set(Buffer.from(b).toString("hex"), b);
  };
  for (const s of ir.states) {
    if (s.transition.kind !== "select") continue;
    const keys = s.transition.keys;
    for (const c of s.transition.cases) {
      if (c.kind !== "keysets") continue;
      c.keysets.forEach((k, i) => {
        const w = scalarWidth(keys[i]!.type);
        if (k.kind === "value" || k.kind === "mask") add(k.value, w);
        if (k.kind === "range") (add(k.low, w), add(k.high, w));
      });
    }
  }
  return [...words.values()];
}

/** `count` packets: corpus packets mutated with the program's select words, and random ones. */
export function biasedPackets(ir: IrProgram, count: number, seed = 42): Uint8Array[] {
  const corpus = allCorpusPackets().filter((p) => p.length <= 400);
  const words = selectWords(ir);
  const word = words.length > 0 ? fc.constantFrom(...words) : fc.uint8Array({ maxLength: 2 });
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant("splice" as const), at: fc.nat(120), word }),
    fc.record({ kind: fc.constant("flip" as const), at: fc.nat(120), byte: fc.nat(255) }),
    fc.record({ kind: fc.constant("cut" as const), at: fc.nat(160) }),
    fc.record({ kind: fc.constant("tail" as const), bytes: fc.uint8Array({ maxLength: 60 }) }),
  );
  const mutated = fc
    .tuple(fc.constantFrom(...corpus), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([base, ms]) => {
      let p = Uint8Array.from(base);
      for (const m of ms) {
        if (m.kind === "splice" && m.at < p.length) {
          const q = Uint8Array.from(p);
          q.set(m.word.subarray(0, p.length - m.at), m.at);
          p = q;
        } else if (m.kind === "flip" && m.at < p.length) {
          p[m.at] = m.byte;
        } else if (m.kind === "cut") {
          p = p.subarray(0, Math.min(p.length, m.at));
        } else if (m.kind === "tail") {
          const q = new Uint8Array(p.length + m.bytes.length);
          q.set(p);
          q.set(m.bytes, p.length);
          p = q;
        }
      }
      return p;
    });
  const noise = fc.uint8Array({ minLength: 14, maxLength: 160 });
  return fc.sample(fc.oneof({ arbitrary: mutated, weight: 9 }, { arbitrary: noise, weight: 1 }), {
    numRuns: count,
    seed,
  });
}
