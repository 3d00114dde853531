// What the kernel benchmarks share: building examples and baselines, loading them through the
// verifier (with the count of instructions it processed), and timing programs side by side with
// BPF_PROG_TEST_RUN.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { onExit } from "signal-exit";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgram } from "../../dist/src/backend-ebpf/build.js";
import { buildObject } from "../../dist/src/backend-ebpf/kernel-runner.js";
import { compile } from "../../dist/src/compile.js";
import { DiagnosticSink } from "../../dist/src/diagnostics/sink.js";
import { nodeHost } from "../../dist/src/node-host.js";

export const bpftool = (...args) =>
  spawnSync("bpftool", args, { encoding: "utf8", maxBuffer: 1 << 30 });

/**
 * Loads `obj` as program type `type`, pinned at `${pin}-${name}`. -d makes libbpf print the
 * verifier log, whose last line has "processed N insns"; the load may then fail on the log's
 * size, so the program is loaded again without it.
 */
export function load(obj, name, type, pin) {
  const verbose = bpftool("-d", "prog", "load", obj, `${pin}-${name}-log`, "type", type);
  spawnSync("rm", ["-f", `${pin}-${name}-log`]);
  const processed = /processed (\d+) insns/.exec(verbose.stderr + verbose.stdout)?.[1] ?? "n/a";
  const r = bpftool("prog", "load", obj, `${pin}-${name}`, "type", type);
  if (r.status !== 0) throw new Error(`cannot load ${name}: ${r.stderr}`);
  const info = JSON.parse(bpftool("-j", "prog", "show", "pinned", `${pin}-${name}`).stdout);
  return { path: `${pin}-${name}`, info, processed };
}

/**
 * ns/packet of each program on one packet: rounds of one BPF_PROG_TEST_RUN per program, in turn,
 * so that load changes on a shared machine hit every program alike; the median per program.
 */
export function nsPerPacket(paths, packet, repeat, work, rounds = 9) {
  const f = join(work, "pkt.bin");
  writeFileSync(f, packet);
  const runs = paths.map(() => []);
  for (let r = 0; r < rounds; r++)
    paths.forEach((path, i) => {
      const out = JSON.parse(
        bpftool("-j", "prog", "run", "pinned", path, "data_in", f, "repeat", String(repeat)).stdout,
      );
      runs[i].push(out.duration);
    });
  return runs.map((xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
}

/** A bench's working state: a scratch folder, a pin prefix, and the sink builds report to. */
export class Bench {
  constructor(name, type) {
    this.type = type;
    this.work = mkdtempSync(join(tmpdir(), `p4flow-bench-${name}-`));
    this.pin = `/sys/fs/bpf/p4flow-bench-${name}-${process.pid}`;
    this.sink = new DiagnosticSink();
    // An interrupted bench (Ctrl-C, a kill, an exception) removes its pins and folder too.
    this.unhook = onExit(() => this.remove());
  }

  fail() {
    throw new Error(this.sink.diagnostics.map((d) => d.message).join("\n"));
  }

  /** An example compiled to the IR (`rel` under examples/). */
  example(rel) {
    const r = compile({
      file: new URL(`../../examples/${rel}`, import.meta.url).pathname,
      host: nodeHost(),
      stopAfter: "ir",
    });
    if (!r.ir) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
    return r;
  }

  /** p4flow's program for `r` (options as for buildProgram), built and loaded as `base`. */
  generated(r, base, options = {}) {
    const built = buildProgram(
      r.ir,
      r.layout,
      base,
      { target: this.type, object: true, ...options },
      this.sink,
    );
    if (!built) this.fail();
    writeFileSync(join(this.work, `${base}.bpf.o`), built.obj);
    writeFileSync(join(this.work, `${base}.h`), built.h);
    return { ...load(join(this.work, `${base}.bpf.o`), base, this.type, this.pin), built };
  }

  /** C source text built (with the headers already in the folder) and loaded as `base`. */
  c(text, base) {
    writeFileSync(join(this.work, `${base}.bpf.c`), text);
    const obj = buildObject(this.work, base, this.sink);
    if (!obj) this.fail();
    return load(obj, base, this.type, this.pin);
  }

  /** A hand-written baseline from bench/baseline/. */
  baseline(file, base) {
    return this.c(readFileSync(new URL(`../baseline/${file}`, import.meta.url), "utf8"), base);
  }

  /** A program that does nothing but return `verdict`: the floor every cost is measured above. */
  empty(context, verdict) {
    return this.c(
      `#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\nSEC("${this.type}") int empty(${context} *ctx) { return ${verdict}; }\nchar LICENSE[] SEC("license") = "GPL";\n`,
      "empty",
    );
  }

  /** Per packet: each program's cost above `floor`, from interleaved rounds. */
  costs(floor, programs, hex) {
    const [f, ...ns] = nsPerPacket(
      [floor.path, ...programs.map((p) => p.path)],
      Buffer.from(hex, "hex"),
      100000,
      this.work,
    );
    return { floor: f, ns: ns.map((x) => x - f) };
  }

  close() {
    this.unhook();
    this.remove();
  }

  remove() {
    spawnSync("sh", ["-c", `rm -rf ${this.pin}-*`]);
    rmSync(this.work, { recursive: true, force: true });
  }
}
