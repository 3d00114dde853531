// `p4flow run`: compiles the program's extractor and runs it on packets from a capture or the
// command line with the reference interpreter, printing one decoded key per packet.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mapNames } from "../backend-ebpf/map-names.js";
import { emitProgram } from "../backend-ebpf/emit-program.js";
import {
  buildObject,
  LoadedProgram,
  MAX_TEST_PACKET,
  MIN_TEST_PACKET,
} from "../backend-ebpf/kernel-runner.js";
import type { IrProgram } from "../ir/ir.js";
import type { FlowKeyLayout } from "../layout/layout.js";
import { renderHeader } from "../layout/render-c.js";
import { compile } from "../compile.js";
import { ioMessages } from "../diagnostics/catalog-io.js";
import { messages } from "../diagnostics/catalog.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import { decodeKey, formatJsonl, formatText } from "../interp/decode.js";
import { parseHexPacket } from "../interp/hex.js";
import { compileInterpreter } from "../interp/compiled.js";
import { readCapture } from "../interp/pcap.js";
import { dissectorEntry } from "../ir/flow-keys.js";
import type { CliIo } from "./io.js";
import { prepare, type CommonFlags } from "./prepare.js";
import { printDiagnostics } from "./report.js";

export interface RunFlags extends CommonFlags {
  readonly pcap?: string;
  readonly hex: string[];
  readonly format: "text" | "jsonl";
  readonly kernel?: boolean;
  /** Absent: flow_dissector for a FlowDissector program, else xdp. */
  readonly target?: "xdp" | "tc" | "flow_dissector";
  /** BPF_FLOW_DISSECTOR_F_* for a FlowDissector program, as given on the command line. */
  readonly flowFlags?: string;
}

export async function runRun(io: CliIo, file: string, flags: RunFlags): Promise<number> {
  const usage = new DiagnosticSink();
  if ((flags.pcap === undefined) === (flags.hex.length === 0)) {
    usage.report(messages.conflictingOptions, undefined, {
      first:
        flags.pcap === undefined
          ? "'p4flow run' needs --pcap FILE or --hex PACKET; neither"
          : "--pcap",
      second: flags.pcap === undefined ? "was given" : "--hex",
    });
  }
  const prepared = prepare(io, file, flags);
  if ("usage" in prepared || usage.hasErrors()) {
    printDiagnostics(
      io,
      [...usage.diagnostics, ...("usage" in prepared ? prepared.usage.diagnostics : [])],
      flags.diagnosticsFormat,
      0,
    );
    return 2;
  }
  // Packets first: a bad capture is a usage error and needs no compile.
  const input = new DiagnosticSink();
  const packets: { index: number; data: Uint8Array }[] = [];
  if (flags.pcap !== undefined) {
    const path = io.host.resolve(io.cwd, flags.pcap);
    let bytes: Uint8Array | undefined;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      input.report(ioMessages.cannotReadCapture, undefined, {
        file: flags.pcap,
        reason: e instanceof Error ? e.message.replace(/\.$/, "") : String(e),
      });
    }
    const capture = bytes ? readCapture(bytes, flags.pcap, input) : undefined;
    for (const p of capture?.packets ?? []) packets.push({ index: p.index, data: p.data });
  } else {
    flags.hex.forEach((h, i) => {
      const data = parseHexPacket(h, input);
      if (data) packets.push({ index: i + 1, data });
    });
  }
  const flowFlags = flags.flowFlags === undefined ? 0 : Number(flags.flowFlags);
  if (!/^(0x[0-9a-f]+|[0-9]+)$/i.test(flags.flowFlags ?? "0") || flowFlags > 0xffffffff) {
    const bad = new DiagnosticSink();
    bad.report(messages.badOptionValue, undefined, {
      value: flags.flowFlags ?? "",
      option: "--flow-flags",
      reason:
        "expected a number from 0 to 0xffffffff (1 parse first fragment, 2 stop at flow label, 4 stop at encapsulation)",
    });
    printDiagnostics(io, bad.diagnostics, flags.diagnosticsFormat, 0);
    return 2;
  }
  if (input.hasErrors() && packets.length === 0) {
    printDiagnostics(io, input.diagnostics, flags.diagnosticsFormat, 0);
    return 2;
  }
  const result = compile({ ...prepared.options, stopAfter: "ir" });
  printDiagnostics(
    io,
    [...input.diagnostics, ...result.diagnostics],
    flags.diagnosticsFormat,
    prepared.maxErrors,
  );
  if (!result.ok || !result.ir || !result.layout) return 1;
  const keys = flags.kernel
    ? runInKernel(io, flags, flowFlags, result.ir, result.layout, packets)
    : interpretAll(result.ir!, result.layout!, packets, flowFlags);
  if (!keys) return 1;
  const format = flags.format === "jsonl" ? formatJsonl : formatText;
  let out = "";
  packets.forEach((p, i) => {
    const key = keys[i];
    if (!key) return;
    out += format(p.index, decodeKey(result.layout!, key));
    if (out.length > 1 << 16) {
      io.stdout(out);
      out = "";
    }
  });
  io.stdout(out);
  return input.hasErrors() ? 1 : 0;
}

/** Keys computed by the compiled program in the kernel; undefined for packets it cannot run. */
function runInKernel(
  io: CliIo,
  flags: RunFlags,
  flowFlags: number,
  ir: IrProgram,
  layout: FlowKeyLayout,
  packets: readonly { index: number; data: Uint8Array }[],
): (Uint8Array | undefined)[] | undefined {
  const sink = new DiagnosticSink();
  const dir = mkdtempSync(join(tmpdir(), "p4flow-kernel-"));
  const target = flags.target ?? (ir.dissector ? "flow_dissector" : "xdp");
  try {
    const c = emitProgram(ir, layout, { target, keyMap: "array", headerFile: "key.h" }, sink);
    writeFileSync(join(dir, "key.h"), renderHeader(layout));
    writeFileSync(join(dir, "prog.bpf.c"), c ?? "");
    const obj = c === undefined ? undefined : buildObject(dir, "prog", sink);
    const prog = obj ? LoadedProgram.load(obj, target, mapNames(ir.name).keys, sink) : undefined;
    if (!prog) {
      printDiagnostics(io, sink.diagnostics, flags.diagnosticsFormat, 0);
      return undefined;
    }
    try {
      const runnable = packets.filter(
        (p) => p.data.length >= MIN_TEST_PACKET && p.data.length <= MAX_TEST_PACKET,
      );
      for (const p of packets) {
        if (!runnable.includes(p)) {
          sink.report(messages.packetNotRunnable, undefined, {
            index: p.index,
            length: p.data.length,
            min: MIN_TEST_PACKET,
            max: MAX_TEST_PACKET,
          });
        }
      }
      const results = prog.run(
        runnable.map((p) => p.data),
        sink,
        flowFlags,
      );
      const byPacket = new Map(runnable.map((p, i) => [p, results[i]?.key] as const));
      printDiagnostics(io, sink.diagnostics, flags.diagnosticsFormat, 0);
      return packets.map((p) => byPacket.get(p));
    } finally {
      prog.unload();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every packet through the compiled interpreter, compiled once. */
function interpretAll(
  ir: Parameters<typeof compileInterpreter>[0],
  layout: Parameters<typeof compileInterpreter>[1],
  packets: readonly { readonly data: Uint8Array }[],
  flowFlags: number,
): Uint8Array[] {
  const run = compileInterpreter(ir, layout);
  const binding = ir.dissector;
  return packets.map(
    (p) => run(p.data, binding ? dissectorEntry(binding, p.data, flowFlags) : undefined).key,
  );
}
