// Loaded programs are pinned under /sys/fs/bpf/p4flow-<pid>-<random>; no process may leave such a
// folder behind, however it ends: a `p4flow run --kernel` that finishes, one interrupted midway
// by Ctrl-C or SIGTERM, and a program using the kernel runner that throws or exits after loading.
// (The built CLI and library: run after `npm run build`, as `npm test` does.)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { kernelAvailable } from "../support/kernel.js";
import { root } from "../support/captures.js";
import { writePcap } from "../support/pcap-writer.js";

const example = join(root, "examples", "standard.p4");
const tcpFrame = Buffer.from(
  "ffffffffffff00112233445508004500002800010000400611e60a0000010a000002003500500000000000000000500220000000000000",
  "hex",
);
const capture = writePcap([0, 1, 2].map((i) => ({ data: tcpFrame, timeUs: i })));

/** The pin folders a process of this id left (or still has). */
const pinsOf = (pid: number | undefined) =>
  readdirSync("/sys/fs/bpf").filter((n) => n.startsWith(`p4flow-${pid}-`));

describe("pin folders", () => {
  it("are gone after a run --kernel that finished", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const r = spawnSync(
      process.execPath,
      [
        join(root, "bin", "p4flow.js"),
        "run",
        example,
        "--kernel",
        "--pcap",
        "-",
        "--format",
        "jsonl",
      ],
      { input: capture },
    );
    expect(r.stderr.toString()).toBe("");
    expect(r.status).toBe(0);
    // It did load and run the program: one key line per packet.
    expect(r.stdout.toString().trim().split("\n")).toHaveLength(3);
    expect(pinsOf(r.pid)).toEqual([]);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const)
    it(`are gone after a run --kernel interrupted by ${signal} while it waits for packets`, async (ctx) => {
      if (!kernelAvailable((m) => ctx.skip(m))) return;
      const child = spawn(
        process.execPath,
        [join(root, "bin", "p4flow.js"), "run", example, "--kernel", "--pcap", "-"],
        { stdio: ["pipe", "ignore", "pipe"] },
      );
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += String(d)));
      const ended = new Promise<NodeJS.Signals | number | null>((resolve) =>
        child.on("exit", (code, sig) => resolve(sig ?? code)),
      );
      // A capture that never ends: the header and one packet, standard input left open.
      child.stdin.write(capture.subarray(0, 24 + 16 + tcpFrame.length));
      const deadline = Date.now() + 50_000;
      while (pinsOf(child.pid).length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const loaded = pinsOf(child.pid);
      child.kill(signal);
      expect(await ended).toBe(signal);
      expect(stderr).toBe("");
      expect(loaded).toHaveLength(1);
      expect(pinsOf(child.pid)).toEqual([]);
    });

  describe("of a program using the kernel runner that fails after loading", () => {
    const work = mkdtempSync(join(tmpdir(), "p4flow-pin-cleanup-"));
    afterAll(() => rmSync(work, { recursive: true, force: true }));
    /** Loads an empty XDP program through the built library, prints its pin folder, then `end`s. */
    const script = (end: string) => `
      import { writeFileSync } from "node:fs";
      import { buildObject, LoadedProgram } from ${JSON.stringify(join(root, "dist", "src", "backend-ebpf", "kernel-runner.js"))};
      import { DiagnosticSink } from ${JSON.stringify(join(root, "dist", "src", "diagnostics", "sink.js"))};
      const work = ${JSON.stringify(work)};
      writeFileSync(work + "/e.bpf.c", '#include <linux/bpf.h>\\n#include <bpf/bpf_helpers.h>\\nSEC("xdp") int e(struct xdp_md *c) { return XDP_PASS; }\\nchar LICENSE[] SEC("license") = "GPL";\\n');
      const sink = new DiagnosticSink();
      const obj = buildObject(work, "e", sink);
      const prog = obj && LoadedProgram.load(obj, "xdp", "none", sink);
      if (!prog) throw new Error(sink.diagnostics.map((d) => d.message).join("; "));
      console.log(prog.pinDir);
      ${end}
    `;

    for (const [how, end, status] of [
      ["throws", 'throw new Error("midway");', 1],
      ["exits", "process.exit(3);", 3],
    ] as const)
      it(`${how}`, (ctx) => {
        if (!kernelAvailable((m) => ctx.skip(m))) return;
        const r = spawnSync(process.execPath, ["--input-type=module", "-e", script(end)], {
          encoding: "utf8",
        });
        const pinDir = r.stdout.trim();
        expect(pinDir).toMatch(new RegExp(`^/sys/fs/bpf/p4flow-${r.pid}-`));
        expect(r.status).toBe(status);
        if (how === "throws") expect(r.stderr).toContain("midway");
        expect(existsSync(pinDir)).toBe(false);
      });
  });
});
