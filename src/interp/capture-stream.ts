// Reading packet captures incrementally: classic pcap (both byte orders, microsecond and
// nanosecond magics, the FCS bits of the link-type field) and pcapng (sections in either byte
// order, interface descriptions with their link type and timestamp resolution, enhanced, simple
// and obsolete packet blocks; other blocks skipped), fed chunk by chunk so a capture of any size
// is read in the memory of one record. Every packet comes out as an Ethernet frame
// (link-types.ts). Packets are numbered as Wireshark numbers frames (1-based, packets only).
// Hostile input never throws: each problem is a diagnostic naming the file, the packet or block
// and its byte offset; the packets before it are kept. Written by hand: it must report damage
// record by record, and no maintained library reads both formats incrementally in Node.

import { ioMessages } from "../diagnostics/catalog-io.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import {
  isSupportedLinkType,
  LINKTYPE_ETHERNET,
  linkTypeName,
  SUPPORTED_LINK_TYPES,
  toEthernet,
} from "./link-types.js";

export interface CapturedPacket {
  /** The packet as an Ethernet frame. */
  readonly data: Uint8Array;
  /** Its length on the wire (the record's original length). */
  readonly origLen: number;
  readonly timestampNs: bigint;
  /** 1-based packet number, as Wireshark numbers frames. */
  readonly index: number;
}

/** Larger captured lengths are treated as corruption, not allocated. */
export const MAX_PACKET_BYTES = 256 * 1024;

const PCAP_MAGICS: Readonly<Record<number, { little: boolean; nano: boolean }>> = {
  0xa1b2c3d4: { little: false, nano: false },
  0xd4c3b2a1: { little: true, nano: false },
  0xa1b23c4d: { little: false, nano: true },
  0x4d3cb2a1: { little: true, nano: true },
};
const PCAPNG_MAGIC = 0x0a0d0d0a;

interface Interface {
  readonly linkType: number;
  readonly tsUnitsPerSecond: bigint;
}

/**
 * A push parser: `push` each chunk as it arrives and take the packets it completes; `end` once
 * the input is over. After an error (`stopped`), further input is ignored.
 */
export class CaptureParser {
  format: "pcap" | "pcapng" | undefined;
  /** The first link type seen (pcap: the file's; pcapng: the first interface's). */
  linkType: number | undefined;
  /** True after an error that ends reading. */
  stopped = false;
  /** Packets numbered so far (the last packet's number). */
  packets = 0;

  private buf: Uint8Array = new Uint8Array(0);
  private dv: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private pos = 0;
  /** File offset of buf[0]. */
  private base = 0;
  private le = true;
  private nano = false;
  private fcsBytes = 0;
  private blocks = 0;
  private interfaces: Interface[] = [];

  constructor(
    private readonly file: string,
    private readonly sink: DiagnosticSink,
  ) {}

  /** Bytes consumed so far (whole records). */
  get offset(): number {
    return this.base + this.pos;
  }

  push(chunk: Uint8Array): CapturedPacket[] {
    const out: CapturedPacket[] = [];
    if (this.stopped) return out;
    const rest = this.buf.length - this.pos;
    if (rest === 0) this.buf = chunk;
    else {
      const joined = new Uint8Array(rest + chunk.length);
      joined.set(this.buf.subarray(this.pos));
      joined.set(chunk, rest);
      this.buf = joined;
    }
    this.base += this.pos;
    this.pos = 0;
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    while (!this.stopped && this.step(out, false));
    return out;
  }

  /** The input is over: whatever is left is a cut record. */
  end(): CapturedPacket[] {
    const out: CapturedPacket[] = [];
    if (this.stopped) return out;
    while (!this.stopped && this.step(out, true));
    return out;
  }

  /** Parses one record if it is complete; false when more input is needed (or at the end). */
  private step(out: CapturedPacket[], atEnd: boolean): boolean {
    const avail = this.buf.length - this.pos;
    if (this.format === undefined) return this.header(atEnd);
    if (avail === 0) return false;
    return this.format === "pcap" ? this.pcapRecord(out, atEnd) : this.pcapngBlock(out, atEnd);
  }

  private view(at: number, size: number): DataView {
    return new DataView(this.buf.buffer, this.buf.byteOffset + at, size);
  }

