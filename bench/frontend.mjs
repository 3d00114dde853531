// Frontend throughput: preprocess + parse + lower of a generated 10,000+ line program, warm,
// median of several runs. Prints MB/s; the target (2 MB/s or more) is a figure, not a test.
import { DiagnosticSink } from "../dist/src/diagnostics/sink.js";
import { memoryHost } from "../dist/src/frontend/host.js";
import { parseP4 } from "../dist/src/frontend/parse.js";
import { preprocess } from "../dist/src/frontend/preprocess.js";

function generate(headers) {
  const parts = ["#include <core.p4>", "#define WIDTH 16"];
  for (let i = 0; i < headers; i++) {
    parts.push(
      `header h${i}_t {`,
      "    bit<4> version;",
      "    bit<4> ihl;",
      "    bit<WIDTH> len;",
      "    bit<32> addr;",
      "}",
    );
  }
  parts.push(
    "struct headers_t {",
    ...Array.from({ length: headers }, (_, i) => `    h${i}_t h${i};`),
    "}",
  );
  parts.push("parser P(packet_in p, out headers_t hdr) {");
  for (let i = 0; i < headers; i++) {
    const next = i + 1 < headers ? `s${i + 1}` : "accept";
    parts.push(
      `    state s${i} {`,
      `        p.extract(hdr.h${i});`,
      `        transition select(hdr.h${i}.version, hdr.h${i}.len) {`,
      `            (4, 0x0800 &&& 0xff00): ${next};`,
      `            (6, 1 .. 9): ${next};`,
      "            default: reject;",
      "        }",
      "    }",
    );
  }
  parts.push("}");
  return parts.join("\n") + "\n";
}

const text = generate(800);
const lines = text.split("\n").length;
const host = memoryHost({ "/bench.p4": text });
function once() {
  const sink = new DiagnosticSink();
  const t0 = performance.now();
  const pp = preprocess(
    { path: "/bench.p4", text },
    host,
    { includePaths: [], defines: [], undefines: [] },
    sink,
  );
  parseP4(pp.text, pp.map, sink);
  const ms = performance.now() - t0;
  if (sink.hasErrors()) throw new Error("the generated program has errors");
  return ms;
}
for (let i = 0; i < 3; i++) once();
const runs = Array.from({ length: 7 }, once).sort((a, b) => a - b);
const median = runs[3];
const mb = Buffer.byteLength(text) / 1e6;
console.log(`frontend: ${lines} lines, ${mb.toFixed(2)} MB`);
console.log(
  `  preprocess+parse+lower (warm, median of 7): ${median.toFixed(1)} ms = ${(mb / (median / 1000)).toFixed(2)} MB/s (target: 2 MB/s)`,
);

// The type checker alone, warm: milliseconds per 1,000 lines of the same generated program.
{
  const { check } = await import("../dist/src/typecheck/check.js");
  const sink = new DiagnosticSink();
  const pp = preprocess(
    { path: "/bench.p4", text },
    host,
    { includePaths: [], defines: [], undefines: [] },
    sink,
  );
  const program = parseP4(pp.text, pp.map, sink);
  const time = () => {
    const t0 = performance.now();
    check(program, new DiagnosticSink());
    return performance.now() - t0;
  };
  for (let i = 0; i < 3; i++) time();
  const ms = Array.from({ length: 7 }, time).sort((a, b) => a - b)[3];
  console.log(
    `  type check alone (warm, median of 7): ${ms.toFixed(1)} ms = ${((ms * 1000) / lines).toFixed(2)} ms per 1,000 lines`,
  );
}

// The whole pipeline up to the IR (preprocess, parse, check, lower, layout), warm, on examples.
{
  const { compile } = await import("../dist/src/compile.js");
  const { nodeHost } = await import("../dist/src/node-host.js");
  const { readFileSync } = await import("node:fs");
  for (const rel of ["tunnels.p4", "flow_dissector/flow_dissector.p4", "ovs/ovs.p4"]) {
    const file = new URL(`../examples/${rel}`, import.meta.url).pathname;
    const n = readFileSync(file, "utf8").split("\n").length;
    const nodes = nodeHost();
    const time = () => {
      const t0 = performance.now();
      const r = compile({ file, host: nodes, stopAfter: "ir" });
      if (!r.ir) throw new Error(`${rel} does not compile`);
      return performance.now() - t0;
    };
    // The JIT needs a few dozen runs before the figure settles.
    for (let i = 0; i < 30; i++) time();
    const ms = Array.from({ length: 21 }, time).sort((a, b) => a - b)[10];
    console.log(
      `  ${rel} (${n} lines${rel.includes("ovs") ? "" : " + 168 of protocols.p4"}) up to the IR (warm, median of 21): ${ms.toFixed(1)} ms (aim: under 10 ms for 500 lines)`,
    );
  }
}
