// `run --aggregate`: the flow table, with the kernel `--flow-table`'s semantics: one entry per
// distinct key (the whole key, status block included, so rejected packets count under keys of
// their own that say why), with packets, bytes (the length on the wire), and the timestamps of
// the first and the last packet seen. Workers fill partial tables that are merged in packet
// order, so the table and its order do not depend on the number of jobs.

export interface Flow {
  readonly key: Uint8Array;
  packets: number;
  bytes: number;
  first: bigint;
  last: bigint;
  /** The number of the flow's first packet (ties in the sort keep capture order). */
  readonly firstPacket: number;
}

/** A partial table packed for transfer between threads, in first-seen order. */
export interface FlowTablePart {
  readonly count: number;
  readonly keySize: number;
  readonly keys: Uint8Array;
  readonly packets: Float64Array;
  readonly bytes: Float64Array;
  readonly first: BigInt64Array;
  readonly last: BigInt64Array;
  readonly firstPacket: Float64Array;
}

export type FlowOrder = "packets" | "bytes";

export class FlowTable {
  private readonly flows = new Map<string, Flow>();

  get size(): number {
    return this.flows.size;
  }

  add(key: Uint8Array, bytes: number, timestampNs: bigint, packet: number): void {
    const id = Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("latin1");
    const f = this.flows.get(id);
    if (f) {
      f.packets++;
      f.bytes += bytes;
      f.last = timestampNs;
    } else
      this.flows.set(id, {
        key,
        packets: 1,
        bytes,
        first: timestampNs,
        last: timestampNs,
        firstPacket: packet,
      });
  }

  /** Adds a part whose packets all come after every packet already counted. */
  merge(part: FlowTablePart): void {
    for (let i = 0; i < part.count; i++) {
      const key = part.keys.subarray(i * part.keySize, (i + 1) * part.keySize);
      const id = Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("latin1");
      const f = this.flows.get(id);
      if (f) {
        f.packets += part.packets[i]!;
        f.bytes += part.bytes[i]!;
        f.last = part.last[i]!;
      } else
        this.flows.set(id, {
          key: key.slice(),
          packets: part.packets[i]!,
          bytes: part.bytes[i]!,
          first: part.first[i]!,
          last: part.last[i]!,
          firstPacket: part.firstPacket[i]!,
        });
    }
  }

  part(): FlowTablePart {
    const flows = [...this.flows.values()];
    const keySize = flows[0]?.key.length ?? 0;
    const keys = new Uint8Array(keySize * flows.length);
    flows.forEach((f, i) => keys.set(f.key, i * keySize));
    return {
      count: flows.length,
      keySize,
      keys,
      packets: Float64Array.from(flows, (f) => f.packets),
      bytes: Float64Array.from(flows, (f) => f.bytes),
      first: BigInt64Array.from(flows, (f) => f.first),
      last: BigInt64Array.from(flows, (f) => f.last),
      firstPacket: Float64Array.from(flows, (f) => f.firstPacket),
    };
  }

  /** The flows, most packets (or bytes) first, ties in order of first appearance; `top` at most. */
  sorted(order: FlowOrder, top?: number): Flow[] {
    const all = [...this.flows.values()].sort(
      (a, b) => b[order] - a[order] || a.firstPacket - b.firstPacket,
    );
    return top === undefined ? all : all.slice(0, top);
  }
}
