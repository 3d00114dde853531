// The lib target and the flow table, in the kernel. lib: the generated parse header included in a
// small XDP program and a small tc program written here, as a user would; their keys and verdicts
// must equal the interpreter's. Flow table: after running the corpus, the LRU map holds one entry
// per distinct key with the packet and byte counts the interpreter's keys predict. XDP metadata:
// the packet that comes out (BPF_PROG_TEST_RUN's data_out) starts with the interpreter's key.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emitProgram } from "../../src/backend-ebpf/emit-program.js";
import { buildObject, LoadedProgram } from "../../src/backend-ebpf/kernel-runner.js";
import { renderText } from "../../src/diagnostics/render-text.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import { renderHeader } from "../../src/layout/render-c.js";
import { kernelAvailable } from "../support/kernel.js";
import { compareWithInterpreter, type Built } from "../support/kernel-compare.js";
import { allCorpusPackets } from "../support/packets.js";
import { compileFile, compileText } from "../support/compile.js";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "p4flow-targets-"));
const loaded: LoadedProgram[] = [];
afterAll(() => {
  loaded.forEach((p) => p.unload());
  rmSync(work, { recursive: true, force: true });
});

const r = compileFile(join(root, "examples", "standard.p4"));
const ir = r.ir!;
const layout = r.layout!;

/**
 * Writes `files` into a fresh folder under the work folder, builds `<main>.bpf.c` there and loads
 * it through the verifier (unloaded after the tests); fails the test on any diagnostic.
 */
function buildAndLoad(
  folder: string,
  files: Record<string, string>,
  main: string,
  type: "xdp" | "tc",
  keyMap: string,
): LoadedProgram {
  const dir = join(work, folder);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  const sink = new DiagnosticSink();
  const obj = buildObject(dir, main, sink);
  const prog = obj ? LoadedProgram.load(obj, type, keyMap, sink) : undefined;
  expect(renderText(sink.diagnostics)).toBe("");
  loaded.push(prog!);
  return prog!;
}

/** A user's program around the lib header: its own scratch and key maps, drop on reject. */
function userProgram(kind: "xdp" | "tc"): string {
  const ctx = kind === "xdp" ? "struct xdp_md" : "struct __sk_buff";
  const [pass, drop] = kind === "xdp" ? ["XDP_PASS", "XDP_DROP"] : ["TC_ACT_OK", "TC_ACT_SHOT"];
  return `#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "standard.parse.h"

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct StandardParser_state);
} user_scratch SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct StandardParser_key);
} user_keys SEC(".maps");

SEC("${kind}")
int user_${kind}(${ctx} *ctx) {
    __u32 zero = 0;
    struct StandardParser_state *st = bpf_map_lookup_elem(&user_scratch, &zero);
    struct StandardParser_key *key = bpf_map_lookup_elem(&user_keys, &zero);
    if (!st || !key) return ${pass};
    return StandardParser_parse_${kind === "xdp" ? "xdp" : "skb"}(ctx, st, key) == 1 ? ${pass} : ${drop};
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
`;
}

describe("the lib target", () => {
  for (const kind of ["xdp", "tc"] as const) {
    it(`parses in a user's own ${kind} program exactly as the interpreter`, (ctx) => {
      if (!kernelAvailable((m) => ctx.skip(m))) return;
      const sink = new DiagnosticSink();
      const lib = emitProgram(ir, layout, { target: "lib", headerFile: "standard.h" }, sink);
      expect(renderText(sink.diagnostics)).toBe("");
      const prog = buildAndLoad(
        `lib-${kind}`,
        {
          "standard.h": renderHeader(layout),
          "standard.parse.h": lib!,
          "user.bpf.c": userProgram(kind),
        },
        "user",
        kind,
        "user_keys",
      );
      const built: Built = {
        ir,
        layout,
        prog: prog!,
        interp: createInterpreter(ir, layout),
        verdicts: kind === "xdp" ? { accept: 2, reject: 1 } : { accept: 0, reject: 2 },
        close: () => prog!.unload(),
      };
      expect(compareWithInterpreter(built, allCorpusPackets())).toEqual([]);
    });
  }
});

