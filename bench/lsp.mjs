// Editor and start-up latency, side by side with the code before the editor work (commit
// e2e6125, "today" in issue 16), both measured in the same run, interleaved so that load on the
// machine falls on both alike:
// - language server: from a didChange notification to the diagnostics published for it, on a
//   generated 2,000-line program, with each server spawned as an editor spawns it (median of 25
//   edits after a warm-up; includes each server's debounce);
// - cold CLI: a whole process writing the standard example's C (median of 9);
// - warm compile: in-process compile to IR and layout of the standard example, about 500 lines
//   with its includes (median of 60, CPU time of the thread); the same text each time, so what
//   a build keeps between compiles of an unchanged program (the parse, src/parse-reuse.ts) is
//   kept, as for a --watch or editor recompile.
// The edit of the language-server run changes one line, so a build that keeps the parse of
// unchanged declarations reparses one chunk of the file.
// The base is built once into a temporary folder (git archive + tsc + bundle, a minute or two)
// and reused. Prints figures and ratios; the aims (30 ms, 200 ms, 5 ms) are not tests.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-jsonrpc/node.js";

const BASE_COMMIT = "e2e6125";
const root = new URL("..", import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The base commit built into a temporary folder (reused between runs); undefined without git. */
function baseBuild() {
  const dir = join(tmpdir(), `p4flow-bench-base-${BASE_COMMIT}`);
  if (existsSync(join(dir, "dist", "p4flow.mjs"))) {
    // Reused: its node_modules link may name a checkout that is gone; point it at this one's.
    rmSync(join(dir, "node_modules"), { force: true });
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
    return dir;
  }
  try {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync("git", ["-C", root, "archive", BASE_COMMIT], {
      maxBuffer: 1 << 30,
    });
    execFileSync("tar", ["-x", "-C", dir], { input: archive });
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
    console.log(`building ${BASE_COMMIT} into ${dir} for the "today" column...`);
    execFileSync(
      process.execPath,
      [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
      {
        cwd: dir,
        stdio: "inherit",
      },
    );
    execFileSync(process.execPath, ["scripts/bundle-cli.mjs"], { cwd: dir, stdio: "inherit" });
    return dir;
  } catch (e) {
    console.log(`(no "today" column: building ${BASE_COMMIT} failed: ${e.message})`);
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

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

/** A language server of a build, opened on the program; edit(v) resolves with ms to diagnostics. */
async function server(dir, uri, text) {
  const child = spawn(process.execPath, [join(dir, "bin", "p4flow.js"), "lsp", "--stdio"], {
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
  const opened = await p;
  return {
    opened,
    async edit(v) {
      const edited = text.replace("bit<16> len;", `bit<16> len${v};`);
      p = next();
      const t0 = performance.now();
      await conn.sendNotification("textDocument/didChange", {
        textDocument: { uri, version: v },
        contentChanges: [{ text: edited }],
      });
      await p;
      return performance.now() - t0;
    },
    async close() {
      await conn.sendRequest("shutdown");
      await conn.sendNotification("exit");
    },
  };
}

const base = baseBuild();
const builds = [...(base ? [["today", base]] : []), ["now", root]];
const row = (what, figures, unit, aim) => {
  const cells = builds.map(([name], i) => `${name} ${figures[i].toFixed(1)} ${unit}`);
  const ratio = figures.length === 2 ? `; now/today ${(figures[1] / figures[0]).toFixed(2)}` : "";
  console.log(`${what}: ${cells.join(", ")}${ratio} (aim: ${aim} ${unit})`);
};

// Language server: the two servers edited in turn.
const text = program(200);
const lines = text.split("\n").length;
const work = mkdtempSync(join(tmpdir(), "p4flow-bench-lsp-"));
const uri = pathToFileURL(join(work, "big.p4")).href;
const servers = [];
for (const [, dir] of builds) servers.push(await server(dir, uri, text));
const edits = servers.map(() => []);
for (let v = 2; v < 32; v++)
  for (let i = 0; i < servers.length; i++) {
    const ms = await servers[i].edit(v);
    if (v > 6) edits[i].push(ms);
  }
for (const s of servers) await s.close();
rmSync(work, { recursive: true, force: true });
row(
  `language server, change to diagnostics on a ${lines}-line program (median of ${edits[0].length}, debounce included)`,
  edits.map(median),
  "ms",
  30,
);

// Cold CLI: whole processes, alternating builds.
const outDir = mkdtempSync(join(tmpdir(), "p4flow-bench-cold-"));
const cold = builds.map(() => []);
for (let r = 0; r < 9; r++)
  for (let i = 0; i < builds.length; i++) {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [
      join(builds[i][1], "bin", "p4flow.js"),
      join(root, "examples", "standard.p4"),
      "-o",
      outDir,
      "--emit",
      "c,h",
    ]);
    cold[i].push(performance.now() - t0);
    if (run.status !== 0) throw new Error(`${builds[i][0]}: exit ${run.status}: ${run.stderr}`);
  }
rmSync(outDir, { recursive: true, force: true });
row(
  "CLI cold run to C (standard example, whole process, median of 9)",
  cold.map(median),
  "ms",
  200,
);

// Warm compile: both libraries in this process, alternating.
const libraries = [];
for (const [, dir] of builds) {
  const { compile } = await import(pathToFileURL(join(dir, "dist", "src", "compile.js")).href);
  const { nodeHost } = await import(pathToFileURL(join(dir, "dist", "src", "node-host.js")).href);
  libraries.push({ compile, host: nodeHost() });
}
const file = join(root, "examples", "standard.p4");
const preprocessedLines = libraries[0]
  .compile({ file, host: libraries[0].host, stopAfter: "preprocess" })
  .preprocessed.text.split("\n").length;
const warm = builds.map(() => []);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (let r = 0; r < 80; r++)
  for (let i = 0; i < libraries.length; i++) {
    const { compile, host } = libraries[i];
    const t0 = cpuMs();
    compile({ file, host, stopAfter: "ir" });
    if (r >= 20) warm[i].push(cpuMs() - t0);
  }
row(
  `warm in-process compile to IR and layout (standard example, ${preprocessedLines} lines with its includes, CPU median of 60)`,
  warm.map(median),
  "ms",
  5,
);
