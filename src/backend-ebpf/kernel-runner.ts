// The kernel runner (Node only): builds the generated C with clang, loads the object through the
// real verifier with bpftool, and runs packets with BPF_PROG_TEST_RUN, reading the key map back
// after each one: through a small native runner built with cc and libbpf when they are there,
// else many per bpftool process through `bpftool batch file`. Used by the tests and by
// `p4flow run --kernel`.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import { release, removeAtExit } from "./exit-cleanup.js";
import { TEST_RUNNER_C } from "./test-runner-source.js";
import { PROGRAM_TYPE, type TargetKind } from "./target.js";
import { FLOW_KEYS_SIZE } from "../ir/flow-keys.js";
import { MAX_EXPRESSION_DEPTH } from "../frontend/lower-expressions.js";

export interface KernelRun {
  /** The program's return code (its verdict). */
  readonly retval: number;
  readonly key: Uint8Array;
  /** A flow dissector's `struct bpf_flow_keys` after the run (data_out). */
  readonly flowKeys?: Uint8Array;
}

/** BPF_PROG_TEST_RUN refuses XDP/skb packets shorter than an Ethernet header. */
export const MIN_TEST_PACKET = 14;
/** XDP test runs take at most a page minus head and tail room. */
export const MAX_TEST_PACKET = 3_500;
const BATCH = 1_500;

/**
 * The network headers BPF_PROG_TEST_RUN needs whole after the Ethernet header of a tc (skb)
 * packet, by EtherType: the kernel (net/bpf/test_run.c) refuses a shorter packet with EINVAL.
 */
const SKB_NETWORK_HEADERS: ReadonlyMap<number, { readonly name: string; readonly size: number }> =
  new Map([
    [0x0800, { name: "IPv4", size: 20 }],
    [0x86dd, { name: "IPv6", size: 40 }],
  ]);

/** Why BPF_PROG_TEST_RUN refuses to run a `target` program on `packet`; undefined if it runs it. */
export type NotRunnable =
  | { readonly kind: "length" }
  | { readonly kind: "network-header"; readonly header: string; readonly size: number };

export function notRunnable(target: TargetKind, packet: Uint8Array): NotRunnable | undefined {
  if (packet.length < MIN_TEST_PACKET || packet.length > MAX_TEST_PACKET) return { kind: "length" };
  if (target !== "tc") return undefined;
  const header = SKB_NETWORK_HEADERS.get((packet[12]! << 8) | packet[13]!);
  return header && packet.length < MIN_TEST_PACKET + header.size
    ? { kind: "network-header", header: header.name, size: header.size }
    : undefined;
}

function multiarchInclude(): string[] {
  const r = spawnSync("gcc", ["-print-multiarch"], { encoding: "utf8" });
  const arch = r.status === 0 ? r.stdout.trim() : "";
  return arch && existsSync(`/usr/include/${arch}`) ? [`-I/usr/include/${arch}`] : [];
}

/** The bracket nesting clang must accept for the deepest expression p4flow lets through. */
export const BRACKET_DEPTH = 4 * MAX_EXPRESSION_DEPTH;

/** Compiles `<dir>/<name>.bpf.c` to `<dir>/<name>.bpf.o`; undefined (with a diagnostic) on failure. */
export function buildObject(
  dir: string,
  name: string,
  sink: DiagnosticSink,
  clang = "clang",
): string | undefined {
  const src = join(dir, `${name}.bpf.c`);
  const obj = join(dir, `${name}.bpf.o`);
  const cannotRun = (reason: string) => {
    sink.report(messages.toolMissing, undefined, {
      tool: clang,
      purpose: "build the BPF object",
      reason,
      install: "apt-get install clang llvm libbpf-dev",
    });
    return undefined;
  };
  if (clang.trim() === "") return cannotRun("the path is empty");
  const r = spawnSync(
    clang,
    [
      "-O2",
      "-g",
      "-target",
      "bpf",
      "-Wall",
      "-Wno-unused-function",
      // Expressions may nest 256 deep (MAX_EXPRESSION_DEPTH) and each level can add brackets;
      // clang's default limit is 256 brackets.
      `-fbracket-depth=${BRACKET_DEPTH}`,
      ...multiarchInclude(),
      "-c",
      src,
      "-o",
      obj,
    ],
    { encoding: "utf8", maxBuffer: 16 << 20 },
  );
  if (r.error) return cannotRun(r.error.message.replace(/\.$/, ""));
  const output = (r.stderr ?? "").trim();
  // Errors located in the generated file are ours (p4flow accepted the program, so its C must
  // build); anything else (no BPF target, not a clang at all, a signal) is the tool's.
  if (r.status === 0 && existsSync(obj)) return obj;
  if (r.status !== 0 && output.includes(`${src}:`)) {
    sink.report(messages.clangFailed, undefined, {
      file: src,
      output: output.split("\n").slice(0, 20).join("\n").replace(/\.$/, ""),
    });
    return undefined;
  }
  sink.report(messages.clangUnusable, undefined, {
    tool: clang,
    status: r.signal ? `was killed by ${r.signal}` : `exited with status ${r.status}`,
    output:
      output === "" ? "printed nothing" : `printed: ${output.split("\n").slice(0, 10).join("\n")}`,
    object: r.status === 0 ? " but wrote no object" : "",
  });
  return undefined;
}

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

