// Reading packet captures: classic pcap (both byte orders, microsecond and nanosecond magics)
// and pcapng (section headers in either byte order, interface descriptions with their timestamp
// resolution, enhanced and simple packet blocks; other blocks skipped). Hostile files never
// throw: each problem is a diagnostic naming the file and the record, and the packets read
// before it are kept. Written by hand: it is small and must report damage record by record.

import { ioMessages } from "../diagnostics/catalog-io.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";

export interface CapturedPacket {
  readonly data: Uint8Array;
  readonly origLen: number;
  readonly timestampNs: bigint;
  /** 1-based record number in the file. */
  readonly index: number;
}

export interface Capture {
  readonly format: "pcap" | "pcapng";
  readonly linkType: number;
  readonly packets: readonly CapturedPacket[];
}

/** Larger captured lengths are treated as corruption, not allocated. */
export const MAX_PACKET_BYTES = 256 * 1024;
const LINKTYPE_ETHERNET = 1;

export function readCapture(
  bytes: Uint8Array,
  file: string,
  sink: DiagnosticSink,
): Capture | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = bytes.length >= 4 ? view.getUint32(0, false) : -1;
  if (magic === 0x0a0d0d0a) return readPcapng(bytes, view, file, sink);
  const known: Record<number, { little: boolean; nano: boolean }> = {
    0xa1b2c3d4: { little: false, nano: false },
    0xd4c3b2a1: { little: true, nano: false },
    0xa1b23c4d: { little: false, nano: true },
    0x4d3cb2a1: { little: true, nano: true },
  };
  const kind = known[magic];
  if (!kind || bytes.length < 24) {
    const shown =
      [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, "0")).join(" ") || "nothing";
    sink.report(ioMessages.notACapture, undefined, { file, magic: shown });
    return undefined;
  }
  const le = kind.little;
  const linkType = view.getUint32(20, le) & 0x0fffffff;
  if (linkType !== LINKTYPE_ETHERNET) {
    sink.report(ioMessages.unsupportedLinkType, undefined, { file, linkType });
    return undefined;
  }
  const packets: CapturedPacket[] = [];
  let off = 24;
  for (let record = 1; off < bytes.length; record++) {
    if (off + 16 > bytes.length) {
      sink.report(ioMessages.recordPastEnd, undefined, { file, record, what: "the record header" });
      break;
    }
    const sec = view.getUint32(off, le);
    const frac = view.getUint32(off + 4, le);
    const incl = view.getUint32(off + 8, le);
    const orig = view.getUint32(off + 12, le);
    if (incl > MAX_PACKET_BYTES) {
      sink.report(ioMessages.absurdLength, undefined, {
        file,
        record,
        length: incl,
        limit: `${MAX_PACKET_BYTES} bytes`,
      });
      break;
    }
    if (off + 16 + incl > bytes.length) {
      sink.report(ioMessages.recordPastEnd, undefined, {
        file,
        record,
        what: `its ${incl} captured bytes`,
      });
      break;
    }
    if (incl === 0) sink.report(ioMessages.emptyRecord, undefined, { file, record });
    else {
      const ts = BigInt(sec) * 1_000_000_000n + BigInt(frac) * (kind.nano ? 1n : 1000n);
      packets.push({
        data: bytes.slice(off + 16, off + 16 + incl),
        origLen: orig,
        timestampNs: ts,
        index: record,
      });
    }
    off += 16 + incl;
  }
  return { format: "pcap", linkType, packets };
}

