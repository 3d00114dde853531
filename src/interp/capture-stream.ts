// Reading packet captures incrementally: classic pcap (both byte orders, microsecond and
// nanosecond magics, the FCS bits of the link-type field) and pcapng (sections in either byte
// order, interface descriptions with their link type and timestamp resolution, enhanced, simple
// and obsolete packet blocks; other blocks skipped), fed chunk by chunk so a capture of any size
// is read in the memory of one record. Every packet comes out as an Ethernet frame
// (link-types.ts). Packets are numbered as Wireshark numbers frames (1-based, packets only).
// Two interfaces: `push`/`end` give packet objects (the library, the tests); `parse` hands each
// packet to a sink as a range of the caller's buffer, with no object or copy per packet (`run`).
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
  toEthernetInPlace,
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

/** Where `parse` puts each packet: bytes [start, end) of `buf`, an Ethernet frame. */
export interface PacketSink {
  packet(
    buf: Uint8Array,
    start: number,
    end: number,
    origLen: number,
    /** The timestamp: whole seconds since 1970, and nanoseconds (below 10^9). */
    seconds: number,
    nanos: number,
    index: number,
  ): void;
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
  /** The same as a number when the exact fast path applies (at most 9 * 10^6), else 0. */
  readonly fastUnits: number;
}

