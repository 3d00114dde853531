// The project's own packet builder, for its test corpus: a packet is a list of layers, outermost
// first, and `build` encodes them from the innermost out, so each header sees its payload and
// fills what depends on it: type and protocol fields from the next layer (an EtherType, an IP
// protocol, a UDP port, a GRE or Geneve protocol, an NSH next protocol), lengths (IPv4 total
// length, IPv6 payload length, UDP length, 802.3 length) and checksums (IPv4, TCP, UDP, ICMP,
// ICMPv6 with the pseudo-header of the nearest enclosing IP layer, GRE, SCTP's CRC32c). A field
// given explicitly wins, so deliberately wrong packets can be built too. Written for this project
// (no packet library for Node covers these protocols with correct checksums).

export type Bytes = Uint8Array | readonly number[];

/** What a layer is called by the layer in front of it. */
interface Codes {
  readonly etherType?: number;
  readonly ipProto?: number;
  readonly udpPort?: number;
  /** NSH next protocol. */
  readonly nsh?: number;
}

/** The addresses a transport checksum's pseudo-header needs. */
interface IpContext {
  readonly version: 4 | 6;
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
}

export interface Layer extends Codes {
  readonly name: string;
  readonly ip?: IpContext;
  encode(payload: Uint8Array, next: Layer | undefined, ip: IpContext | undefined): Uint8Array;
}

// ---- bytes ---------------------------------------------------------------------------------

