// Writes classic pcap files (microsecond timestamps, Ethernet link type) for the project's own
// test corpus. A record may be cut short as a capture with a small snap length cuts it: `data` is
// what was captured and `origLen` the length on the wire.

export interface PcapRecord {
  readonly data: Uint8Array;
  /** Length on the wire; more than data.length for a frame cut by the snap length. */
  readonly origLen?: number;
  /** Microseconds since the epoch. */
  readonly timeUs: number;
}

export function writePcap(records: readonly PcapRecord[], linkType = 1): Uint8Array {
  const size = 24 + records.reduce((n, r) => n + 16 + r.data.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 262144, true);
  v.setUint32(20, linkType, true);
  let at = 24;
  for (const r of records) {
    v.setUint32(at, Math.floor(r.timeUs / 1e6), true);
    v.setUint32(at + 4, r.timeUs % 1e6, true);
    v.setUint32(at + 8, r.data.length, true);
    v.setUint32(at + 12, r.origLen ?? r.data.length, true);
    out.set(r.data, at + 16);
    at += 16 + r.data.length;
  }
  return out;
}
