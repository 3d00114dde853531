// What the kernel benchmarks share: loading an object through the verifier (with the count of
// instructions it processed) and timing programs side by side with BPF_PROG_TEST_RUN.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { writeFileSync } from "node:fs";

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
