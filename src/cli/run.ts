// `p4flow run`: compiles the program's extractor and runs it on packets from a capture or the
// command line with the reference interpreter, printing one decoded key per packet.

import { readFileSync } from "node:fs";
import { compile } from "../compile.js";
import { ioMessages } from "../diagnostics/catalog-io.js";
import { messages } from "../diagnostics/catalog.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import { decodeKey, formatJsonl, formatText } from "../interp/decode.js";
import { parseHexPacket } from "../interp/hex.js";
import { createInterpreter } from "../interp/interpreter.js";
import { readCapture } from "../interp/pcap.js";
import type { CliIo } from "./io.js";
import { prepare, type CommonFlags } from "./prepare.js";
import { printDiagnostics } from "./report.js";

export interface RunFlags extends CommonFlags {
  readonly pcap?: string;
  readonly hex: string[];
  readonly format: "text" | "jsonl";
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
  const run = createInterpreter(result.ir, result.layout);
  const format = flags.format === "jsonl" ? formatJsonl : formatText;
  let out = "";
  for (const p of packets) {
    out += format(p.index, decodeKey(result.layout, run(p.data).key));
    if (out.length > 1 << 16) {
      io.stdout(out);
      out = "";
    }
  }
  io.stdout(out);
  return input.hasErrors() ? 1 : 0;
}
