import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../../src/version.js";
import { runCli } from "../support/cli.js";
import { kernelAvailable } from "../support/kernel.js";
import { corpusDir } from "../support/packets.js";

const root = join(import.meta.dirname, "..", "..");
const example = join(root, "examples", "standard.p4");
const dissector = join(root, "examples", "flow_dissector", "flow_dissector.p4");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "p4flow-cli-"));
  writeFileSync(join(dir, "bad.p4"), "header h {\n  bit<8> x\n}\n");
  writeFileSync(join(dir, "macros.p4"), "#ifdef WIDE\nconst bit<16> W = VALUE;\n#endif\n");
  writeFileSync(join(dir, "inc.p4"), '#include "lib.p4"\n');
  mkdirSync(join(dir, "lib"));
  writeFileSync(join(dir, "lib", "lib.p4"), "const bit<8> L = 1;\n");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("p4flow check", () => {
  it("exits 0 and prints nothing for a good program", async () => {
    expect(await runCli(["check", example])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("prints gcc-shaped diagnostics and exits 1 for a bad one", async () => {
    const r = await runCli(["check", "bad.p4"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        `${join(dir, "bad.p4")}:2:11: error P4F1002[unexpected-token]: Expected ';' after the field declaration, found '}'.`,
        "  2 |   bit<8> x",
        "    |           ^",
        "",
      ].join("\n"),
    );
  });

  it("prints JSON diagnostics on request", async () => {
    const r = await runCli(["check", "--diagnostics-format", "json", "bad.p4"], dir);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.stderr);
    expect(parsed).toMatchObject([
      {
        code: "P4F1002",
        name: "unexpected-token",
        severity: "error",
        range: { start: { line: 2, column: 11 } },
      },
    ]);
  });

  it("limits printed errors with --max-errors", async () => {
    writeFileSync(
      join(dir, "many.p4"),
      "header a { bit<8> x }\nheader b { bit<8> y }\nheader c { bit<8> z }\n",
    );
    const r = await runCli(["check", "--max-errors", "1", "many.p4"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.match(/error P4F1002/g)).toHaveLength(1);
    expect(r.stderr).toContain(
      "note P4F4007[too-many-errors]: Stopped after 1 errors (--max-errors); 2 more not shown.",
    );
  });
});

describe("warning flags", () => {
  it("--Werror, --Wwarn and --Wdisable change what a warning does", async () => {
    writeFileSync(
      join(dir, "warn.p4"),
      "#include <core.p4>\nparser P(packet_in p) { state start { transition accept; } state orphan { transition accept; } }\n",
    );
    const plain = await runCli(["check", "warn.p4"], dir);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain("warning P4F2106[unreachable-state]");
    const werror = await runCli(["check", "--Werror", "warn.p4"], dir);
    expect(werror.code).toBe(1);
    expect(werror.stderr).toContain("error P4F2106[unreachable-state]");
    expect(
      (await runCli(["check", "--Werror", "--Wwarn=unreachable-state", "warn.p4"], dir)).code,
    ).toBe(0);
    expect(await runCli(["check", "--Wdisable=unreachable-state", "warn.p4"], dir)).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });
});

describe("preprocessing flags", () => {
  it("-E prints the preprocessed source, honouring -D", async () => {
    const r = await runCli(["-E", "-D", "WIDE", "-DVALUE=7", "macros.p4"], dir);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout.trim()).toBe("const bit<16> W = 7;");
    const off = await runCli(["-E", "-D", "WIDE", "-U", "WIDE", "macros.p4"], dir);
    expect(off.stdout.trim()).toBe("");
  });

  it("-I adds include directories", async () => {
    expect((await runCli(["check", "inc.p4"], dir)).code).toBe(1);
    expect(await runCli(["check", "-I", join(dir, "lib"), "inc.p4"], dir)).toMatchObject({
      code: 0,
      stderr: "",
    });
  });
});

describe("--pp and --parse-only", () => {
  it("prints the program back as P4 that parses to the same print", async () => {
    const out = join(dir, "pretty.p4");
    expect(await runCli(["--pp", out, example])).toMatchObject({ code: 0, stderr: "" });
    const printed = readFileSync(out, "utf8");
    expect(printed).toContain(
      "parser StandardParser(packet_in pkt, out flow_key_t key, inout meta_t meta) {",
    );
    // The user's file, formatted: its includes stay includes (the one beside it is needed again).
    expect(printed).toContain('#include "protocols.p4"');
    expect(printed).not.toContain("extern packet_in");
    copyFileSync(join(root, "examples", "protocols.p4"), join(dir, "protocols.p4"));
    const again = await runCli(["--pp", "-", out]);
    expect(again.stdout).toBe(printed);
    expect(readdirSync(dir).filter((f) => f.includes("p4flow-tmp"))).toEqual([]);
  });

  it("--parse-only stops after parsing", async () => {
    expect(await runCli(["--parse-only", example])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("writes the program, its object and the key layout, named after the source file", async (ctx) => {
    const out = join(dir, "out");
    expect(await runCli([example, "-o", out, "--emit", "c,h,json,ts"])).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
    expect(readdirSync(out).sort()).toEqual([
      "standard.bpf.c",
      "standard.h",
      "standard.key.ts",
      "standard.layout.json",
    ]);
    expect(readFileSync(join(out, "standard.bpf.c"), "utf8")).toContain('SEC("xdp")');
    const tc = await runCli([example, "-o", join(dir, "tc"), "--emit", "c", "--target", "tc"]);
    expect(tc.code).toBe(0);
    expect(readFileSync(join(dir, "tc", "standard.bpf.c"), "utf8")).toContain('SEC("tc")');
    const bad = await runCli([example, "-o", out, "--emit", "c,elf"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Invalid value 'elf' for --emit");
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const withObj = await runCli([example, "-o", join(dir, "obj")]);
    expect(withObj).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readdirSync(join(dir, "obj")).sort()).toEqual([
      "standard.bpf.c",
      "standard.bpf.o",
      "standard.h",
      "standard.key.ts",
      "standard.layout.json",
    ]);
  });

  it("--target lib writes the parse header instead of a program", async () => {
    const out = join(dir, "libout");
    expect(await runCli([example, "-o", out, "--target", "lib"])).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
    expect(readdirSync(out).sort()).toEqual([
      "standard.h",
      "standard.key.ts",
      "standard.layout.json",
      "standard.parse.h",
    ]);
    const h = readFileSync(join(out, "standard.parse.h"), "utf8");
    expect(h).toContain("static __always_inline int StandardParser_parse_xdp(struct xdp_md *ctx");
    expect(h).toContain(
      "static __always_inline int StandardParser_parse_skb(struct __sk_buff *ctx",
    );
    expect(h).not.toContain('SEC("xdp")');
  });

  it("checks --target, --emit, --key-output and --flow-table together", async () => {
    const cases: [string[], string][] = [
      [
        ["--target", "lib", "--emit", "obj"],
        "--emit obj cannot be used together with --target lib",
      ],
      [
        ["--target", "lib", "--flow-table", "64"],
        "--flow-table cannot be used together with --target lib",
      ],
      [
        ["--target", "tc", "--key-output", "meta"],
        "--key-output cannot be used together with --target tc",
      ],
      [["--key-output", "map,disk"], "Invalid value 'disk' for --key-output"],
      [["--flow-table", "0"], "Invalid value '0' for --flow-table"],
      [["--flow-table", "12k"], "Invalid value '12k' for --flow-table"],
      [
        ["--key-output", "none", "--flow-table", "64"],
        "--key-output none cannot be used together with --flow-table",
      ],
      [["--key-output", "none,map"], "Invalid value 'none' for --key-output"],
    ];
    for (const [flags, message] of cases) {
      const r = await runCli([example, "-o", join(dir, "conflict"), "--emit", "c", ...flags]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(() => readdirSync(join(dir, "conflict"))).toThrow();
    const ok = await runCli([
      example,
      "-o",
      join(dir, "flows"),
      "--emit",
      "c",
      "--flow-table",
      "65536",
      "--key-output",
      "map,meta",
    ]);
    expect(ok.code).toBe(0);
    const c = readFileSync(join(dir, "flows", "standard.bpf.c"), "utf8");
    expect(c).toContain("BPF_MAP_TYPE_LRU_HASH");
    expect(c).toContain("__uint(max_entries, 65536);");
    expect(c).toContain("bpf_xdp_adjust_meta");
  });

  it("compiles a FlowDissector program for the flow_dissector target, and only for it", async () => {
    const out = join(dir, "fd");
    const r = await runCli([dissector, "-o", out, "--emit", "c"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const c = readFileSync(join(out, "flow_dissector.bpf.c"), "utf8");
    expect(c).toContain('SEC("flow_dissector")');
    expect(c).toContain("struct bpf_flow_keys *fk = ctx->flow_keys;");
    expect(c).toContain("Dissector_keys");
    const lean = await runCli([dissector, "-o", out, "--emit", "c", "--key-output", "none"]);
    expect(lean.code).toBe(0);
    expect(readFileSync(join(out, "flow_dissector.bpf.c"), "utf8")).not.toContain("Dissector_keys");
    const xdp = await runCli([dissector, "-o", join(dir, "fd-xdp"), "--target", "xdp"]);
    expect(xdp.code).toBe(1);
    expect(xdp.stderr).toContain("P4F3209[dissector-needs-target]");
    const std = await runCli([example, "-o", join(dir, "std-fd"), "--target", "flow_dissector"]);
    expect(std.code).toBe(1);
    expect(std.stderr).toContain("P4F3208[target-needs-dissector]");
    expect(std.stderr).toContain("its metadata is 'meta_t'");
    expect(() => readdirSync(join(dir, "fd-xdp"))).toThrow();
    const lib = await runCli([dissector, "-o", join(dir, "fd-lib"), "--target", "lib"]);
    expect(lib.code).toBe(0);
    const h = readFileSync(join(dir, "fd-lib", "flow_dissector.parse.h"), "utf8");
    expect(h).toContain("Dissector_parse_flow_dissector(struct __sk_buff *ctx");
    expect(h).not.toContain("Dissector_parse_xdp");
  });

  it("runs a FlowDissector program from the network header, with --flow-flags", async () => {
    // Ethernet, IPv4 with MF set (a first fragment), UDP 7 -> 9.
    const frame =
      "ffffffffffff0011223344550800" +
      "450000200001200040110000" +
      "0a0000010a000002" +
      "000700090008" +
      "0000";
    const plain = await runCli(["run", dissector, "--hex", frame, "--format", "jsonl"]);
    expect(plain.code).toBe(0);
    const first = JSON.parse(plain.stdout) as { fields: Record<string, string> };
    expect(first.fields).toMatchObject({
      "flow.nhoff": "14",
      "flow.thoff": "34",
      "flow.is_frag": "true",
      "flow.is_first_frag": "true",
      "flow.dport": "0",
    });
    const parse = await runCli([
      "run",
      dissector,
      "--hex",
      frame,
      "--format",
      "jsonl",
      "--flow-flags",
      "1",
    ]);
    expect((JSON.parse(parse.stdout) as { fields: Record<string, string> }).fields).toMatchObject({
      "flow.sport": "7",
      "flow.dport": "9",
      "flow.flags": "1",
    });
    const bad = await runCli(["run", dissector, "--hex", frame, "--flow-flags", "lots"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Invalid value 'lots' for --flow-flags");
  });

  it("--arch checks the architecture main instantiates", async () => {
    expect(await runCli(["check", example, "--arch", "p4flow"])).toMatchObject({ code: 0 });
    const wrong = await runCli(["check", example, "--arch", "psa"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(
      "error P4F2204[wrong-architecture]: --arch says psa, but the program's main instantiates the p4flow architecture; drop --arch or pass --arch p4flow.\n",
    );
    const v1 = join(root, "test", "grammar", "programs", "v1model-basic.p4");
    expect(await runCli(["check", v1, "--arch", "v1model"])).toMatchObject({ code: 0 });
    expect((await runCli(["check", example, "--arch", "sparc"])).code).toBe(2);
  });

  it("names the missing clang instead of failing obscurely", async () => {
    const r = await runCli([example, "-o", join(dir, "noclang"), "--clang", "/nonexistent/clang"]);
    // A tool that cannot run is the environment's problem, like an unreadable input: exit 2.
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "error P4F3202[tool-missing]: '/nonexistent/clang' is needed to build the BPF object",
    );
    expect(() => readdirSync(join(dir, "noclang"))).toThrow();
  });

  it("--dump-ir prints the parser IR", async () => {
    const r = await runCli([example, "-o", join(dir, "ir"), "--emit", "json", "--dump-ir"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("parser StandardParser (start: start, max iterations: 64)");
    expect(r.stdout).toContain("extract StandardParser.hdr.vlan.next");
  });
});

describe("p4flow run", () => {
  const tcp =
    "ffffffffffff0011223344558100002a08004500002800010000400611e60a0000010a000002003500500000000000000000500220000000000000";
  it("decodes one packet given in hex", async () => {
    const r = await runCli(["run", example, "--hex", tcp]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "packet 1: accept; valid: key.ethernet, key.vlan[0], key.ipv4, key.ports",
    );
    expect(r.stdout).toMatch(/key\.vlan\[0\]\.vid +42\n/);
  });

  it("prints one JSON object per packet of a capture", async () => {
    const pcap = join(corpusDir, "dns_udp.pcap");
    const r = await runCli(["run", example, "--pcap", pcap, "--format", "jsonl"]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(2);
    expect(lines[0]).toMatchObject({
      packet: 1,
      outcome: "accept",
      valid: ["key.ethernet", "key.ipv4", "key.ports"],
      fields: { "key.ports.dst": "53" },
    });
  });

  it("prints the same with --kernel as without it", async (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const pcap = join(corpusDir, "geneve.pcap");
    const interp = await runCli(["run", example, "--pcap", pcap, "--format", "jsonl"]);
    const kernel = await runCli(["run", example, "--pcap", pcap, "--format", "jsonl", "--kernel"]);
    expect(kernel.stderr).toBe("");
    expect(kernel.stdout).toBe(interp.stdout);
    expect(kernel.stdout.split("\n").length).toBeGreaterThan(10);
  });

  it("prints the same for a flow dissector with --kernel as without it, under flags", async (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const pcap = join(corpusDir, "geneve.pcap");
    for (const flags of [[], ["--flow-flags", "7"]]) {
      const args = ["run", dissector, "--pcap", pcap, "--format", "jsonl", ...flags];
      const interp = await runCli(args);
      const kernel = await runCli([...args, "--kernel"]);
      expect(kernel.stderr).toBe("");
      expect(kernel.stdout).toBe(interp.stdout);
      expect(kernel.stdout.split("\n").length).toBeGreaterThan(10);
    }
  });

  it("rejects bad packets and bad captures with one clear line and exit 2", async () => {
    const bad = await runCli(["run", example, "--hex", "abc"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("it has an odd number of digits (3)");
    writeFileSync(join(dir, "junk.pcap"), "not a capture at all");
    const junk = await runCli(["run", example, "--pcap", "junk.pcap"], dir);
    expect(junk.code).toBe(2);
    expect(junk.stderr.trim()).toBe(
      "error P4F4101[not-a-capture]: 'junk.pcap' is not a pcap or pcapng capture (it starts with 6e 6f 74 20).",
    );
    const neither = await runCli(["run", example]);
    expect(neither.code).toBe(2);
  });
});

describe("usage errors exit 2 with one clear line", () => {
  it.each([
    [["--bogus", "x.p4"], "unknown option '--bogus'"],
    [["check"], "missing required argument 'file'"],
    [["check", "--diagnostics-format", "xml", "x.p4"], "--diagnostics-format"],
    [["check", "--max-errors", "lots", "bad.p4"], "Invalid value 'lots' for --max-errors"],
    [["check", "-D", "3x", "bad.p4"], "Invalid value '3x' for -D"],
    [
      ["check", "--Wdisable=no-such-warning", "bad.p4"],
      "'no-such-warning' given to --Wdisable is not the name of a warning",
    ],
    [["check", "missing.p4"], "Cannot read 'missing.p4'"],
    [
      ["check", "--max-parser-iterations", "0", "bad.p4"],
      "Invalid value '0' for --max-parser-iterations",
    ],
    [["check", "--key-byte-order", "middle", "bad.p4"], "--key-byte-order"],
    [
      [example, "-o", "/proc/p4flow-cannot-write", "--emit", "h"],
      "Cannot write '/proc/p4flow-cannot-write/standard.h'",
    ],
  ])("%j", async (args, message) => {
    const r = await runCli(args, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("the installed bin", () => {
  it("prints the version and help, and maps exit codes", () => {
    const bin = join(root, "bin", "p4flow.js");
    expect(execFileSync(process.execPath, [bin, "--version"], { encoding: "utf8" }).trim()).toBe(
      VERSION,
    );
    expect(execFileSync(process.execPath, [bin, "--help"], { encoding: "utf8" })).toContain(
      "Exit codes:",
    );
    const bad = spawnSync(process.execPath, [bin, "check", join(dir, "bad.p4")], {
      encoding: "utf8",
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("P4F1002");
  });

  it("stops quietly when the reader of its output goes away", () => {
    const r = spawnSync("sh", ["-c", `"${process.execPath}" bin/p4flow.js --help | head -1`], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.stdout.split("\n").filter((l) => l !== "")).toHaveLength(1);
    expect(r.stderr).toBe("");
  });

  it("keeps the version equal to package.json's", () => {
    expect(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version).toBe(VERSION);
  });
});
