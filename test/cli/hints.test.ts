// Hints that must lead somewhere: `--list-warnings` (which P4F4006 points to), the `--Werror`
// help, `run --help`'s wording, `lsp` in the README, `check --parse-only`, a suggestion for a
// misspelled configuration key (and keys of other commands left alone), `--pp -` printing the
// user's file and not the built-in headers, and `--watch` compiling once on start.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { allMessages } from "../../src/diagnostics/catalog.js";
import { formatCode } from "../../src/diagnostics/message.js";
import { runCli } from "../support/cli.js";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "p4flow-i14-hints-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const program = (body = "") => `#include <core.p4>
#include <p4flow.p4>
#include "hdrs.p4"
struct hs { h_t h; }
parser P(packet_in p, out hs hdr) {
    state start { ${body}p.extract(hdr.h); transition accept; }
}
FlowExtract(P()) main;
`;

function project(name: string, files: Record<string, string> = {}): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "prog.p4"), program());
  writeFileSync(join(dir, "hdrs.p4"), "header h_t { bit<8> a; }\n");
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

describe("warnings by name", () => {
  const warnings = allMessages().filter((m) => m.severity === "warning");

  it("--list-warnings prints every warning's name, code and meaning", async () => {
    const r = await runCli(["--list-warnings"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(warnings.length);
    for (const w of warnings) {
      const line = lines.find((l) => l.startsWith(`${w.name} `));
      expect(line, w.name).toContain(formatCode(w.code));
      expect(line!.length).toBeGreaterThan(w.name.length + 20);
    }
    expect(lines.join("\n")).not.toMatch(/\{\w+\}/);
  });

  it("the unknown-name error points to it, and every listed name is accepted", async () => {
    const dir = project("names");
    const bad = await runCli(["check", join(dir, "prog.p4"), "--Wdisable=unused-decl"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("run 'p4flow --list-warnings' to see them");
    const names = warnings.map((w) => w.name).join(",");
    expect(await runCli(["check", join(dir, "prog.p4"), `--Wdisable=${names}`])).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });

  it("--Werror takes names or nothing, as its help says", async () => {
    const help = (await runCli(["--help"])).stdout.replace(/\s+/g, " ");
    expect(help).toContain("--Werror [names]");
    expect(help).toContain("bare --Werror");
    const dir = project("werror", { "prog.p4": program("bit<8> unused = 1; ") });
    const file = join(dir, "prog.p4");
    expect((await runCli(["check", file])).code).toBe(0);
    expect((await runCli(["check", file, "--Werror"])).code).toBe(1);
    expect((await runCli(["check", "--Werror", file])).code).toBe(1);
    expect((await runCli(["check", file, "--Werror=unused-declaration"])).code).toBe(1);
    expect((await runCli(["check", file, "--Werror=unreachable-state"])).code).toBe(0);
  });
});

describe("what the help and the README say", () => {
  it("run --help says which interpreter computes the keys, as the README does", async () => {
    const help = (await runCli(["run", "--help"])).stdout.replace(/\s+/g, " ");
    expect(help).toContain("the compiled one");
    expect(help).not.toContain("with the reference interpreter");
  });

  it("the README's command list has every command, lsp included", async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const list = readme.slice(readme.indexOf("## Command line"));
    for (const command of ["check", "run", "lsp"])
      expect(list).toMatch(new RegExp(`^p4flow ${command} `, "m"));
    expect(list).toContain("--list-warnings");
  });
});

describe("check --parse-only", () => {
  it("reports syntax only", async () => {
    const dir = project("parse-only", { "prog.p4": program("bit<8> x = true; ") });
    const file = join(dir, "prog.p4");
    expect((await runCli(["check", file])).code).toBe(1);
    expect(await runCli(["check", "--parse-only", file])).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
    writeFileSync(file, program("this is not P4 "));
    expect((await runCli(["check", "--parse-only", file])).code).toBe(1);
  });
});

describe("the project configuration", () => {
  it("suggests the option a misspelled key meant", async () => {
    const dir = project("typo", { "p4flow.config.json": '{"taret": "tc"}' });
    const r = await runCli([join(dir, "prog.p4"), "-o", join(dir, "out")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'taret' is not an option of 'p4flow' (did you mean 'target'?)");
  });

  it("serves every command: check and run leave the compile options alone", async () => {
    const dir = project("shared", {
      "p4flow.config.json": JSON.stringify({ target: "tc", output: "build", emit: "c,h" }),
    });
    expect(await runCli(["check", join(dir, "prog.p4")])).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
    const run = await runCli(["run", join(dir, "prog.p4"), "--hex", "01"]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
  });
});

describe("--pp", () => {
  it("prints the user's file formatted, its includes kept, not the built-in headers", async () => {
    const dir = project("pp");
    const r = await runCli(["--pp", "-", join(dir, "prog.p4")]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain('#include <core.p4>\n#include <p4flow.p4>\n#include "hdrs.p4"\n');
    expect(r.stdout).toContain("parser P(packet_in p, out hs hdr) {\n  state start {\n");
    expect(r.stdout).not.toContain("extern packet_in");
    expect(r.stdout).not.toContain("header h_t");
    // What it prints compiles to the same, and printing it again changes nothing.
    writeFileSync(join(dir, "pretty.p4"), r.stdout);
    const again = await runCli(["--pp", "-", join(dir, "pretty.p4")]);
    expect(again).toEqual({ code: 0, stdout: r.stdout, stderr: "" });
  });
});

describe("--watch", () => {
  it("compiles once on start and watches the user's files only", async () => {
    const dir = project("watch");
    const child = spawn(
      process.execPath,
      [
        join(root, "bin", "p4flow.js"),
        join(dir, "prog.p4"),
        "--watch",
        "--emit",
        "h",
        "-o",
        join(dir, "out"),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let err = "";
    child.stderr.on("data", (d) => (err += String(d)));
    const lines = () => err.split("\n").filter((l) => /^\[\d\d:\d\d:\d\d\] /.test(l));
    try {
      const deadline = Date.now() + 20_000;
      while (lines().length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      // Long enough for several polls (every 100 ms) to have fired.
      await new Promise((r) => setTimeout(r, 1500));
      expect(lines()).toHaveLength(1);
      expect(lines()[0]).toMatch(/compiled .*prog\.p4 in \d+ ms; watching 2 files$/);
    } finally {
      child.kill("SIGINT");
      await new Promise((r) => child.once("exit", r));
    }
  });
});
