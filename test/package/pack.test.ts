// The npm package as a user gets it: `npm pack`, the tarball installed into a scratch project,
// the library imported and used (a program compiled from memory, a packet interpreted, a program
// with a relative include compiled from disk through "p4flow/node"), the bin run, a TypeScript
// consumer type-checked with `--module nodenext`, and publint's verdict. And `npm pack` on an
// unbuilt clone: `prepack` builds, so it ships the real package, not three files.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "p4flow-pack-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

const consumer = `import { compile, compileInterpreter, decodeKey, memoryHost } from "p4flow";
import { nodeHost } from "p4flow/node";
import type { CompileResult, InterpResult } from "p4flow";

const source = \`#include <core.p4>
#include <p4flow.p4>
header eth_t { bit<48> dst; bit<48> src; bit<16> type; }
struct hs { eth_t eth; }
parser P(packet_in p, out hs hdr) { state start { p.extract(hdr.eth); transition accept; } }
FlowExtract(P()) main;
\`;
const r: CompileResult = compile({ file: "/p.p4", host: memoryHost({ "/p.p4": source }), stopAfter: "ir" });
if (!r.ok || !r.ir || !r.layout) throw new Error("compile failed");
const packet = Uint8Array.from({ length: 14 }, (_, i) => i);
const out: InterpResult = compileInterpreter(r.ir, r.layout)(packet);
const view = decodeKey(r.layout, out.key);
// From disk, the include found beside the file that includes it; the result says what it holds.
const disk = compile({ file: "disk/main.p4", host: nodeHost(), stopAfter: "ir" });
const checked = compile({ file: "disk/main.p4", host: nodeHost() });
console.log(JSON.stringify({
  outcome: view.outcome,
  type: view.fields.find(([p]) => p === "hdr.eth.type")?.[1],
  disk: [disk.ok, disk.completed, disk.layout?.headers.map((h) => h.path)],
  checked: [checked.ok, checked.completed, checked.layout === undefined],
}));
`;

describe("the npm package", () => {
  it("packs, installs, imports, runs its bin and type-checks a consumer", () => {
    // The build is current (npm test builds first); rebuilding here would race other tests.
    const tarball = run(
      "npm",
      ["pack", "--ignore-scripts", "--pack-destination", work, "--silent"],
      root,
    ).trim();
    const files = run("tar", ["-tzf", join(work, tarball)], work).split("\n");
    expect(files).toContain("package/LICENSE");
    expect(files).toContain("package/dist/src/node-host.js");
    expect(files).toContain("package/dist/src/index.js");
    expect(files).toContain("package/dist/src/index.d.ts");
    expect(files).toContain("package/bin/p4flow.js");
    expect(files.some((f) => f.startsWith("package/test/") || f.startsWith("package/src/"))).toBe(
      false,
    );

    const app = join(work, "app");
    execFileSync("mkdir", ["-p", app]);
    writeFileSync(
      join(app, "package.json"),
      JSON.stringify({ name: "app", private: true, type: "module" }),
    );
    run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--silent", join(work, tarball)],
      app,
    );
    writeFileSync(join(app, "consumer.ts"), consumer);
    writeFileSync(
      join(app, "consumer.mjs"),
      consumer.replace(/^import type.*\n/m, "").replace(/: (CompileResult|InterpResult)/g, ""),
    );
    mkdirSync(join(app, "disk", "inc"), { recursive: true });
    writeFileSync(
      join(app, "disk", "main.p4"),
      consumer.split("`")[1]!.replace(/header eth_t [^\n]*\n/, '#include "inc/eth.p4"\n'),
    );
    writeFileSync(
      join(app, "disk", "inc", "eth.p4"),
      "header eth_t { bit<48> dst; bit<48> src; bit<16> type; }\n",
    );
    expect(JSON.parse(run(process.execPath, ["consumer.mjs"], app))).toEqual({
      outcome: "accept",
      type: "3085",
      disk: [true, "ir", ["hdr.eth"]],
      checked: [true, "check", true],
    });
    // The bin, as npx would run it.
    const bin = join(app, "node_modules", ".bin", "p4flow");
    expect(run(bin, ["--version"], app).trim()).toMatch(/^\d+\.\d+\.\d+/);
    writeFileSync(join(app, "p.p4"), consumer.split("`")[1]!);
    expect(run(bin, ["check", "p.p4"], app)).toBe("");
    // A TypeScript consumer, resolved the way Node resolves it.
    const tsc = join(root, "node_modules", ".bin", "tsc");
    run(
      tsc,
      [
        "--noEmit",
        "--strict",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--target",
        "es2022",
        "--skipLibCheck",
        "false",
        "--types",
        "node",
        "--typeRoots",
        join(root, "node_modules", "@types"),
        "consumer.ts",
      ],
      app,
    );
    expect(readdirSync(join(app, "node_modules", "p4flow", "dist", "src")).length).toBeGreaterThan(
      5,
    );
  }, 240_000); // an npm install and a tsc run: slow on a busy machine

  it("builds itself when packed from an unbuilt clone (prepack)", () => {
    const clone = join(work, "clone");
    const head = run("git", ["rev-parse", "HEAD"], root).trim();
    run("git", ["clone", "--quiet", "--no-checkout", root, clone], work);
    run("git", ["checkout", "--quiet", "--detach", head], clone);
    expect(existsSync(join(clone, "dist"))).toBe(false);
    symlinkSync(join(root, "node_modules"), join(clone, "node_modules"));
    const [report] = JSON.parse(run("npm", ["pack", "--dry-run", "--json"], clone)) as {
      files: { path: string }[];
    }[];
    const paths = report!.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "LICENSE",
        "dist/src/index.js",
        "dist/src/index.d.ts",
        "dist/src/node-host.js",
        "dist/p4flow.mjs",
        "bin/p4flow.js",
      ]),
    );
    expect(paths.length).toBeGreaterThan(100);
  }, 300_000);

  it("passes publint", () => {
    const out = run(join(root, "node_modules", ".bin", "publint"), ["--strict"], root);
    expect(out).toContain("All good!");
  });
});
