// The kernel runner (Node only): builds the generated C with clang, loads the object through the
// real verifier with bpftool, pins it and its maps, and runs packets with BPF_PROG_TEST_RUN
// (test-run.ts: the native runner, or `bpftool batch`). Used by the tests and by
// `p4flow run --kernel`.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import { release, removeAtExit } from "./exit-cleanup.js";
import {
  mapValueSize,
  nativeRunner,
  runBatch,
  runNative,
  type KernelRun,
  type RunnableProgram,
} from "./test-run.js";
import { PROGRAM_TYPE, type TargetKind } from "./target.js";
import { MAX_EXPRESSION_DEPTH } from "../frontend/lower-expressions.js";

export { nativeRunner } from "./test-run.js";

/** BPF_PROG_TEST_RUN refuses XDP/skb packets shorter than an Ethernet header. */
export const MIN_TEST_PACKET = 14;
/** XDP test runs take at most a page minus head and tail room. */
export const MAX_TEST_PACKET = 3_500;

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

/** A program loaded through the verifier, pinned with its maps under `pinDir`. */
export class LoadedProgram implements RunnableProgram {
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
        return runNative(native, this, this.keySize, packets, flags, sink);
    }
    if (this.type === "flow_dissector") {
      sink.report(messages.kernelRunFailed, undefined, {
        reason:
          "a flow dissector's flow keys are read back by the native test runner, which needs cc and libbpf-dev (apt-get install gcc libbpf-dev)",
      });
      return [];
    }
    return runBatch(this, packets, sink);
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
