// Command-line inputs for the fuzzer: flags drawn from every command's options with valid,
// edge and malformed values, and output locations that cannot be written (a file, /dev/null,
// /dev/full, a directory where an output's name is taken by a directory).

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Rng } from "./rng.js";

const VALUES: Readonly<Record<string, readonly string[]>> = {
  "--target": ["xdp", "tc", "flow_dissector", "lib", "", "XDP", "sk_skb"],
  "--emit": ["c", "c,h", "h,json,ts", "c,obj", "obj", "", "c,,h", "x", "c,c", "json"],
  "--key-output": ["map", "meta", "map,meta", "none", "", "nowhere", "meta,none"],
  "--flow-table": ["1", "0", "-1", "1024", "99999999999", "abc", "1e3"],
  "--on-reject": ["pass", "drop", "", "x"],
  "--on-accept": ["pass", "drop", "maybe"],
  "--key-map": ["percpu", "array", "hash"],
  "--key-byte-order": ["network", "host", "little"],
  "--max-parser-iterations": ["1", "64", "4096", "0", "4097", "-5", "x", "1.5", "1e2"],
  "--max-errors": ["0", "1", "-1", "x", "100000000000000000000"],
  "--diagnostics-format": ["text", "json", "xml"],
  "--arch": ["p4flow", "v1model", "psa", "ebpf", "xdp", "nope"],
  "--parser": ["P", "Nope", "", "main"],
  "-D": ["X", "X=1", "=1", "X=", "1X", "X(a)=a", "__LINE__"],
  "-U": ["X", "", "__FILE__"],
  "-I": ["/nonexistent", ".", "/dev/null", ""],
  "--Werror": ["unused-local", "", "nope", ","],
  "--Wdisable": ["unused-local", "nope"],
  "--Wwarn": ["unused-local", "nope"],
  "--pp": ["-", "/dev/null", "/dev/full", "/nonexistent/x.p4"],
  "--clang": ["clang", "", "/bin/false", "/nonexistent/clang", "/bin/true", "/etc/passwd"],
};
const SWITCHES = [
  "--key-packed",
  "-E",
  "--parse-only",
  "--dump-ir",
  "--help",
  "-V",
  "--bogus",
  "-",
  "--",
];

export interface CommandLine {
  readonly args: string[];
  /** The output directory the oracle watches, when the command compiles. */
  readonly outDir?: string;
}

/**
 * A random command line around `file` (a valid or mutated program). `work` is a scratch folder
 * for output locations; it may be pre-filled with an old set of outputs.
 */
export function randomCommandLine(rng: Rng, file: string, work: string): CommandLine {
  const command = rng.pick(["", "", "check", "run", "bogus"]);
  const args: string[] = command === "" ? [] : [command];
  const flags = Object.keys(VALUES);
  for (let k = rng.int(5); k > 0; k--) {
    if (rng.chance(0.15)) args.push(rng.pick(SWITCHES));
    else {
      const flag = rng.pick(flags);
      args.push(flag, rng.pick(VALUES[flag]!));
    }
  }
  if (command === "run") {
    if (rng.chance(0.7)) args.push("--hex", "ffffffffffff0011223344558100002a0800");
    if (rng.chance(0.2)) args.push("--pcap", rng.pick(["/dev/null", "/nonexistent.pcap", file]));
    if (rng.chance(0.2)) args.push("--format", rng.pick(["jsonl", "text", "csv"]));
  }
  let outDir: string | undefined;
  if (command === "") {
    const where = rng.int(8);
    mkdirSync(work, { recursive: true });
    if (where === 0) {
      const f = join(work, "a-file");
      writeFileSync(f, "not a directory\n");
      args.push("-o", f);
    } else if (where === 1) args.push("-o", rng.pick(["/dev/null", "/dev/full", "/proc/version"]));
    else if (where === 2) {
      // An output name taken by a directory: the set cannot be written whole.
      outDir = join(work, "out");
      mkdirSync(outDir, { recursive: true });
      const base = file.replace(/^.*\//, "").replace(/\.p4$/, "");
      mkdirSync(join(outDir, `${base}${rng.pick([".h", ".layout.json", ".key.ts", ".bpf.c"])}`), {
        recursive: true,
      });
      args.push("-o", outDir);
    } else {
      outDir = join(work, "out");
      mkdirSync(outDir, { recursive: true });
      args.push("-o", outDir);
    }
  }
  args.push(file);
  if (rng.chance(0.1)) args.push(rng.pick(["extra.p4", "--", "-o"]));
  return { args, ...(outDir ? { outDir } : {}) };
}
