// Every truncation of every corpus packet (up to 160 bytes; the own corpus, and the shared one
// where it exists) through each example: a cut
// packet either parses as the whole one did, or stops with PacketTooShort; it never yields a
// header the whole packet did not have, nor a header field value the whole packet did not give.
import { join } from "node:path";
import { expect, it } from "vitest";
import { decodeKey } from "../../src/interp/decode.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import { corpora, corpusPackets } from "../support/packets.js";
import { compileFile } from "../support/compile.js";

const root = join(import.meta.dirname, "..", "..");
for (const example of ["standard.p4", "tunnels.p4"])
  for (const corpus of corpora)
    it(`${example}, ${corpus} corpus: truncated packets give PacketTooShort or the whole packet's key, never garbage`, () => {
      const r = compileFile(join(root, "examples", example));
      const run = createInterpreter(r.ir!, r.layout!);
      const packets = corpusPackets(corpus).map((data, index) => ({ data, index: index + 1 }));
      let cuts = 0;
      const problems: string[] = [];
      for (const p of packets) {
        const whole = run(p.data);
        const wholeView = decodeKey(r.layout!, whole.key);
        const wholeFields = new Map(wholeView.fields);
        for (let n = 0; n < Math.min(p.data.length, 160); n++) {
          cuts++;
          const cut = run(p.data.subarray(0, n));
          const view = decodeKey(r.layout!, cut.key);
          const same = Buffer.from(cut.key).equals(Buffer.from(whole.key));
          if (!same && !(cut.outcome === "reject" && view.error === "PacketTooShort"))
            problems.push(`${p.index}@${n}: ${view.outcome} ${view.error}`);
          for (const h of view.valid)
            if (!wholeView.valid.includes(h))
              problems.push(`${p.index}@${n}: ${h} valid only when cut`);
          // Header fields (metadata may hold a value the parser overwrote later in the whole packet).
          for (const [path, v] of view.fields) {
            if (path.startsWith("hdr.") && wholeFields.get(path) !== v)
              problems.push(
                `${p.index}@${n}: ${path} = ${v}, whole packet ${wholeFields.get(path)}`,
              );
          }
        }
      }
      expect(cuts).toBeGreaterThan(corpus === "own" ? 10_000 : 100_000);
      expect(problems.slice(0, 10)).toEqual([]);
    });