  private header(atEnd: boolean): boolean {
    const avail = this.buf.length - this.pos;
    if (avail < 4) {
      if (atEnd) this.notACapture(avail === 0);
      return false;
    }
    const magic = this.view(this.pos, 4).getUint32(0, false);
    if (magic === PCAPNG_MAGIC) {
      this.format = "pcapng";
      return true;
    }
    const kind = PCAP_MAGICS[magic];
    if (!kind) {
      this.notACapture(false);
      return false;
    }
    if (avail < 24) {
      if (atEnd) this.fatal(ioMessages.captureHeaderCut, { size: avail, format: "pcap", need: 24 });
      return false;
    }
    this.le = kind.little;
    this.nano = kind.nano;
    const field = this.view(this.pos + 20, 4).getUint32(0, this.le);
    // The upper bits may carry FCS information: bit 26 says the length in the top 4 bits (in
    // 16-bit words) is valid. Only the low 16 bits are the link type.
    const linkType = field & 0xffff;
    this.fcsBytes = field & 0x04000000 ? ((field >>> 28) & 0xf) * 2 : 0;
    this.format = "pcap";
    this.linkType = linkType;
    if (!isSupportedLinkType(linkType)) {
      this.fatal(ioMessages.unsupportedLinkType, {
        where: "",
        linkType,
        name: linkTypeName(linkType),
        supported: SUPPORTED_LINK_TYPES,
        rest: "",
      });
      return false;
    }
    this.pos += 24;
    return true;
  }

  private notACapture(empty: boolean): void {
    const shown = empty
      ? "nothing"
      : [...this.buf.subarray(this.pos, this.pos + 4)]
          .map((b) => b.toString(16).padStart(2, "0"))
          .join(" ");
    this.fatal(ioMessages.notACapture, { magic: shown });
  }

  private fatal(
    def: (typeof ioMessages)[keyof typeof ioMessages],
    args: Readonly<Record<string, string | number>>,
  ): void {
    this.sink.report(def, undefined, { file: this.file, ...args });
    this.stopped = true;
  }

  private pcapRecord(out: CapturedPacket[], atEnd: boolean): boolean {
    const avail = this.buf.length - this.pos;
    const number = this.packets + 1;
    const offset = this.offset;
    const where = () => `packet ${number} at byte ${offset}`;
    if (avail < 16) {
      if (atEnd)
        this.fatal(ioMessages.recordPastEnd, { where: where(), what: "the record header" });
      return false;
    }
    const v = this.dv;
    const at = this.pos;
    const sec = v.getUint32(at, this.le);
    const frac = v.getUint32(at + 4, this.le);
    const incl = v.getUint32(at + 8, this.le);
    const orig = v.getUint32(at + 12, this.le);
    if (incl > MAX_PACKET_BYTES) {
      this.fatal(ioMessages.absurdLength, {
        where: where(),
        length: incl,
        limit: `${MAX_PACKET_BYTES} bytes`,
      });
      return false;
    }
    if (avail < 16 + incl) {
      if (atEnd)
        this.fatal(ioMessages.recordPastEnd, {
          where: where(),
          what: `its ${incl} captured bytes`,
        });
      return false;
    }
    this.packets = number;
    let data = this.buf.subarray(this.pos + 16, this.pos + 16 + incl);
    this.pos += 16 + incl;
    // A whole frame with its FCS: the parser sees the frame without it.
    if (this.fcsBytes > 0 && incl === orig && incl >= this.fcsBytes)
      data = data.subarray(0, incl - this.fcsBytes);
    const ts = BigInt(sec) * 1_000_000_000n + BigInt(frac) * (this.nano ? 1n : 1000n);
    this.emit(out, this.linkType!, data, orig, ts, number, where);
    return true;
  }

  private emit(
    out: CapturedPacket[],
    linkType: number,
    data: Uint8Array,
    origLen: number,
    timestampNs: bigint,
    index: number,
    where: string | (() => string),
  ): void {
    const place = () => (typeof where === "string" ? where : where());
    if (data.length === 0) {
      this.sink.report(ioMessages.emptyRecord, undefined, { file: this.file, where: place() });
      return;
    }
    const frame = linkType === LINKTYPE_ETHERNET ? data : toEthernet(linkType, data);
    if (typeof frame === "string") {
      this.sink.report(ioMessages.noEthernetFrame, undefined, {
        file: this.file,
        where: place(),
        reason: frame,
      });
      return;
    }
    out.push({ data: frame, origLen, timestampNs, index });
  }