export function concat(...parts: Bytes[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
const u8 = (v: number) => [v & 255];
const u16 = (v: number) => [(v >>> 8) & 255, v & 255];
const u24 = (v: number) => [(v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const u32 = (v: number) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const put16 = (b: Uint8Array, at: number, v: number) => b.set(u16(v), at);

/** "02:00:00:00:00:01" as 6 bytes. */
export function mac(text: string): Uint8Array {
  const parts = text.split(":").map((h) => parseInt(h, 16));
  if (parts.length !== 6 || parts.some((p) => !(p >= 0 && p <= 255))) throw new Error(text);
  return Uint8Array.from(parts);
}

/** "192.0.2.1" as 4 bytes. */
export function ip4(text: string): Uint8Array {
  const parts = text.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) throw new Error(text);
  return Uint8Array.from(parts);
}

/** "2001:db8::1" as 16 bytes. */
export function ip6(text: string): Uint8Array {
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const a = head ? head.split(":") : [];
  const b = tail ? tail.split(":") : [];
  const groups = tail === undefined ? a : [...a, ...Array(8 - a.length - b.length).fill("0"), ...b];
  if (groups.length !== 8) throw new Error(text);
  return Uint8Array.from(groups.flatMap((g) => u16(parseInt(g, 16))));
}

/** The Internet checksum (RFC 1071) of the concatenated parts. */
export function internetChecksum(...parts: Bytes[]): number {
  const b = concat(...parts);
  let sum = 0;
  for (let i = 0; i < b.length; i += 2) sum += (b[i]! << 8) | (b[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function pseudoHeader(ip: IpContext | undefined, proto: number, length: number): number[] {
  if (!ip) throw new Error("a transport checksum needs an enclosing IP layer");
  return ip.version === 4
    ? [...ip.src, ...ip.dst, 0, proto, ...u16(length)]
    : [...ip.src, ...ip.dst, ...u32(length), 0, 0, 0, proto];
}

let crcTable: Uint32Array | undefined;
/** CRC32c (Castagnoli), as SCTP uses it. */
export function crc32c(b: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function nextCode(next: Layer | undefined, code: keyof Codes, fallback: number, what: string) {
  if (!next) return fallback;
  const v = next[code];
  if (v === undefined) throw new Error(`${what} cannot carry ${next.name}`);
  return v;
}

// ---- link layer -------------------------------------------------------------------------------

export function ethernet(o: { dst?: string; src?: string; type?: number } = {}): Layer {
  return {
    name: "ethernet",
    etherType: 0x6558,
    nsh: 3,
    encode(payload, next) {
      // An LLC payload makes this an 802.3 frame: the type field is the payload's length.
      const type =
        o.type ??
        (next?.name === "llc" ? payload.length : nextCode(next, "etherType", 0x88b5, "ethernet"));
      return concat(
        mac(o.dst ?? "02:00:00:00:00:02"),
        mac(o.src ?? "02:00:00:00:00:01"),
        u16(type),
        payload,
      );
    },
  };
}

/** An 802.1Q tag (`sTag`: an 802.1ad service tag, TPID 0x88a8). */
export function vlan(o: {
  vid: number;
  pcp?: number;
  dei?: boolean;
  sTag?: boolean;
  type?: number;
}): Layer {
  return {
    name: "vlan",
    etherType: o.sTag ? 0x88a8 : 0x8100,
    encode(payload, next) {
      const tci = ((o.pcp ?? 0) << 13) | ((o.dei ? 1 : 0) << 12) | (o.vid & 0xfff);
      return concat(u16(tci), u16(o.type ?? nextCode(next, "etherType", 0x88b5, "vlan")), payload);
    },
  };
}

/** One MPLS label stack entry; bottom of stack when the next layer is not MPLS. */
export function mpls(o: {
  label: number;
  tc?: number;
  ttl?: number;
  multicast?: boolean;
  bos?: boolean;
}): Layer {
  return {
    name: "mpls",
    etherType: o.multicast ? 0x8848 : 0x8847,
    ipProto: 137,
    udpPort: 6635,
    encode(payload, next) {
      const bos = (o.bos ?? next?.name !== "mpls") ? 1 : 0;
      const lse = ((o.label & 0xfffff) << 12) | ((o.tc ?? 0) << 9) | (bos << 8) | (o.ttl ?? 64);
      return concat(u32(lse >>> 0), payload);
    },
  };
}

/** ARP (or RARP) for Ethernet and IPv4; other hardware types by `htype`/`hlen`. */
export function arp(o: {
  op: number;
  sha?: string;
  spa?: string;
  tha?: string;
  tpa?: string;
  rarp?: boolean;
  htype?: number;
}): Layer {
  return {
    name: "arp",
    etherType: o.rarp ? 0x8035 : 0x0806,
    encode(payload) {
      return concat(
        u16(o.htype ?? 1),
        u16(0x0800),
        [6, 4],
        u16(o.op),
        mac(o.sha ?? "02:00:00:00:00:01"),
        ip4(o.spa ?? "192.0.2.1"),
        mac(o.tha ?? "00:00:00:00:00:00"),
        ip4(o.tpa ?? "192.0.2.2"),
        payload,
      );
    },
  };
}

/** An 802.2 LLC header (in an 802.3 frame: see `ethernet`). */
export function llc(o: { dsap: number; ssap: number; control?: number }): Layer {
  return {
    name: "llc",
    encode: (payload) => concat([o.dsap, o.ssap, o.control ?? 3], payload),
  };
}

/** A SNAP header after LLC AA-AA-03: OUI and the next layer's EtherType. */
export function snap(o: { oui?: number; type?: number } = {}): Layer {
  return {
    name: "snap",
    encode: (payload, next) =>
      concat(u24(o.oui ?? 0), u16(o.type ?? nextCode(next, "etherType", 0x88b5, "snap")), payload),
  };
}

/** Network Service Header (RFC 8300), MD type 1 (16 bytes of context) or 2 (TLVs). */
export function nsh(o: {
  spi: number;
  si: number;
  mdType: 1 | 2;
  metadata?: Bytes;
  ttl?: number;
  /** The O (OAM) bit. */
  oam?: boolean;
}): Layer {
  return {
    name: "nsh",
    etherType: 0x894f,
    udpPort: 6633,
    encode(payload, next) {
      const md = Uint8Array.from(o.metadata ?? (o.mdType === 1 ? new Array(16).fill(0) : []));
      const len = (8 + md.length) / 4;
      const ttl = o.ttl ?? 63;
      const word0 =
        ((o.oam ? 1 : 0) << 29) |
        ((ttl & 0x3f) << 22) |
        ((len & 0x3f) << 16) |
        ((o.mdType & 0xf) << 8);
      const proto = nextCode(next, "nsh", 0, "nsh");
      return concat(
        u32((word0 | proto) >>> 0),
        u32(((o.spi & 0xffffff) << 8) | (o.si & 255)),
        md,
        payload,
      );
    },
  };
}

// ---- IP -----------------------------------------------------------------------------------------

export function ipv4(
  o: {
    src?: string;
    dst?: string;
    ttl?: number;
    id?: number;
    tos?: number;
    df?: boolean;
    mf?: boolean;
    /** In 8-byte units. */
    fragOffset?: number;
    options?: Bytes;
    protocol?: number;
    /** Overrides (for broken packets). */
    ihl?: number;
    totalLength?: number;
    version?: number;
  } = {},
): Layer {
  const ip: IpContext = {
    version: 4,
    src: ip4(o.src ?? "192.0.2.1"),
    dst: ip4(o.dst ?? "192.0.2.2"),
  };
  return {
    name: "ipv4",
    etherType: 0x0800,
    ipProto: 4,
    nsh: 1,
    ip,
    encode(payload, next) {
      const options = Uint8Array.from(o.options ?? []);
      if (options.length % 4 !== 0) throw new Error("IPv4 options must fill 4-byte words");
      const ihl = o.ihl ?? 5 + options.length / 4;
      const flags =
        ((o.df ? 1 : 0) << 14) | ((o.mf ? 1 : 0) << 13) | ((o.fragOffset ?? 0) & 0x1fff);
      const h = concat(
        [((o.version ?? 4) << 4) | (ihl & 15), o.tos ?? 0],
        u16(o.totalLength ?? 20 + options.length + payload.length),
        u16(o.id ?? 1),
        u16(flags),
        [o.ttl ?? 64, o.protocol ?? nextCode(next, "ipProto", 59, "ipv4")],
        u16(0),
        ip.src,
        ip.dst,
        options,
      );
      put16(h, 10, internetChecksum(h));
      return concat(h, payload);
    },
  };
}

export function ipv6(
  o: {
    src?: string;
    dst?: string;
    hopLimit?: number;
    flowLabel?: number;
    tc?: number;
    next?: number;
  } = {},
): Layer {
  const ip: IpContext = {
    version: 6,
    src: ip6(o.src ?? "2001:db8::1"),
    dst: ip6(o.dst ?? "2001:db8::2"),
  };
  return {
    name: "ipv6",
    etherType: 0x86dd,
    ipProto: 41,
    nsh: 2,
    ip,
    encode(payload, next) {
      const word = (6 << 28) | ((o.tc ?? 0) << 20) | ((o.flowLabel ?? 0) & 0xfffff);
      return concat(
        u32(word >>> 0),
        u16(payload.length),
        [o.next ?? nextCode(next, "ipProto", 59, "ipv6"), o.hopLimit ?? 64],
        ip.src,
        ip.dst,
        payload,
      );
    },
  };
}

/** Pads TLV options to a multiple of 8 bytes with Pad1/PadN, after the 2-byte header. */
function padOptions(options: Bytes): Uint8Array {
  const body = Uint8Array.from(options);
  const pad = (8 - ((2 + body.length) % 8)) % 8;
  const filler = pad === 0 ? [] : pad === 1 ? [0] : [1, pad - 2, ...new Array(pad - 2).fill(0)];
  return concat(body, filler);
}

/** Hop-by-hop (0) or destination (60) options; `options` are TLVs, padded here. */
export function ipv6Options(o: {
  kind: "hop-by-hop" | "destination";
  options?: Bytes;
  next?: number;
}): Layer {
  return {
    name: `ipv6 ${o.kind} options`,
    ipProto: o.kind === "hop-by-hop" ? 0 : 60,
    encode(payload, next) {
      const body = padOptions(o.options ?? []);
      return concat(
        [o.next ?? nextCode(next, "ipProto", 59, "ipv6 options"), (2 + body.length) / 8 - 1],
        body,
        payload,
      );
    },
  };
}

/** A routing header: type 4 (segment routing) by default, with these segments. */
export function ipv6Routing(o: {
  type?: number;
  segments: string[];
  segmentsLeft?: number;
}): Layer {
  return {
    name: "ipv6 routing",
    ipProto: 43,
    encode(payload, next) {
      const type = o.type ?? 4;
      const addrs = concat(...o.segments.map(ip6));
      const left = o.segmentsLeft ?? o.segments.length - 1;
      const rest = type === 4 ? [o.segments.length - 1, 0, ...u16(0)] : [0, 0, 0, 0]; // last entry, flags, tag
      return concat(
        [nextCode(next, "ipProto", 59, "routing"), addrs.length / 8, type, left],
        rest,
        addrs,
        payload,
      );
    },
  };
}

/** A fragment header; `offset` in 8-byte units, `next` when the payload is a raw slice. */
export function ipv6Fragment(o: {
  offset: number;
  more: boolean;
  id?: number;
  next?: number;
}): Layer {
  return {
    name: "ipv6 fragment",
    ipProto: 44,
    encode: (payload, next) =>
      concat(
        [o.next ?? nextCode(next, "ipProto", 59, "fragment"), 0],
        u16(((o.offset & 0x1fff) << 3) | (o.more ? 1 : 0)),
        u32(o.id ?? 0x1234),
        payload,
      ),
  };
}

/** An authentication header (RFC 4302) with a 12-byte ICV. */
export function authHeader(o: { spi: number; seq: number }): Layer {
  return {
    name: "ah",
    ipProto: 51,
    encode: (payload, next) =>
      concat(
        [nextCode(next, "ipProto", 59, "ah"), 4, 0, 0],
        u32(o.spi),
        u32(o.seq),
        new Array(12).fill(0xab),
        payload,
      ),
  };
}

// ---- transport --------------------------------------------------------------------------------

export const TCP = {
  FIN: 1,
  SYN: 2,
  RST: 4,
  PSH: 8,
  ACK: 16,
  URG: 32,
  ECE: 64,
  CWR: 128,
  AE: 256,
} as const;

export function tcp(o: {
  sport: number;
  dport: number;
  seq?: number;
  ack?: number;
  flags?: number;
  window?: number;
  options?: Bytes;
  urgent?: number;
  /** Override (for broken packets). */
  dataOffset?: number;
}): Layer {
  return {
    name: "tcp",
    ipProto: 6,
    encode(payload, _next, ip) {
      const options = Uint8Array.from(o.options ?? []);
      if (options.length % 4 !== 0) throw new Error("TCP options must fill 4-byte words");
      const offset = o.dataOffset ?? 5 + options.length / 4;
      const flags = o.flags ?? TCP.ACK;
      const h = concat(
        u16(o.sport),
        u16(o.dport),
        u32(o.seq ?? 0),
        u32(o.ack ?? 0),
        u16((offset << 12) | (flags & 0x1ff)),
        u16(o.window ?? 65535),
        u16(0),
        u16(o.urgent ?? 0),
        options,
      );
      const seg = concat(h, payload);
      put16(seg, 16, internetChecksum(pseudoHeader(ip, 6, seg.length), seg));
      return seg;
    },
  };
}

export function udp(o: { sport?: number; dport?: number; checksum?: boolean } = {}): Layer {
  return {
    name: "udp",
    ipProto: 17,
    encode(payload, next, ip) {
      const dport = o.dport ?? nextCode(next, "udpPort", 9, "udp");
      const seg = concat(
        u16(o.sport ?? 40000),
        u16(dport),
        u16(8 + payload.length),
        u16(0),
        payload,
      );
      if (o.checksum !== false) {
        const c = internetChecksum(pseudoHeader(ip, 17, seg.length), seg);
        put16(seg, 6, c === 0 ? 0xffff : c);
      }
      return seg;
    },
  };
}

/** SCTP with its chunks (each given whole, padded here), checksummed with CRC32c. */
export function sctp(o: { sport: number; dport: number; vtag?: number; chunks: Bytes[] }): Layer {
  return {
    name: "sctp",
    ipProto: 132,
    encode(payload) {
      const chunks = o.chunks.map((c) => concat(c, new Array((4 - (c.length % 4)) % 4).fill(0)));
      const p = concat(u16(o.sport), u16(o.dport), u32(o.vtag ?? 0), u32(0), ...chunks, payload);
      const c = crc32c(p);
      p.set([c & 255, (c >>> 8) & 255, (c >>> 16) & 255, c >>> 24], 8); // little-endian on the wire
      return p;
    },
  };
}

/** An SCTP chunk: type, flags, value (the length is filled in). */
export function sctpChunk(type: number, flags: number, value: Bytes): Uint8Array {
  return concat([type, flags], u16(4 + value.length), value);
}

/** ICMP (IPv4): `rest` is the 4 bytes after the checksum; an error's payload is the inner packet. */
export function icmp(o: { type: number; code?: number; rest?: number }): Layer {
  return {
    name: "icmp",
    ipProto: 1,
    encode(payload) {
      const m = concat([o.type, o.code ?? 0], u16(0), u32(o.rest ?? 0), payload);
      put16(m, 2, internetChecksum(m));
      return m;
    },
  };
}

/** ICMPv6: `rest` is the 4 bytes after the checksum; `body` follows (an ND target, options). */
export function icmpv6(o: { type: number; code?: number; rest?: number; body?: Bytes }): Layer {
  return {
    name: "icmpv6",
    ipProto: 58,
    encode(payload, _next, ip) {
      const m = concat([o.type, o.code ?? 0], u16(0), u32(o.rest ?? 0), o.body ?? [], payload);
      put16(m, 2, internetChecksum(pseudoHeader(ip, 58, m.length), m));
      return m;
    },
  };
}

/** An ND link-layer address option: 1 source, 2 target. */
export function ndLinkOption(type: 1 | 2, address: string): Uint8Array {
  return concat([type, 1], mac(address));
}

// ---- tunnels ------------------------------------------------------------------------------------

/** GRE (RFC 2784/2890); version 1 is PPTP's enhanced GRE (key holds payload length and call id). */
export function gre(
  o: { checksum?: boolean; key?: number; seq?: number; version?: 0 | 1; protocol?: number } = {},
): Layer {
  return {
    name: "gre",
    ipProto: 47,
    encode(payload, next) {
      const version = o.version ?? 0;
      const flags =
        ((o.checksum ? 1 : 0) << 15) |
        ((o.key !== undefined ? 1 : 0) << 13) |
        ((o.seq !== undefined ? 1 : 0) << 12);
      const protocol = o.protocol ?? nextCode(next, "etherType", 0x88b5, "gre");
      const key =
        version === 1 ? ((payload.length & 0xffff) << 16) | ((o.key ?? 0) & 0xffff) : o.key;
      const h = concat(
        u16(flags | version),
        u16(protocol),
        o.checksum ? [0, 0, 0, 0] : [],
        key !== undefined ? u32(key >>> 0) : [],
        o.seq !== undefined ? u32(o.seq) : [],
      );
      const m = concat(h, payload);
      if (o.checksum) put16(m, 4, internetChecksum(m));
      return m;
    },
  };
}

/** PPP in HDLC-like framing (address, control, protocol), as PPTP carries it. */
export function ppp(): Layer {
  return {
    name: "ppp",
    etherType: 0x880b,
    encode: (payload, next) => {
      const proto = next?.name === "ipv4" ? 0x0021 : next?.name === "ipv6" ? 0x0057 : 0x0021;
      return concat([0xff, 0x03], u16(proto), payload);
    },
  };
}

export function vxlan(o: { vni: number }): Layer {
  return {
    name: "vxlan",
    udpPort: 4789,
    encode: (payload) => concat([0x08, 0, 0, 0], u24(o.vni), [0], payload),
  };
}

/** Geneve (RFC 8926) with TLV options given whole (class, type, length filled in from data). */
export function geneve(o: {
  vni: number;
  options?: { cls: number; type: number; data: Bytes }[];
  protocol?: number;
}): Layer {
  return {
    name: "geneve",
    udpPort: 6081,
    encode(payload, next) {
      const opts = concat(
        ...(o.options ?? []).map((x) => {
          if (x.data.length % 4 !== 0) throw new Error("Geneve option data fills 4-byte words");
          return concat(u16(x.cls), [x.type, x.data.length / 4], x.data);
        }),
      );
      return concat(
        [opts.length / 4, 0],
        u16(o.protocol ?? nextCode(next, "etherType", 0x6558, "geneve")),
        u24(o.vni),
        [0],
        opts,
        payload,
      );
    },
  };
}

// ---- payload and assembly -------------------------------------------------------------------

export function payload(data: Bytes | string): Layer {
  const b = typeof data === "string" ? new TextEncoder().encode(data) : Uint8Array.from(data);
  return { name: "payload", encode: (p) => concat(b, p) };
}

/** The packet's bytes: layers outermost first. */
export function build(...layers: Layer[]): Uint8Array {
  let out: Uint8Array = new Uint8Array(0);
  for (let i = layers.length - 1; i >= 0; i--) {
    let ip: IpContext | undefined;
    for (let j = i - 1; j >= 0 && !ip; j--) ip = layers[j]!.ip;
    out = layers[i]!.encode(out, layers[i + 1], ip);
  }
  return out;
}
