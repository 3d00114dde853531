// The npm package as a user gets it: `npm pack`, the tarball installed into a scratch project,
// the library imported and used (a program compiled from memory, a packet interpreted), the bin
// run, a TypeScript consumer type-checked with `--module nodenext`, and publint's verdict.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "p4flow-pack-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

const consumer = `import { compile, compileInterpreter, decodeKey, memoryHost } from "p4flow";
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
console.log(JSON.stringify({ outcome: view.outcome, type: view.fields.find(([p]) => p === "hdr.eth.type")?.[1] }));
`;

describe("the npm package", () => {
  it("packs, installs, imports, runs its bin and type-checks a consumer", () => {
    const tarball = run("npm", ["pack", "--pack-destination", work, "--silent"], root).trim();
    const files = run("tar", ["-tzf", join(work, tarball)], work).split("\n");
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
    expect(JSON.parse(run(process.execPath, ["consumer.mjs"], app))).toEqual({
      outcome: "accept",
      type: "3085",
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
  });

  it("passes publint", () => {
    const out = run(join(root, "node_modules", ".bin", "publint"), ["--strict"], root);
    expect(out).toContain("All good!");
  });
});