function readPcapng(
  bytes: Uint8Array,
  view: DataView,
  file: string,
  sink: DiagnosticSink,
): Capture | undefined {
  const packets: CapturedPacket[] = [];
  const interfaces: { linkType: number; tsUnitsPerSecond: bigint }[] = [];
  let le = true;
  let off = 0;
  for (let block = 1; off < bytes.length; block++) {
    if (off + 12 > bytes.length) {
      sink.report(ioMessages.recordPastEnd, undefined, {
        file,
        record: block,
        what: "the block header",
      });
      break;
    }
    const type = view.getUint32(off, le);
    if (type === 0x0a0d0d0a) {
      const bom = view.getUint32(off + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else {
        sink.report(ioMessages.badBlock, undefined, {
          file,
          record: block,
          reason: "the section header has no byte-order magic",
        });
        break;
      }
      interfaces.length = 0;
    }
    const len = view.getUint32(off + 4, le);
    if (len < 12 || len % 4 !== 0) {
      sink.report(ioMessages.badBlock, undefined, {
        file,
        record: block,
        reason: `its length ${len} is not a multiple of 4 of at least 12`,
      });
      break;
    }
    if (off + len > bytes.length) {
      sink.report(ioMessages.recordPastEnd, undefined, {
        file,
        record: block,
        what: `its ${len} bytes`,
      });
      break;
    }
    if (type === 1 && len >= 20) {
      interfaces.push({
        linkType: view.getUint16(off + 8, le),
        tsUnitsPerSecond: tsResolution(view, off + 16, off + len - 4, le),
      });
    } else if (type === 6 && len >= 32) {
      const ifc = interfaces[view.getUint32(off + 8, le)];
      const incl = view.getUint32(off + 20, le);
      const orig = view.getUint32(off + 24, le);
      if (!checkPacket(ifc, incl, 28, len, block, file, sink)) break;
      const ticks =
        (BigInt(view.getUint32(off + 12, le)) << 32n) | BigInt(view.getUint32(off + 16, le));
      const ts = (ticks * 1_000_000_000n) / ifc!.tsUnitsPerSecond;
      if (incl === 0) sink.report(ioMessages.emptyRecord, undefined, { file, record: block });
      else
        packets.push({
          data: bytes.slice(off + 28, off + 28 + incl),
          origLen: orig,
          timestampNs: ts,
          index: block,
        });
    } else if (type === 3 && len >= 16) {
      const ifc = interfaces[0];
      const orig = view.getUint32(off + 8, le);
      const incl = Math.min(orig, len - 16);
      if (!checkPacket(ifc, incl, 12, len, block, file, sink)) break;
      if (incl === 0) sink.report(ioMessages.emptyRecord, undefined, { file, record: block });
      else
        packets.push({
          data: bytes.slice(off + 12, off + 12 + incl),
          origLen: orig,
          timestampNs: 0n,
          index: block,
        });
    }
    off += len;
  }
  const linkType = interfaces[0]?.linkType ?? LINKTYPE_ETHERNET;
  if (interfaces.some((i) => i.linkType !== LINKTYPE_ETHERNET)) {
    sink.report(ioMessages.unsupportedLinkType, undefined, {
      file,
      linkType: interfaces.find((i) => i.linkType !== LINKTYPE_ETHERNET)!.linkType,
    });
    return undefined;
  }
  return { format: "pcapng", linkType, packets };
}

function checkPacket(
  ifc: { linkType: number } | undefined,
  incl: number,
  headerBytes: number,
  blockLen: number,
  block: number,
  file: string,
  sink: DiagnosticSink,
): boolean {
  if (!ifc) {
    sink.report(ioMessages.badBlock, undefined, {
      file,
      record: block,
      reason: "the packet names an interface that was not described",
    });
    return false;
  }
  if (incl > MAX_PACKET_BYTES) {
    sink.report(ioMessages.absurdLength, undefined, {
      file,
      record: block,
      length: incl,
      limit: `${MAX_PACKET_BYTES} bytes`,
    });
    return false;
  }
  if (headerBytes + incl + 4 > blockLen) {
    sink.report(ioMessages.recordPastEnd, undefined, {
      file,
      record: block,
      what: `its ${incl} captured bytes`,
    });
    return false;
  }
  return true;
}

/** The if_tsresol option (code 9): 10^-n or 2^-n seconds per tick; microseconds by default. */
function tsResolution(view: DataView, start: number, end: number, le: boolean): bigint {
  let off = start;
  while (off + 4 <= end) {
    const code = view.getUint16(off, le);
    const len = view.getUint16(off + 2, le);
    if (code === 0) break;
    if (code === 9 && len >= 1) {
      const v = view.getUint8(off + 4);
      return v & 0x80 ? 1n << BigInt(v & 0x7f) : 10n ** BigInt(v);
    }
    off += 4 + Math.ceil(len / 4) * 4;
  }
  return 1_000_000n;
}