/**
 * A push parser: `push` each chunk as it arrives and take the packets it completes; `end` once
 * the input is over. Or `parse` a buffer the caller manages. After an error (`stopped`),
 * further input is ignored.
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
  /** End of the bytes to parse in buf. */
  private limit = 0;
  /** File offset of buf[0]. */
  private base = 0;
  private le = true;
  private nano = false;
  private fcsBytes = 0;
  private blocks = 0;
  private interfaces: Interface[] = [];
  private out: PacketSink = { packet: () => undefined };

  /**
   * `inPlace`: packets of other link types are made Ethernet frames inside the buffer given to
   * `parse` (over their record headers), which must then be the caller's to change.
   */
  constructor(
    private readonly file: string,
    private readonly sink: DiagnosticSink,
    private readonly inPlace = false,
  ) {}

  /** Bytes consumed so far (whole records). */
  get offset(): number {
    return this.base + this.pos;
  }

  /**
   * Parses the whole records in buf[from, to) and hands their packets to `out`; returns where
   * the first record not yet complete starts. `buf` holds the file from the offset where the
   * previous buffer's unparsed bytes began (see `moved`); at the end of the input (`atEnd`) an
   * incomplete record is an error.
   */
  parse(buf: Uint8Array, from: number, to: number, atEnd: boolean, out: PacketSink): number {
    if (buf !== this.buf) {
      this.buf = buf;
      this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    this.pos = from;
    this.limit = to;
    this.out = out;
    while (!this.stopped && this.step(atEnd));
    return this.pos;
  }

  /** The caller dropped the first `bytes` bytes of its buffer (the rest moved to the front). */
  moved(bytes: number): void {
    this.base += bytes;
  }

  push(chunk: Uint8Array): CapturedPacket[] {
    if (this.stopped) return [];
    const rest = this.limit - this.pos;
    let buf = chunk;
    if (rest > 0) {
      buf = new Uint8Array(rest + chunk.length);
      buf.set(this.buf.subarray(this.pos, this.limit));
      buf.set(chunk, rest);
    }
    this.moved(this.pos);
    return this.collect(buf, false);
  }

  /** The input is over: whatever is left is a cut record. */
  end(): CapturedPacket[] {
    if (this.stopped) return [];
    return this.collect(this.buf, true);
  }

  private collect(buf: Uint8Array, atEnd: boolean): CapturedPacket[] {
    const packets: CapturedPacket[] = [];
    const from = buf === this.buf ? this.pos : 0;
    const to = buf === this.buf ? this.limit : buf.length;
    this.parse(buf, from, to, atEnd, {
      packet: (b, start, end, origLen, seconds, nanos, index) =>
        packets.push({
          data: b.subarray(start, end),
          origLen,
          timestampNs: BigInt(seconds) * 1_000_000_000n + BigInt(nanos),
          index,
        }),
    });
    return packets;
  }

  /** Parses one record if it is complete; false when more input is needed (or at the end). */
  private step(atEnd: boolean): boolean {
    const avail = this.limit - this.pos;
    if (this.format === undefined) return this.header(atEnd);
    if (avail === 0) return false;
    return this.format === "pcap" ? this.pcapRecord(atEnd) : this.pcapngBlock(atEnd);
  }

  private view(at: number, size: number): DataView {
    return new DataView(this.buf.buffer, this.buf.byteOffset + at, size);
  }

  private header(atEnd: boolean): boolean {
    const avail = this.limit - this.pos;
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

  private pcapRecord(atEnd: boolean): boolean {
    const avail = this.limit - this.pos;
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
    let end = at + 16 + incl;
    this.pos = end;
    // A whole frame with its FCS: the parser sees the frame without it.
    if (this.fcsBytes > 0 && incl === orig && incl >= this.fcsBytes) end -= this.fcsBytes;
    // The fraction may exceed a second in a damaged file: it carries into the seconds.
    const fracNs = this.nano ? frac : frac * 1000;
    const carry = fracNs >= 1e9 ? Math.floor(fracNs / 1e9) : 0;
    this.emit(
      this.linkType!,
      at,
      at + 16,
      end,
      orig,
      sec + carry,
      fracNs - carry * 1e9,
      number,
      where,
    );
    return true;
  }

  private emit(
    linkType: number,
    record: number,
    start: number,
    end: number,
    origLen: number,
    seconds: number,
    nanos: number,
    index: number,
    where: string | (() => string),
  ): void {
    const place = () => (typeof where === "string" ? where : where());
    if (end === start) {
      this.sink.report(ioMessages.emptyRecord, undefined, { file: this.file, where: place() });
      return;
    }
    if (linkType === LINKTYPE_ETHERNET) {
      this.out.packet(this.buf, start, end, origLen, seconds, nanos, index);
      return;
    }
    let frame: Uint8Array | string;
    let from = 0;
    if (this.inPlace) {
      // The synthetic header needs 14 bytes before the payload: a simple packet block's header
      // has 12, so its packet moves 2 bytes on, into its trailer.
      if (start - record < 14) {
        this.buf.copyWithin(start + 2, start, end);
        start += 2;
        end += 2;
      }
      const at = toEthernetInPlace(linkType, this.buf, start, end);
      frame = typeof at === "string" ? at : this.buf;
      from = typeof at === "string" ? 0 : at;
    } else {
      frame = toEthernet(linkType, this.buf.subarray(start, end));
      end = typeof frame === "string" ? 0 : frame.length;
    }
    if (typeof frame === "string") {
      this.sink.report(ioMessages.noEthernetFrame, undefined, {
        file: this.file,
        where: place(),
        reason: frame,
      });
      return;
    }
    this.out.packet(frame, from, end, origLen, seconds, nanos, index);
  }

  private pcapngBlock(atEnd: boolean): boolean {
    const avail = this.limit - this.pos;
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
        const units = tsResolution(v, 16, len - 4, this.le);
        this.interfaces.push({
          linkType,
          tsUnitsPerSecond: units,
          fastUnits: units <= 9_000_000n ? Number(units) : 0,
        });
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
        const [seconds, nanos] = timestamp(
          v.getUint32(12, this.le),
          v.getUint32(16, this.le),
          ifc!,
        );
        this.emit(ifc!.linkType, at, at + 28, at + 28 + incl, orig, seconds, nanos, number, where);
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
        this.emit(ifc!.linkType, at, at + 12, at + 12 + incl, orig, 0, 0, number, where);
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

/**
 * A pcapng timestamp of `hi` and `lo` 32-bit halves in the interface's units, as whole seconds
 * and nanoseconds (rounded down, as (ticks * 10^9) / units): in numbers when they are exact,
 * else through bigints.
 */
function timestamp(hi: number, lo: number, ifc: Interface): [number, number] {
  const units = ifc.fastUnits;
  if (units > 0 && hi < 0x200000) {
    // Every product below stays under 2^53; a quotient the division rounded is put right.
    const ticks = hi * 4294967296 + lo;
    let seconds = Math.floor(ticks / units);
    let rest = ticks - seconds * units;
    if (rest < 0) (seconds--, (rest += units));
    else if (rest >= units) (seconds++, (rest -= units));
    const scaled = rest * 1e9;
    let nanos = Math.floor(scaled / units);
    if (nanos * units > scaled) nanos--;
    else if ((nanos + 1) * units <= scaled) nanos++;
    return [seconds, nanos];
  }
  const ns = (((BigInt(hi) << 32n) | BigInt(lo)) * 1_000_000_000n) / ifc.tsUnitsPerSecond;
  return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
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
