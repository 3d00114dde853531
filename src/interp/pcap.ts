// Reading a whole capture held in memory (the library's entry point and the tests'): the
// streaming parser (capture-stream.ts) fed the bytes at once.

import type { DiagnosticSink } from "../diagnostics/sink.js";
import { CaptureParser, type CapturedPacket } from "./capture-stream.js";
import { isSupportedLinkType, LINKTYPE_ETHERNET } from "./link-types.js";

export { MAX_PACKET_BYTES, type CapturedPacket } from "./capture-stream.js";

export interface Capture {
  readonly format: "pcap" | "pcapng";
  /** The capture's (pcapng: its first interface's) link type; packets are Ethernet frames. */
  readonly linkType: number;
  readonly packets: readonly CapturedPacket[];
}

/**
 * The packets of a capture, as Ethernet frames; undefined when the bytes are not a capture or
 * its link type is one p4flow does not read (with a diagnostic). Damage later in the file is a
 * diagnostic and the packets before it are returned.
 */
export function readCapture(
  bytes: Uint8Array,
  file: string,
  sink: DiagnosticSink,
): Capture | undefined {
  const parser = new CaptureParser(file, sink);
  const packets = [...parser.push(bytes), ...parser.end()];
  if (parser.format === undefined) return undefined;
  if (parser.linkType !== undefined && !isSupportedLinkType(parser.linkType)) return undefined;
  return {
    format: parser.format,
    linkType: parser.linkType ?? LINKTYPE_ETHERNET,
    packets: packets.map((p) => ({ ...p, data: p.data.slice() })),
  };
}
