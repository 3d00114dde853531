// Building by hand what p4flow generates: the build line printed at the top of a generated
// program works as printed (in the output folder, on Debian's multiarch include layout), and
// examples/lib, a program of one's own around the lib target's parse header, builds with its
// Makefile, loads through the verifier and keeps the interpreter's key and verdict for every
// corpus packet, counting each flow as the interpreter's keys say.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LoadedProgram } from "../../src/backend-ebpf/kernel-runner.js";
import { renderText } from "../../src/diagnostics/render-text.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import { compareWithInterpreter } from "../support/kernel-compare.js";
import { kernelAvailable } from "../support/kernel.js";
import { allCorpusPackets } from "../support/packets.js";
import { requireTool } from "../support/toolchain.js";
import { compileFile } from "../support/compile.js";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "p4flow-i14-lib-"));
const loaded: LoadedProgram[] = [];
afterAll(() => {
  loaded.forEach((p) => p.unload());
  rmSync(work, { recursive: true, force: true });
});
const p4flow = (args: string[]) =>
  execFileSync(process.execPath, [join(root, "bin", "p4flow.js"), ...args], { encoding: "utf8" });

describe("the build line in a generated program", () => {
  for (const [file, target] of [
    ["standard.p4", "xdp"],
    [join("flow_dissector", "flow_dissector.p4"), "flow_dissector"],
  ] as const)
    it(`builds ${file} (${target}) as printed`, (ctx) => {
      if (!requireTool("clang", (m) => ctx.skip(m), "apt-get install clang llvm")) return;
      const out = join(work, `line-${target}`);
      p4flow([join(root, "examples", file), "--target", target, "--emit", "c,h", "-o", out]);
      const base = file.split("/").pop()!.replace(/\.p4$/, "");
      const source = readFileSync(join(out, `${base}.bpf.c`), "utf8");
      const line = /Build: (.*?) \*\//.exec(source)?.[1];
      expect(line).toBe(
        `clang -O2 -g -target bpf -I/usr/include/$(clang -print-multiarch) -c ${base}.bpf.c -o ${base}.bpf.o`,
      );
      const r = spawnSync("bash", ["-c", line!], { cwd: out, encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(existsSync(join(out, `${base}.bpf.o`))).toBe(true);
    });
});

describe("examples/lib: a program of one's own around the lib target", () => {
  it("builds with its Makefile, and in the kernel keeps the interpreter's keys, verdicts and flows", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    if (!requireTool("make", (m) => ctx.skip(m), "apt-get install make")) return;
    const out = join(work, "lib");
    const make = spawnSync("make", ["-C", join(root, "examples", "lib"), `OUT=${out}`], {
      encoding: "utf8",
    });
    expect(make.stderr).toBe("");
    expect(make.status).toBe(0);
    const parseH = readFileSync(join(out, "standard.parse.h"), "utf8");
    expect(parseH).toMatch(/^\/\* standard\.parse\.h: /);

    const sink = new DiagnosticSink();
    const prog = LoadedProgram.load(join(out, "flow_counter.bpf.o"), "xdp", "fc_last", sink);
    expect(renderText(sink.diagnostics)).toBe("");
    loaded.push(prog!);
    const r = compileFile(join(root, "examples", "standard.p4"));
    const interp = createInterpreter(r.ir!, r.layout!);
    const packets = allCorpusPackets().filter((p) => p.length >= 14 && p.length <= 3500);
    const built = {
      ir: r.ir!,
      layout: r.layout!,
      prog: prog!,
      interp,
      verdicts: { accept: 2, reject: 1 }, // XDP_PASS, XDP_DROP
      close: () => {},
    };
    expect(compareWithInterpreter(built, packets)).toEqual([]);

    // Each packet ran once: its flow counted under the interpreter's key, with its length.
    const expected = new Map<string, { packets: number; bytes: number }>();
    for (const p of packets) {
      const k = Buffer.from(interp(p).key).toString("hex");
      const e = expected.get(k) ?? { packets: 0, bytes: 0 };
      expected.set(k, { packets: e.packets + 1, bytes: e.bytes + p.length });
    }
    const table = prog!.dumpMap("fc_flows", sink)!;
    expect(renderText(sink.diagnostics)).toBe("");
    const got = new Map(
      table.map((e) => {
        const v = Buffer.from(e.value);
        const stats = {
          packets: Number(v.readBigUInt64LE(0)),
          bytes: Number(v.readBigUInt64LE(8)),
        };
        return [Buffer.from(e.key).toString("hex"), stats] as const;
      }),
    );
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
  });
});
