// Running packets through a loaded program with BPF_PROG_TEST_RUN, reading the key map back after
// each: the native runner (built once with cc and libbpf, test-runner-source.ts), or when it cannot
// be built, many packets per bpftool process through `bpftool batch file`. LoadedProgram
// (kernel-runner.ts) chooses.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import { FLOW_KEYS_SIZE } from "../ir/flow-keys.js";
import { release, removeAtExit } from "./exit-cleanup.js";
import type { TargetKind } from "./target.js";
import { TEST_RUNNER_C } from "./test-runner-source.js";

export interface KernelRun {
  /** The program's return code (its verdict). */
  readonly retval: number;
  readonly key: Uint8Array;
  /** A flow dissector's `struct bpf_flow_keys` after the run (data_out). */
  readonly flowKeys?: Uint8Array;
}

/** What a run needs of a loaded program: its pins and its type. */
export interface RunnableProgram {
  readonly pinDir: string;
  readonly keyMap: string;
  readonly type: TargetKind;
}

const BATCH = 1_500;
const NATIVE_BATCH = 20_000;

let nativeBuilt: string | null | undefined;

/**
 * The native test runner (test-runner-source.ts), built once per machine and source version into
 * the temporary directory with the C compiler and libbpf; undefined when they are missing, and
 * the runner then falls back to `bpftool batch`.
 */
export function nativeRunner(): string | undefined {
  if (nativeBuilt !== undefined) return nativeBuilt ?? undefined;
  const hash = createHash("sha256").update(TEST_RUNNER_C).digest("hex").slice(0, 12);
  const dir = join(tmpdir(), `p4flow-test-runner-${hash}`);
  const exe = join(dir, "runner");
  if (!existsSync(exe)) {
    mkdirSync(dir, { recursive: true });
    const src = join(dir, `runner-${process.pid}.c`);
    writeFileSync(src, TEST_RUNNER_C);
    const tmp = `${exe}.${process.pid}`;
    const r = spawnSync("cc", ["-O2", "-o", tmp, src, "-lbpf"], { encoding: "utf8" });
    rmSync(src, { force: true });
    if (r.error || r.status !== 0) {
      nativeBuilt = null;
      return undefined;
    }
    renameSync(tmp, exe);
  }
  nativeBuilt = exe;
  return exe;
}

/** The value size of a pinned map, from bpftool. */
export function mapValueSize(pin: string): number | undefined {
  const r = spawnSync("bpftool", ["-j", "map", "show", "pinned", pin], { encoding: "utf8" });
  try {
    const size = (JSON.parse(r.stdout) as { bytes_value?: number }).bytes_value;
    return typeof size === "number" ? size : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the packets through the native runner, NATIVE_BATCH per process. */
export function runNative(
  runner: string,
  prog: RunnableProgram,
  keySize: number,
  packets: readonly Uint8Array[],
  flags: number | readonly number[],
  sink: DiagnosticSink,
): (KernelRun | undefined)[] {
  const out: (KernelRun | undefined)[] = [];
  const dissector = prog.type === "flow_dissector";
  const head = dissector ? 8 : 4;
  const extra = dissector ? FLOW_KEYS_SIZE : 0;
  for (let start = 0; start < packets.length; start += NATIVE_BATCH) {
    const chunk = packets.slice(start, start + NATIVE_BATCH);
    const input = Buffer.alloc(chunk.reduce((n, p) => n + head + p.length, 0));
    let at = 0;
    chunk.forEach((p, i) => {
      input.writeUInt32LE(p.length, at);
      if (dissector)
        input.writeUInt32LE(
          (typeof flags === "number" ? flags : (flags[start + i] ?? 0)) >>> 0,
          at + 4,
        );
      input.set(p, at + head);
      at += head + p.length;
    });
    const args = [`${prog.pinDir}/prog`, prog.keyMap, String(keySize)];
    if (dissector) args.push("flow_dissector");
    const r = spawnSync(runner, args, {
      input,
      maxBuffer: chunk.length * (keySize + 8 + extra) + 1024,
    });
    const stdout = r.stdout as Buffer | null;
    const record = 8 + keySize + extra;
    if (r.error || r.status !== 0 || !stdout || stdout.length !== chunk.length * record) {
      sink.report(messages.kernelRunFailed, undefined, {
        reason: (r.error?.message ?? String(r.stderr ?? "") ?? "the test runner failed")
          .trim()
          .slice(0, 500),
      });
      return out;
    }
    for (let i = 0; i < chunk.length; i++) {
      const base = i * record;
      const status = stdout.readInt32LE(base);
      out.push(
        status !== 0
          ? undefined
          : {
              retval: stdout.readUInt32LE(base + 4),
              key: Uint8Array.from(stdout.subarray(base + 8, base + 8 + keySize)),
              ...(dissector
                ? {
                    flowKeys: Uint8Array.from(stdout.subarray(base + 8 + keySize, base + record)),
                  }
                : {}),
            },
      );
    }
  }
  return out;
}

/** Runs the packets through `bpftool batch file`, BATCH per process (no flow keys). */
export function runBatch(
  prog: RunnableProgram,
  packets: readonly Uint8Array[],
  sink: DiagnosticSink,
): (KernelRun | undefined)[] {
  const work = mkdtempSync(join(tmpdir(), "p4flow-run-"));
  removeAtExit(work);
  const out: (KernelRun | undefined)[] = [];
  try {
    for (let start = 0; start < packets.length; start += BATCH) {
      const chunk = packets.slice(start, start + BATCH);
      const lines: string[] = [];
      chunk.forEach((p, i) => {
        const f = join(work, `${start + i}.bin`);
        writeFileSync(f, p);
        lines.push(
          `prog run pinned ${prog.pinDir}/prog data_in ${f} repeat 1`,
          `map lookup pinned ${prog.keyMap} key 0 0 0 0`,
        );
      });
      const batch = join(work, "batch.txt");
      writeFileSync(batch, lines.join("\n") + "\n");
      const r = spawnSync("bpftool", ["-j", "batch", "file", batch], {
        encoding: "utf8",
        maxBuffer: 1 << 28,
      });
      let results: {
        command: string[];
        output: { retval?: number; value?: string[]; error?: string };
      }[];
      try {
        results = JSON.parse(r.stdout);
      } catch {
        sink.report(messages.kernelRunFailed, undefined, {
          reason: (r.stderr || r.stdout || "bpftool printed nothing").trim().slice(0, 500),
        });
        return out;
      }
      // bpftool stops a batch at the first failing command; rerun the rest after it.
      for (let i = 0; i < chunk.length; i++) {
        const run = results[2 * i]?.output;
        const look = results[2 * i + 1]?.output;
        if (!run || run.error !== undefined || !look?.value) {
          out.push(undefined);
          if (results.length < 2 * chunk.length) {
            const rest = runBatch(prog, chunk.slice(i + 1), sink);
            out.push(...rest);
            break;
          }
          continue;
        }
        out.push({
          retval: run.retval ?? -1,
          key: Uint8Array.from(look.value.map((h) => parseInt(h, 16))),
        });
      }
    }
  } finally {
    release(work);
  }
  return out;
}