function mapValueSize(pin: string): number | undefined {
  const r = spawnSync("bpftool", ["-j", "map", "show", "pinned", pin], { encoding: "utf8" });
  try {
    const size = (JSON.parse(r.stdout) as { bytes_value?: number }).bytes_value;
    return typeof size === "number" ? size : undefined;
  } catch {
    return undefined;
  }
}

export class LoadedProgram {
  private constructor(
    readonly pinDir: string,
    readonly keyMap: string,
    readonly type: TargetKind,
  ) {}

  /** Loads `obj` (program type `type`) through the verifier and pins it and its maps. */
  static load(
    obj: string,
    type: TargetKind,
    keyMapName: string,
    sink: DiagnosticSink,
  ): LoadedProgram | undefined {
    const pinDir = `/sys/fs/bpf/p4flow-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    mkdirSync(pinDir, { recursive: true });
    removeAtExit(pinDir);
    const r = spawnSync(
      "bpftool",
      ["prog", "load", obj, `${pinDir}/prog`, "type", PROGRAM_TYPE[type], "pinmaps", pinDir],
      // A rejected program comes with the verifier's whole log.
      { encoding: "utf8", maxBuffer: 1 << 28 },
    );
    if (r.error || r.status !== 0) {
      release(pinDir);
      if (r.error) {
        sink.report(messages.toolMissing, undefined, {
          tool: "bpftool",
          purpose: "load the program",
          reason: r.error.message,
          install: "apt-get install bpftool",
        });
      } else {
        const log = (r.stderr || r.stdout).trim().split("\n").slice(-25).join("\n");
        sink.report(messages.verifierRejected, undefined, {
          file: obj,
          log: log.replace(/\.$/, ""),
        });
      }
      return undefined;
    }
    return new LoadedProgram(pinDir, `${pinDir}/${keyMapName}`, type);
  }

  private keySize: number | undefined;

  /**
   * Runs each packet once and reads the key; a packet the kernel refuses gives undefined. A flow
   * dissector runs with `flags` (one for all packets, or one per packet) and also returns its
   * flow keys; that needs the native runner.
   */
  run(
    packets: readonly Uint8Array[],
    sink: DiagnosticSink,
    flags: number | readonly number[] = 0,
  ): (KernelRun | undefined)[] {
    const native = nativeRunner();
    if (native) {
      this.keySize ??= mapValueSize(this.keyMap);
      if (this.keySize !== undefined)
        return this.runNative(native, this.keySize, packets, flags, sink);
    }
    if (this.type === "flow_dissector") {
      sink.report(messages.kernelRunFailed, undefined, {
        reason:
          "a flow dissector's flow keys are read back by the native test runner, which needs cc and libbpf-dev (apt-get install gcc libbpf-dev)",
      });
      return [];
    }
    return this.runBatch(packets, sink);
  }

  private runNative(
    runner: string,
    keySize: number,
    packets: readonly Uint8Array[],
    flags: number | readonly number[],
    sink: DiagnosticSink,
  ): (KernelRun | undefined)[] {
    const out: (KernelRun | undefined)[] = [];
    const dissector = this.type === "flow_dissector";
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
      const args = [`${this.pinDir}/prog`, this.keyMap, String(keySize)];
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

  private runBatch(
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
            `prog run pinned ${this.pinDir}/prog data_in ${f} repeat 1`,
            `map lookup pinned ${this.keyMap} key 0 0 0 0`,
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
              const rest = this.runBatch(chunk.slice(i + 1), sink);
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

  /** Every entry of one of the program's maps (pinned beside it), as raw key and value bytes. */
  dumpMap(
    mapName: string,
    sink: DiagnosticSink,
  ): { key: Uint8Array; value: Uint8Array }[] | undefined {
    const r = spawnSync("bpftool", ["-j", "map", "dump", "pinned", `${this.pinDir}/${mapName}`], {
      encoding: "utf8",
      maxBuffer: 1 << 30,
    });
    try {
      const entries = JSON.parse(r.stdout) as { key: string[]; value: string[] }[];
      const bytes = (h: string[]) => Uint8Array.from(h.map((x) => parseInt(x, 16)));
      return entries.map((e) => ({ key: bytes(e.key), value: bytes(e.value) }));
    } catch {
      sink.report(messages.kernelRunFailed, undefined, {
        reason: `cannot dump map '${mapName}': ${(r.stderr || r.stdout).trim().slice(0, 300)}`,
      });
      return undefined;
    }
  }

  /** Adds an entry to a value set map: each component a __u64 in host (little-endian) order. */
  addValueSetEntry(mapName: string, values: readonly bigint[], sink: DiagnosticSink): boolean {
    const bytes = values.flatMap((v) =>
      Array.from({ length: 8 }, (_, i) => Number((BigInt.asUintN(64, v) >> BigInt(8 * i)) & 0xffn)),
    );
    const hex = bytes.map((b) => b.toString(16).padStart(2, "0"));
    const r = spawnSync(
      "bpftool",
      [
        "map",
        "update",
        "pinned",
        `${this.pinDir}/${mapName}`,
        "key",
        "hex",
        ...hex,
        "value",
        "hex",
        "01",
      ],
      { encoding: "utf8" },
    );
    if (r.status !== 0) {
      sink.report(messages.kernelRunFailed, undefined, {
        reason: `cannot fill value set '${mapName}': ${(r.stderr || r.stdout).trim()}`,
      });
      return false;
    }
    return true;
  }

  /** Removes the pins (and so the program and its maps); also done at exit if never called. */
  unload(): void {
    release(this.pinDir);
  }
}