describe("the flow table", () => {
  it("counts every packet under its key, with bytes and first/last times", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const sink = new DiagnosticSink();
    const c = emitProgram(
      ir,
      layout,
      { target: "xdp", keyMap: "array", flowTable: 4096, headerFile: "standard.h" },
      sink,
    );
    expect(renderText(sink.diagnostics)).toBe("");
    const prog = buildAndLoad(
      "flows",
      { "standard.h": renderHeader(layout), "prog.bpf.c": c! },
      "prog",
      "xdp",
      "Standard_keys",
    );
    const packets = allCorpusPackets().filter((p) => p.length >= 14 && p.length <= 3500);
    const runs = prog!.run(packets, sink);
    expect(runs.every((x) => x !== undefined)).toBe(true);
    // What the table must hold: the interpreter's key of each packet, counted.
    const interp = createInterpreter(ir, layout);
    const expected = new Map<string, { packets: number; bytes: number }>();
    for (const p of packets) {
      const k = Buffer.from(interp(p).key).toString("hex");
      const e = expected.get(k) ?? { packets: 0, bytes: 0 };
      e.packets++;
      e.bytes += p.length;
      expected.set(k, e);
    }
    const table = prog!.dumpMap("Standard_flows", sink)!;
    expect(renderText(sink.diagnostics)).toBe("");
    const got = new Map(
      table.map((e) => {
        const v = Buffer.from(e.value);
        const first = v.readBigUInt64LE(16);
        const last = v.readBigUInt64LE(24);
        expect(first > 0n && last >= first).toBe(true);
        return [
          Buffer.from(e.key).toString("hex"),
          { packets: Number(v.readBigUInt64LE(0)), bytes: Number(v.readBigUInt64LE(8)) },
        ] as const;
      }),
    );
    expect(got.size).toBe(expected.size);
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
  });
});

describe("the key as XDP metadata", () => {
  it("puts the interpreter's key in front of the packet", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const sink = new DiagnosticSink();
    const c = emitProgram(
      ir,
      layout,
      { target: "xdp", keyOutput: ["meta"], headerFile: "standard.h" },
      sink,
    );
    expect(renderText(sink.diagnostics)).toBe("");
    expect(c).not.toContain("Standard_keys SEC");
    const prog = buildAndLoad(
      "meta",
      { "standard.h": renderHeader(layout), "prog.bpf.c": c! },
      "prog",
      "xdp",
      "Standard_kbuf",
    );
    const dir = join(work, "meta");
    const interp = createInterpreter(ir, layout);
    // About a hundred packets of every corpus present.
    const usable = allCorpusPackets().filter((p) => p.length >= 14 && p.length <= 1500);
    const step = Math.max(1, Math.floor(usable.length / 100));
    const sample = usable.filter((_, i) => i % step === 0);
    expect(sample.length).toBeGreaterThan(50);
    const bad: number[] = [];
    sample.forEach((p, i) => {
      const inFile = join(dir, "in.bin");
      const outFile = join(dir, "out.bin");
      writeFileSync(inFile, p);
      const r = spawnSync("bpftool", [
        "prog",
        "run",
        "pinned",
        `${prog!.pinDir}/prog`,
        "data_in",
        inFile,
        "data_out",
        outFile,
      ]);
      expect(r.status).toBe(0);
      const out = readFileSync(outFile);
      const want = Buffer.concat([Buffer.from(interp(p).key), Buffer.from(p)]);
      if (!out.equals(want)) bad.push(i);
    });
    expect(bad).toEqual([]);
  });

  it("is refused with a diagnostic when the key is larger than XDP metadata can be", () => {
    // Five 64-byte headers: a key of more than 252 bytes.
    const source = [
      "#include <core.p4>",
      "#include <p4flow.p4>",
      "header w_t { bit<512> v; }",
      "struct h_t { w_t a; w_t b; w_t c; w_t d; w_t e; }",
      "parser P(packet_in p, out h_t h) {",
      "    state start { p.extract(h.a); p.extract(h.b); p.extract(h.c); p.extract(h.d); p.extract(h.e); transition accept; }",
      "}",
      "FlowExtract(P()) main;",
    ].join("\n");
    const t = compileText(source, { file: "/big.p4" });
    expect(t.layout!.size).toBeGreaterThan(252);
    const sink = new DiagnosticSink();
    const c = emitProgram(
      t.ir!,
      t.layout!,
      { target: "xdp", keyOutput: ["meta"], headerFile: "t.h" },
      sink,
    );
    expect(c).toBeUndefined();
    expect(renderText(sink.diagnostics)).toContain(
      `a flow key of ${t.layout!.size} bytes in XDP metadata`,
    );
  });
});
