// Language-server latency: from a didChange notification to the diagnostics published for it, on
// a generated 2,000-line program, with the server spawned as an editor spawns it (median of 25
// edits after a warm-up). Also the cold CLI run to C output for the standard example and the warm
// in-process compile time. Prints figures; the aims (30 ms, 200 ms, 5 ms) are not tests.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-jsonrpc/node.js";
import { compile } from "../dist/src/compile.js";
import { nodeHost } from "../dist/src/node-host.js";

const root = new URL("..", import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function program(states) {
  const parts = ["#include <core.p4>", "#include <p4flow.p4>"];
  for (let i = 0; i < states; i++)
    parts.push(
      `header h${i}_t {`,
      "    bit<4> version;",
      "    bit<4> ihl;",
      "    bit<16> len;",
      "}",
    );
  parts.push("struct hs {", ...Array.from({ length: states }, (_, i) => `    h${i}_t h${i};`), "}");
  parts.push("parser P(packet_in p, out hs hdr) {");
  const name = (i) => (i === 0 ? "start" : `s${i}`);
  for (let i = 0; i < states; i++) {
    const next = i + 1 < states ? name(i + 1) : "accept";
    parts.push(
      `    state ${name(i)} {`,
      `        p.extract(hdr.h${i});`,
      `        transition select(hdr.h${i}.version) { 4: ${next}; default: reject; }`,
      "    }",
    );
  }
  parts.push("}", "FlowExtract(P()) main;");
  return parts.join("\n") + "\n";
}

const text = program(200);
const lines = text.split("\n").length;

const work = mkdtempSync(join(tmpdir(), "p4flow-bench-lsp-"));
const uri = pathToFileURL(join(work, "big.p4")).href;
const child = spawn(process.execPath, [join(root, "bin", "p4flow.js"), "lsp", "--stdio"], {
  stdio: ["pipe", "pipe", "inherit"],
});
const conn = createMessageConnection(
  new StreamMessageReader(child.stdout),
  new StreamMessageWriter(child.stdin),
);
let waiting;
conn.onNotification("textDocument/publishDiagnostics", (p) => {
  if (p.uri === uri && waiting) waiting(p.diagnostics);
});
conn.listen();
await conn.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
await conn.sendNotification("initialized", {});
const next = () => new Promise((resolve) => (waiting = resolve));
let p = next();
await conn.sendNotification("textDocument/didOpen", {
  textDocument: { uri, languageId: "p4", version: 1, text },
});
const first = await p;
const times = [];
for (let v = 2; v < 32; v++) {
  const edited = text.replace("bit<16> len;", `bit<16> len${v};`);
  p = next();
  const t0 = performance.now();
  await conn.sendNotification("textDocument/didChange", {
    textDocument: { uri, version: v },
    contentChanges: [{ text: edited }],
  });
  await p;
  if (v > 6) times.push(performance.now() - t0);
}
await conn.sendRequest("shutdown");
await conn.sendNotification("exit");
rmSync(work, { recursive: true, force: true });
console.log(
  `language server: change to diagnostics on a ${lines}-line program: ${median(times).toFixed(1)} ms median of ${times.length} (includes the 15 ms debounce; ${first.length} diagnostics on open; aim: 30 ms)`,
);

// Cold CLI: a whole process writing the standard example's C.
const cold = [];
const outDir = mkdtempSync(join(tmpdir(), "p4flow-bench-cold-"));
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, [
    join(root, "bin", "p4flow.js"),
    join(root, "examples", "standard.p4"),
    "-o",
    outDir,
    "--emit",
    "c,h",
  ]);
  cold.push(performance.now() - t0);
}
rmSync(outDir, { recursive: true, force: true });
const warm = [];
const file = join(root, "examples", "standard.p4");
for (let i = 0; i < 40; i++) {
  const t0 = performance.now();
  compile({ file, host: nodeHost(), stopAfter: "ir" });
  if (i >= 10) warm.push(performance.now() - t0);
}
console.log(
  `CLI cold run to C (standard example, whole process): ${median(cold).toFixed(0)} ms median of 7 (aim: 200 ms); warm in-process compile to IR and layout: ${median(warm).toFixed(1)} ms median of 30 (aim: 5 ms)`,
);
