// Project defaults from p4flow.config.json or package.json, overridden by flags; malformed
// configurations as one clear line and exit 2; and --watch following the file and its includes
// through edits, syntax errors, deletion and return.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "p4flow-config-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const program = (extra = "") => `#include <core.p4>
#include <p4flow.p4>
#include "hdrs.p4"
struct hs { h_t h; }
parser P(packet_in p, out hs hdr) { state start { p.extract(hdr.h); transition accept; } }
FlowExtract(P()) main;
${extra}`;

function project(name: string, config: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "src", "prog.p4"), program());
  writeFileSync(join(dir, "src", "hdrs.p4"), "header h_t { bit<8> a; }\n");
  for (const [f, text] of Object.entries(config)) writeFileSync(join(dir, f), text);
  return dir;
}

describe("project configuration", () => {
  it("takes defaults from p4flow.config.json, relative to it, and lets flags win", async () => {
    const dir = project("cfg", {
      "p4flow.config.json": JSON.stringify({ target: "tc", emit: "c,h", output: "build" }),
    });
    expect(await runCli([join(dir, "src", "prog.p4")], work)).toMatchObject({ code: 0 });
    expect(readFileSync(join(dir, "build", "prog.bpf.c"), "utf8")).toContain('SEC("tc")');
    expect(await runCli([join(dir, "src", "prog.p4"), "--target", "xdp"], work)).toMatchObject({
      code: 0,
    });
    expect(readFileSync(join(dir, "build", "prog.bpf.c"), "utf8")).toContain('SEC("xdp")');
  });

  it("reads the p4flow field of package.json", async () => {
    const dir = project("pkg", {
      "package.json": JSON.stringify({ name: "x", p4flow: { "key-byte-order": "host" } }),
    });
    const r = await runCli(
      [join(dir, "src", "prog.p4"), "--emit", "h", "-o", join(dir, "o")],
      work,
    );
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "o", "prog.h"), "utf8")).toContain("in host order");
    const check = await runCli(
      ["check", join(dir, "src", "prog.p4"), "--key-byte-order", "sideways"],
      work,
    );
    expect(check.code).toBe(2);
  });

  it("reports a malformed configuration in one line with exit 2", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ "p4flow.config.json": "{ target: tc" }, "p4flow.config.json: not valid JSON"],
      [{ "p4flow.config.json": "[1]" }, "must be a JSON object"],
      [{ "p4flow.config.json": '{"frobnicate": 1}' }, "'frobnicate' is not an option of 'p4flow'"],
      [
        { "p4flow.config.json": '{"target": "sparc"}' },
        "'target' must be one of xdp, tc, flow_dissector, lib, not 'sparc'",
      ],
      [{ "p4flow.config.json": '{"include-dir": 3}' }, "'include-dir' takes a list of strings"],
      [{ "package.json": '{"p4flow": "tc"}' }, 'the "p4flow" field must be a JSON object'],
    ];
    let i = 0;
    for (const [files, message] of cases) {
      const dir = project(`bad${i++}`, files);
      const r = await runCli([join(dir, "src", "prog.p4"), "-o", join(dir, "out")], work);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("error P4F4008[bad-config]: Bad project configuration:");
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("--watch", () => {
  it("recompiles on changes to the file and its includes, and survives errors and deletion", async () => {
    const dir = project("watch", {});
    const file = join(dir, "src", "prog.p4");
    const child = spawn(
      process.execPath,
      [join(root, "bin", "p4flow.js"), file, "--watch", "--emit", "c,h", "-o", join(dir, "out")],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let err = "";
    child.stderr.on("data", (d) => (err += String(d)));
    const lines = () => err.split("\n").filter((l) => /^\[\d\d:\d\d:\d\d\] /.test(l));
    // The status after an action: a line newer than `before` that says `pattern`. Editors (and
    // writeFileSync) may be seen halfway, so intermediate lines are allowed.
    const settle = async (before: number, pattern: RegExp) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const all = lines();
        if (all.length > before && pattern.test(all.at(-1)!)) return all.at(-1)!;
        if (Date.now() > deadline) return `timed out; lines: ${all.slice(before).join(" | ")}`;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      expect(await settle(0, /compiled/)).toMatch(
        /compiled .*prog\.p4 in \d+ ms; watching \d+ files/,
      );
      let n = lines().length;
      writeFileSync(join(dir, "src", "hdrs.p4"), "header h_t { bit<8> a; bit<8> b; }\n");
      expect(await settle(n, /compiled/)).toMatch(/compiled/);
      // The new field reaches the key header (a rebuild may also have run before the change).
      const deadline = Date.now() + 15_000;
      while (
        !readFileSync(join(dir, "out", "prog.h"), "utf8").includes("hdr_h_b") &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 50));
      expect(readFileSync(join(dir, "out", "prog.h"), "utf8")).toContain("hdr_h_b");
      n = lines().length;
      writeFileSync(file, program("this is not P4"));
      expect(await settle(n, /failed/)).toMatch(/failed/);
      n = lines().length;
      unlinkSync(file);
      expect(await settle(n, /failed/)).toMatch(/failed .*watching 1 file$/);
      n = lines().length;
      writeFileSync(file, program());
      expect(await settle(n, /compiled/)).toMatch(/compiled/);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill("SIGINT");
      await new Promise((r) => child.once("exit", r));
    }
    expect(child.exitCode).toBe(0);
  });
});
