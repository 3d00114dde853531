// Interpreter throughput on the standard example, the reference and the compiled engine side by
// side: packets per second over the corpora (the project's own, generated, and the shared one
// beside the repository when it is there) and on one Ethernet/IPv4/TCP packet (warm, median of
// several passes). Prints figures; the aim (2 million/s) is not a test.
import { join } from "node:path";
import { tsImport } from "tsx/esm/api";
import { compile } from "../dist/src/compile.js";
import { createInterpreter } from "../dist/src/interp/interpreter.js";
import { compileInterpreter } from "../dist/src/interp/compiled.js";
import { nodeHost } from "../dist/src/node-host.js";

const root = new URL("..", import.meta.url).pathname;
// The corpus helpers are the tests' (TypeScript, run through tsx): one list of captures.
const { allCorpusPackets, corpora } = await tsImport("../test/support/packets.ts", import.meta.url);
const r = compile({
  file: join(root, "examples", "standard.p4"),
  host: nodeHost(),
  stopAfter: "ir",
});
const engines = {
  reference: createInterpreter(r.ir, r.layout),
  compiled: compileInterpreter(r.ir, r.layout),
};
const packets = allCorpusPackets();
const tcp = Buffer.from(
  "ffffffffffff00112233445508004500002800010000400611e60a0000010a000002003500500000000000000000500220000000000000",
  "hex",
);

function rate(run, set) {
  for (const p of set) run(p);
  const rates = [];
  for (let pass = 0; pass < 5; pass++) {
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < 400) for (const p of set) (run(p), n++);
    rates.push(n / ((performance.now() - t0) / 1000));
  }
  return rates.sort((a, b) => a - b)[2];
}

const fmt = (x) => Math.round(x).toLocaleString("en");
const figures = {};
for (const [name, run] of Object.entries(engines))
  figures[name] = { corpus: rate(run, packets), tcp: rate(run, [tcp]) };
console.log(
  `interpreter, standard example (medians of 5 passes; aim: 2,000,000 packets/s for Ethernet/IPv4/TCP):`,
);
for (const [name, f] of Object.entries(figures))
  console.log(
    `  ${name}: ${fmt(f.corpus)} packets/s over the corpus (${packets.length} packets: ${corpora.join(" + ")}), ${fmt(f.tcp)} packets/s on one Ethernet/IPv4/TCP packet`,
  );
console.log(
  `  compiled / reference: ${(figures.compiled.corpus / figures.reference.corpus).toFixed(1)}x on the corpus, ${(figures.compiled.tcp / figures.reference.tcp).toFixed(1)}x on Ethernet/IPv4/TCP`,
);
