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

/** FNV-1a over the key's bytes: the table's bucket. */
function hashKey(key: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key[i]!, 0x01000193);
  return h >>> 0;
}

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class FlowTable {
  /** Buckets by hash (a string per packet would cost an allocation each); flows in first-seen
   *  order in `order`. */
  private readonly buckets = new Map<number, Flow[]>();
  private readonly order: Flow[] = [];

  get size(): number {
    return this.order.length;
  }

  private find(key: Uint8Array, hash: number): Flow | undefined {
    const bucket = this.buckets.get(hash);
    if (bucket) for (const f of bucket) if (sameKey(f.key, key)) return f;
    return undefined;
  }

  private insert(flow: Flow, hash: number): void {
    const bucket = this.buckets.get(hash);
    if (bucket) bucket.push(flow);
    else this.buckets.set(hash, [flow]);
    this.order.push(flow);
  }

  add(key: Uint8Array, bytes: number, timestampNs: bigint, packet: number): void {
    const hash = hashKey(key);
    const f = this.find(key, hash);
    if (f) {
      f.packets++;
      f.bytes += bytes;
      f.last = timestampNs;
    } else
      this.insert(
        { key, packets: 1, bytes, first: timestampNs, last: timestampNs, firstPacket: packet },
        hash,
      );
  }

  /** Adds a part whose packets all come after every packet already counted. */
  merge(part: FlowTablePart): void {
    for (let i = 0; i < part.count; i++) {
      const key = part.keys.subarray(i * part.keySize, (i + 1) * part.keySize);
      const hash = hashKey(key);
      const f = this.find(key, hash);
      if (f) {
        f.packets += part.packets[i]!;
        f.bytes += part.bytes[i]!;
        f.last = part.last[i]!;
      } else
        this.insert(
          {
            key: key.slice(),
            packets: part.packets[i]!,
            bytes: part.bytes[i]!,
            first: part.first[i]!,
            last: part.last[i]!,
            firstPacket: part.firstPacket[i]!,
          },
          hash,
        );
    }
  }

  part(): FlowTablePart {
    const flows = this.order;
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
    const all = [...this.order].sort(
      (a, b) => b[order] - a[order] || a.firstPacket - b.firstPacket,
    );
    return top === undefined ? all : all.slice(0, top);
  }
}
