// Wireshark as an oracle: `tshark -T fields` over a capture, every occurrence of each field.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { readCapture } from "../../src/interp/pcap.js";
import { hasTool } from "./toolchain.js";

/** False (after skipping) without tshark; with P4FLOW_REQUIRE_KERNEL=1 that is an error. */
export function tsharkAvailable(skip: (message: string) => void): boolean {
  if (hasTool("tshark")) return true;
  if (process.env.P4FLOW_REQUIRE_KERNEL === "1")
    throw new Error("tshark is required (P4FLOW_REQUIRE_KERNEL=1)");
  skip("tshark is not installed: apt-get install tshark");
  return false;
}

/**
 * One row per packet: each field's occurrences in packet order (outermost first). IP
 * defragmentation is off, so each fragment is dissected on its own, as a parser sees it.
 */
export function tsharkRows(capture: string, fields: readonly string[]): Record<string, string[]>[] {
  const out = execFileSync(
    "tshark",
    [
      "-r",
      capture,
      "-o",
      "ip.defragment:FALSE",
      "-o",
      "ipv6.defragment:FALSE",
      "-T",
      "fields",
      "-E",
      "occurrence=a",
      "-E",
      "aggregator=,",
      ...fields.flatMap((f) => ["-e", f]),
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 26 },
  );
  return out
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => Object.fromEntries(l.split("\t").map((v, i) => [fields[i]!, v.split(",")])));
}

/** Each packet of a capture with its tshark row (the capture must give as many rows as packets). */
export function packetsWithRows(
  capture: string,
  fields: readonly string[],
): { index: number; data: Uint8Array; row: Record<string, string[]> }[] {
  const rows = tsharkRows(capture, fields);
  const name = capture.split("/").pop()!;
  const packets = readCapture(readFileSync(capture), name, new DiagnosticSink())!.packets;
  if (rows.length !== packets.length)
    throw new Error(`${name}: tshark gave ${rows.length} rows for ${packets.length} packets`);
  return packets.map((p, i) => ({ index: p.index, data: p.data, row: rows[i]! }));
}
