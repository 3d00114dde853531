// Reference interpreter throughput on the standard example: packets per second over the shared
// corpus (warm, median of several passes). Prints the figure; the aim (2 million/s) is not a test.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compile } from "../dist/src/compile.js";
import { DiagnosticSink } from "../dist/src/diagnostics/sink.js";
import { createInterpreter } from "../dist/src/interp/interpreter.js";
import { readCapture } from "../dist/src/interp/pcap.js";
import { nodeHost } from "../dist/src/node-host.js";

const root = new URL("..", import.meta.url).pathname;
const corpus = join(root, "..", "shared", "corpus", "pcaps");
const r = compile({
  file: join(root, "examples", "standard.p4"),
  host: nodeHost(),
  stopAfter: "ir",
});
const run = createInterpreter(r.ir, r.layout);
const packets = readdirSync(corpus)
  .filter((f) => /\.pcap(ng)?$/.test(f))
  .flatMap(
    (f) => readCapture(readFileSync(join(corpus, f)), f, new DiagnosticSink())?.packets ?? [],
  )
  .map((p) => p.data);
for (const p of packets) run(p);
const rates = [];
for (let pass = 0; pass < 5; pass++) {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 500) for (const p of packets) (run(p), n++);
  rates.push(n / ((performance.now() - t0) / 1000));
}
rates.sort((a, b) => a - b);
console.log(
  `interpreter: standard example over the corpus (${packets.length} packets): ${Math.round(rates[2]).toLocaleString("en")} packets/s (median of 5; aim: 2,000,000)`,
);
