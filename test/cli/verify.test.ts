// Layout identity end to end: `p4flow verify` against the object's stored fingerprint (match,
// another layout, an edited layout, a file that is no object, an object without a fingerprint),
// the object's BTF for the key and flow-stats structs against the layout (bpftool btf dump), and
// map names that stay whole and distinct within the kernel's 15 characters.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KERNEL_NAME_CHARS, mapNames, valueSetMapName } from "../../src/backend-ebpf/map-names.js";
import type { FlowKeyLayout } from "../../src/layout/layout.js";
import { readObjectFingerprint } from "../../src/layout/object-fingerprint.js";
import { runCli } from "../support/cli.js";
import { exampleFiles } from "../support/examples.js";
import { requireTool } from "../support/toolchain.js";
import { compileFile } from "../support/compile.js";

const root = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "p4flow-i15-verify-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function build(example: string, out: string, ...flags: string[]): Promise<FlowKeyLayout> {
  const r = await runCli([join(root, "examples", example), "-o", join(dir, out), ...flags]);
  expect(r).toMatchObject({ code: 0, stderr: "" });
  const base = example.replace(/\.p4$/, "");
  return JSON.parse(readFileSync(join(dir, out, `${base}.layout.json`), "utf8")) as FlowKeyLayout;
}

describe("p4flow verify", () => {
  it("accepts the object's own layout and refuses any other, naming both", async (ctx) => {
    if (!requireTool("clang", (m) => ctx.skip(m), "apt-get install clang llvm")) return;
    const std = await build("standard.p4", "std");
    const tun = await build("tunnels.p4", "tun", "--emit", "json");
    const obj = join(dir, "std", "standard.bpf.o");
    expect(readObjectFingerprint(readFileSync(obj))).toEqual({
      kind: "found",
      fingerprint: std.fingerprint,
    });
    const ok = await runCli(["verify", obj, join(dir, "std", "standard.layout.json")]);
    expect(ok).toMatchObject({ code: 0, stderr: "" });
    expect(ok.stdout).toContain(std.fingerprint);

    const other = await runCli(["verify", obj, join(dir, "tun", "tunnels.layout.json")]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("P4F3101[layout-mismatch]");
    expect(other.stderr).toContain(std.fingerprint);
    expect(other.stderr).toContain(tun.fingerprint);

    // A layout edited by hand no longer hashes to its fingerprint.
    const edited = { ...std, fields: std.fields.map((f, i) => (i === 5 ? { ...f, bits: 7 } : f)) };
    writeFileSync(join(dir, "edited.layout.json"), JSON.stringify(edited));
    const bad = await runCli(["verify", obj, join(dir, "edited.layout.json")]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("P4F3103[layout-edited]");

    const notObject = await runCli([
      "verify",
      join(dir, "std", "standard.h"),
      join(dir, "std", "standard.layout.json"),
    ]);
    expect(notObject.code).toBe(1);
    expect(notObject.stderr).toContain("P4F4140[not-a-bpf-object]");

    writeFileSync(
      join(dir, "plain.c"),
      'int x(void) { return 0; }\nchar LICENSE[] __attribute__((section("license"))) = "GPL";\n',
    );
    execFileSync("clang", [
      "-O2",
      "-target",
      "bpf",
      "-c",
      join(dir, "plain.c"),
      "-o",
      join(dir, "plain.o"),
    ]);
    const none = await runCli([
      "verify",
      join(dir, "plain.o"),
      join(dir, "std", "standard.layout.json"),
    ]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("P4F4141[no-layout-fingerprint]");

    const missing = await runCli([
      "verify",
      join(dir, "nothing.o"),
      join(dir, "std", "standard.layout.json"),
    ]);
    expect(missing.code).toBe(2);
  }, 60_000);

  it("gives the key and flow-stats structs in BTF the header's members and offsets", async (ctx) => {
    if (!requireTool("clang", (m) => ctx.skip(m), "apt-get install clang llvm")) return;
    if (!requireTool("bpftool", (m) => ctx.skip(m), "apt-get install bpftool", ["version"])) return;
    for (const [out, flags] of [
      ["btf-net", ["--flow-table", "16"]],
      ["btf-packed", ["--flow-table", "16", "--key-packed", "--key-byte-order", "host"]],
    ] as const) {
      const layout = await build("standard.p4", out, ...flags);
      const btf = JSON.parse(
        execFileSync("bpftool", ["-j", "btf", "dump", "file", join(dir, out, "standard.bpf.o")], {
          encoding: "utf8",
        }),
      ) as {
        types: {
          id: number;
          kind: string;
          name: string;
          size?: number;
          members?: { name: string; bits_offset: number }[];
          vars?: { type_id: number }[];
        }[];
      };
      const struct = (name: string) =>
        btf.types.find((t) => t.kind === "STRUCT" && t.name === name)!;
      const key = struct("StandardParser_key");
      expect(key.size).toBe(layout.size);
      expect(key.members!.map((m) => [m.name, m.bits_offset / 8])).toEqual(
        layout.fields.map((f) => [f.cName, f.offset]),
      );
      const stats = struct("StandardParser_flow_stats");
      expect(stats.size).toBe(layout.flowStats.size);
      expect(stats.members!.map((m) => [m.name, m.bits_offset / 8])).toEqual(
        layout.flowStats.fields.map((f) => [f.name, f.offset]),
      );
      const fp = btf.types.find((t) => t.kind === "VAR" && t.name === "p4flow_layout_fingerprint")!;
      const rodata = btf.types.find((t) => t.kind === "DATASEC" && t.name === ".rodata")!;
      expect(rodata.vars!.map((v) => v.type_id)).toContain(fp.id);
    }
  }, 60_000);
});

describe("map names", () => {
  it("are whole and distinct within the kernel's 15 characters for every example", () => {
    const seen = new Set<string>();
    for (const file of exampleFiles().filter((f) => !f.endsWith("/protocols.p4"))) {
      const r = compileFile(file);
      const names = Object.values(mapNames(r.ir!.name));
      for (const n of names) expect(n.length, n).toBeLessThanOrEqual(KERNEL_NAME_CHARS);
      expect(new Set(names).size).toBe(names.length);
      for (const n of names) seen.add(n);
    }
    expect(seen.size).toBe(4 * 4);
    expect(mapNames("StandardParser").flows).toBe("Standard_flows");
    const sets = [
      valueSetMapName("AVeryLongParserNameIndeed", { id: 1, name: "allowed_ports" }),
      valueSetMapName("AVeryLongParserNameIndeed", { id: 12, name: "allowed_ports" }),
      valueSetMapName("AVeryLongParserNameIndeed", { id: 2, name: "allowed_ports" }),
    ];
    for (const n of sets) expect(n.length).toBeLessThanOrEqual(KERNEL_NAME_CHARS);
    expect(new Set(sets).size).toBe(3);
  });
});
