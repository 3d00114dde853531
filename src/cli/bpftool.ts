// The tools under attach, detach, flows and dump: bpftool (JSON output) for loading, pinning,
// attaching XDP and flow dissector programs and reading maps; iproute2's tc for tc programs.
// Every failure becomes a P4F4031 tool-failed diagnostic naming the command.

import { spawnSync } from "node:child_process";
import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";

/** Runs a command; its stdout, or undefined (with a diagnostic) when it fails. */
export function tool(
  cmd: string,
  args: readonly string[],
  sink: DiagnosticSink,
): string | undefined {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status === 0) return r.stdout;
  const reason = r.error
    ? r.error.message
    : (r.stderr || r.stdout).trim().split("\n").slice(-3).join(" ") || `exit status ${r.status}`;
  sink.report(messages.toolFailed, undefined, {
    command: [cmd, ...args].join(" "),
    reason: reason.replace(/\.$/, ""),
  });
  return undefined;
}

/** bpftool with -j: the parsed JSON, or undefined (with a diagnostic). */
export function bpftoolJson(args: readonly string[], sink: DiagnosticSink): unknown {
  const out = tool("bpftool", ["-j", ...args], sink);
  if (out === undefined) return undefined;
  try {
    return out.trim() === "" ? null : JSON.parse(out);
  } catch {
    sink.report(messages.toolFailed, undefined, {
      command: ["bpftool", "-j", ...args].join(" "),
      reason: "its output is not JSON",
    });
    return undefined;
  }
}

/** bpftool's hex strings ("0x1a") as bytes. */
export function hexBytes(values: readonly string[]): Uint8Array {
  return Uint8Array.from(values.map((h) => parseInt(h, 16)));
}

/** One entry of `bpftool -j map dump`: a plain map's value, or every CPU's for a per-CPU map. */
export interface MapEntry {
  readonly key: Uint8Array;
  readonly values: readonly { readonly cpu: number; readonly value: Uint8Array }[];
}

interface RawEntry {
  readonly key?: string[];
  readonly value?: string[];
  readonly values?: { readonly cpu: number; readonly value: string[] }[];
}

export function dumpPinnedMap(path: string, sink: DiagnosticSink): MapEntry[] | undefined {
  const json = bpftoolJson(["map", "dump", "pinned", path], sink);
  if (json === undefined) return undefined;
  return ((json ?? []) as RawEntry[]).map((e) => ({
    key: hexBytes(e.key ?? []),
    values: e.values
      ? e.values.map((v) => ({ cpu: v.cpu, value: hexBytes(v.value) }))
      : [{ cpu: -1, value: hexBytes(e.value ?? []) }],
  }));
}