  private pcapngBlock(out: CapturedPacket[], atEnd: boolean): boolean {
    const avail = this.buf.length - this.pos;
    const blockNo = this.blocks + 1;
    const blockWhere = `block ${blockNo} at byte ${this.offset}`;
    if (avail < 12) {
      if (atEnd)
        this.fatal(ioMessages.recordPastEnd, { where: blockWhere, what: "the block header" });
      return false;
    }
    const head = this.view(this.pos, 12);
    let type = head.getUint32(0, this.le);
    if (head.getUint32(0, false) === PCAPNG_MAGIC) {
      type = PCAPNG_MAGIC;
      const bom = head.getUint32(8, true);
      if (bom === 0x1a2b3c4d) this.le = true;
      else if (bom === 0x4d3c2b1a) this.le = false;
      else {
        this.fatal(ioMessages.badBlock, {
          where: blockWhere,
          reason: "the section header has no byte-order magic",
        });
        return false;
      }
    }
    const len = head.getUint32(4, this.le);
    if (len < 12 || len % 4 !== 0) {
      this.fatal(ioMessages.badBlock, {
        where: blockWhere,
        reason: `its length ${len} is not a multiple of 4 of at least 12`,
      });
      return false;
    }
    if (len > MAX_PACKET_BYTES + 4096) {
      this.fatal(ioMessages.absurdLength, {
        where: blockWhere,
        length: len,
        limit: `${MAX_PACKET_BYTES + 4096} bytes for a block`,
      });
      return false;
    }
    if (avail < len) {
      if (atEnd)
        this.fatal(ioMessages.recordPastEnd, { where: blockWhere, what: `its ${len} bytes` });
      return false;
    }
    const at = this.pos;
    const v = this.view(at, len);
    this.blocks = blockNo;
    this.pos += len;
    switch (type) {
      case PCAPNG_MAGIC:
        this.interfaces = [];
        return true;
      case 1: {
        if (len < 20) return true;
        const linkType = v.getUint16(8, this.le);
        const number = this.interfaces.length;
        if (!isSupportedLinkType(linkType)) {
          this.fatal(ioMessages.unsupportedLinkType, {
            where: ` interface ${number} (${blockWhere})`,
            linkType,
            name: linkTypeName(linkType),
            supported: SUPPORTED_LINK_TYPES,
            rest: "; the packets before it are used and the file is read no further",
          });
          return false;
        }
        this.linkType ??= linkType;
        this.interfaces.push({ linkType, tsUnitsPerSecond: tsResolution(v, 16, len - 4, this.le) });
        return true;
      }
      case 6:
      case 2: {
        // Enhanced (6) and obsolete (2) packet blocks: the same layout but the interface id,
        // 32 bits in an enhanced block, is 16 bits followed by a drop count in an obsolete one.
        if (len < 32) return true;
        const number = this.packets + 1;
        this.packets = number;
        const where = `packet ${number} (${blockWhere})`;
        const ifc = this.interfaces[type === 6 ? v.getUint32(8, this.le) : v.getUint16(8, this.le)];
        const incl = v.getUint32(20, this.le);
        const orig = v.getUint32(24, this.le);
        if (!this.checkPacket(ifc, incl, 28, len, where)) return false;
        const ticks = (BigInt(v.getUint32(12, this.le)) << 32n) | BigInt(v.getUint32(16, this.le));
        const ts = (ticks * 1_000_000_000n) / ifc!.tsUnitsPerSecond;
        const data = this.buf.subarray(at + 28, at + 28 + incl);
        this.emit(out, ifc!.linkType, data, orig, ts, number, where);
        return true;
      }
      case 3: {
        if (len < 16) return true;
        const number = this.packets + 1;
        this.packets = number;
        const where = `packet ${number} (${blockWhere})`;
        const ifc = this.interfaces[0];
        const orig = v.getUint32(8, this.le);
        const incl = Math.min(orig, len - 16);
        if (!this.checkPacket(ifc, incl, 12, len, where)) return false;
        const data = this.buf.subarray(at + 12, at + 12 + incl);
        this.emit(out, ifc!.linkType, data, orig, 0n, number, where);
        return true;
      }
      default:
        return true;
    }
  }

  private checkPacket(
    ifc: Interface | undefined,
    incl: number,
    headerBytes: number,
    blockLen: number,
    where: string,
  ): boolean {
    if (!ifc) {
      this.fatal(ioMessages.badBlock, {
        where,
        reason: "the packet names an interface that was not described",
      });
      return false;
    }
    if (incl > MAX_PACKET_BYTES) {
      this.fatal(ioMessages.absurdLength, {
        where,
        length: incl,
        limit: `${MAX_PACKET_BYTES} bytes`,
      });
      return false;
    }
    if (headerBytes + incl + 4 > blockLen) {
      this.fatal(ioMessages.recordPastEnd, { where, what: `its ${incl} captured bytes` });
      return false;
    }
    return true;
  }
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
      const units = v & 0x80 ? 1n << BigInt(v & 0x7f) : 10n ** BigInt(v);
      return units === 0n ? 1_000_000n : units;
    }
    off += 4 + Math.ceil(len / 4) * 4;
  }
  return 1_000_000n;
}

/**
 * The packets of a capture read from `chunks` (a file or standard input stream), as they
 * complete, one array per chunk. Diagnostics go to the parser's sink as they are found.
 */
export async function* streamCapture(
  chunks: AsyncIterable<Uint8Array>,
  parser: CaptureParser,
): AsyncGenerator<CapturedPacket[]> {
  for await (const chunk of chunks) {
    if (parser.stopped) break;
    yield parser.push(chunk);
  }
  yield parser.end();
}
