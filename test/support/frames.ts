// Small builders for test frames: each returns the header's bytes, to be concatenated. Fields a
// test does not name get plain defaults; checksums are left zero (no parser here checks them).

export function bytes(...parts: (Uint8Array | number[])[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const u16 = (v: number) => [(v >> 8) & 255, v & 255];
const u32 = (v: number) => [(v >>> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255];

export function ether(type: number): Uint8Array {
  return bytes([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2], u16(type));
}

export function vlanTag(vid: number, type: number): Uint8Array {
  return bytes(u16(vid & 0xfff), u16(type));
}

export function mplsLabel(label: number, bottom: boolean): Uint8Array {
  return bytes(u32(((label & 0xfffff) << 12) | (bottom ? 1 << 8 : 0) | 64));
}

export function ipv4(o: {
  proto: number;
  src?: number;
  dst?: number;
  options?: number;
  moreFragments?: boolean;
  fragOffset?: number;
  version?: number;
  ihl?: number;
}): Uint8Array {
  const options = o.options ?? 0;
  const ihl = o.ihl ?? 5 + options / 4;
  const frag = ((o.moreFragments ? 1 : 0) << 13) | (o.fragOffset ?? 0);
  return bytes(
    [((o.version ?? 4) << 4) | ihl, 0],
    u16(20 + options),
    u16(1),
    u16(frag),
    [64, o.proto],
    u16(0),
    u32(o.src ?? 0x0a000001),
    u32(o.dst ?? 0x0a000002),
    new Array<number>(options).fill(1),
  );
}

/** An IPv6 address with `last` as its final 32 bits. */
export function v6(last: number): number[] {
  return [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, ...u32(last)];
}

export function ipv6(o: {
  next: number;
  src?: number;
  dst?: number;
  flowLabel?: number;
}): Uint8Array {
  const fl = o.flowLabel ?? 0;
  return bytes(u32((6 << 28) | fl), u16(0), [o.next, 64], v6(o.src ?? 1), v6(o.dst ?? 2));
}

/** A hop-by-hop or destination options header of 8 * (extLen + 1) bytes. */
export function ipv6Options(next: number, extLen = 0): Uint8Array {
  return bytes([next, extLen], new Array<number>(6 + 8 * extLen).fill(0));
}

export function ipv6Fragment(next: number, offset: number, more: boolean): Uint8Array {
  return bytes([next, 0], u16((offset << 3) | (more ? 1 : 0)), u32(7));
}

export function tcp(sport: number, dport: number, dataOffset = 5): Uint8Array {
  return bytes(
    u16(sport),
    u16(dport),
    u32(1),
    u32(0),
    [dataOffset << 4, 0x02],
    u16(1024),
    u16(0),
    u16(0),
    new Array<number>(Math.max(0, dataOffset - 5) * 4).fill(1),
  );
}

export function udp(sport: number, dport: number): Uint8Array {
  return bytes(u16(sport), u16(dport), u16(8), u16(0));
}

export function icmp(type: number, code: number): Uint8Array {
  return bytes([type, code], u16(0), u32(0));
}

export function gre(o: {
  proto: number;
  checksum?: boolean;
  key?: boolean;
  sequence?: boolean;
  version?: number;
}): Uint8Array {
  const flags =
    (o.checksum ? 0x8000 : 0) | (o.key ? 0x2000 : 0) | (o.sequence ? 0x1000 : 0) | (o.version ?? 0);
  const words = [o.checksum, o.key, o.sequence].filter(Boolean).length;
  return bytes(u16(flags), u16(o.proto), new Array<number>(4 * words).fill(0x11));
}

export function arp(o: { op: number; sha: number[]; spa: number; tha: number[]; tpa: number }) {
  return bytes(u16(1), u16(0x0800), [6, 4], u16(o.op), o.sha, u32(o.spa), o.tha, u32(o.tpa));
}

/** An 802.3 length, then LLC (and SNAP when `snapType` is given). */
export function llc(snapType?: number): Uint8Array {
  return snapType === undefined
    ? bytes([0x42, 0x42, 0x03], new Array<number>(20).fill(0))
    : bytes([0xaa, 0xaa, 0x03, 0, 0, 0], u16(snapType));
}

/** An ICMPv6 neighbour solicitation (135) or advertisement (136) with raw option bytes. */
export function neighbour(type: 135 | 136, target: number, options: number[] = []): Uint8Array {
  return bytes([type, 0], u16(0), u32(0), v6(target), options);
}

export function lladdrOption(type: 1 | 2, mac: number[]): number[] {
  return [type, 1, ...mac];
}

/** NSH: base header, service path header, then MD type 1 context or MD type 2 TLV bytes. */
export function nsh(o: {
  mdType: number;
  ttl: number;
  np: number;
  spi: number;
  si: number;
  md: number[];
}) {
  const len = (8 + o.md.length) / 4;
  return bytes(u16((o.ttl << 6) | len), [o.mdType, o.np], u32((o.spi << 8) | o.si), o.md);
}
