// `run --aggregate`: the flow table, with the kernel `--flow-table`'s semantics: one entry per
// distinct key (the whole key, status block included, so rejected packets count under keys of
// their own that say why), with packets, bytes (the length on the wire), and the timestamps of
// the first and the last packet seen. Built for tens of millions of packets: the parser writes
// each key into the table's own scratch array, which is hashed and compared word by word in
// place (straight-line code made once per key size); flows live in typed arrays (open
// addressing, no object or string per packet or flow). Each worker
// fills a table of its own; tables merge by packet number (a flow's first and last
// packets are the lowest and highest numbers seen), so the result does not depend on which
// worker saw which packets, nor on the number of jobs.

/** A flow as the output formats take it. */
export interface Flow {
  readonly key: Uint8Array;
  readonly packets: number;
  readonly bytes: number;
  readonly first: Timestamp;
  readonly last: Timestamp;
  /** The number of the flow's first packet (ties in the sort keep capture order). */
  readonly firstPacket: number;
}

/** Whole seconds since 1970 and nanoseconds (both exact). */
export interface Timestamp {
  readonly seconds: number;
  readonly nanos: number;
}

/** A table packed for transfer between threads. */
export interface FlowTablePart {
  readonly count: number;
  readonly keySize: number;
  /** Keys at a stride of keySize rounded up to 4 bytes. */
  readonly keys: Uint8Array;
  readonly stats: Float64Array;
}

export type FlowOrder = "packets" | "bytes";

/** Per-flow numbers, STATS of them per flow in one array. */
const PACKETS = 0;
const BYTES = 1;
const FIRST_SECONDS = 2;
const FIRST_NANOS = 3;
const FIRST_PACKET = 4;
const LAST_SECONDS = 5;
const LAST_NANOS = 6;
const LAST_PACKET = 7;
const STATS = 8;

const EMPTY = -1;

/** Hashing and comparing keys of a given number of 32-bit words. */
interface KeyOps {
  /** A 32-bit hash of the words. */
  hash(w: Int32Array): number;
  /** Whether keys[at, at + words) holds the same words as `w`. */
  same(keys: Int32Array, at: number, w: Int32Array): boolean;
}

const keyOpsByWords = new Map<number, KeyOps>();

/**
 * Straight-line code for keys of `words` words (generated once per size): a multiplicative hash
 * in four independent lanes (so the multiplications overlap instead of waiting on each other),
 * then a final mix; and a comparison word by word with no loop.
 */
function keyOps(words: number): KeyOps {
  let ops = keyOpsByWords.get(words);
  if (ops) return ops;
  const lane = ["a", "b", "c", "d"];
  const steps: string[] = [];
  for (let i = 0; i < words; i++) {
    const x = lane[i % 4]!;
    steps.push(`${x} = Math.imul(${x} ^ w[${i}], 0x9e3779b1); ${x} ^= ${x} >>> 15;`);
  }
  const hash = new Function(
    "w",
    `"use strict";
let a = 0x811c9dc5 | 0, b = 0x9e3779b9 | 0, c = 0x85ebca6b | 0, d = 0xc2b2ae35 | 0;
${steps.join("\n")}
let h = a ^ Math.imul(b, 3) ^ Math.imul(c, 5) ^ Math.imul(d, 7);
h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
return h ^ (h >>> 16);`,
  ) as KeyOps["hash"];
  const same = new Function(
    "keys",
    "at",
    "w",
    `"use strict";
return ${Array.from({ length: words }, (_, i) => `keys[at + ${i}] === w[${i}]`).join(" && ") || "true"};`,
  ) as KeyOps["same"];
  ops = { hash, same };
  keyOpsByWords.set(words, ops);
  return ops;
}

export class FlowTable {
  /** Where a key is written to be counted (`count`) or looked up: keySize bytes, zero-padded. */
  readonly scratch: Uint8Array;
  private readonly scratchWords: Int32Array;
  /** Key bytes rounded up to whole 32-bit words. */
  private readonly stride: number;
  private readonly words: number;
  private capacity = 1024;
  private keyWords: Int32Array;
  private stats: Float64Array;
  private hashes: Int32Array;
  /** Open-addressing index: flow numbers, EMPTY where free; its size a power of two. */
  private index: Int32Array;
  private mask: number;
  private readonly ops: KeyOps;
  size = 0;

  constructor(readonly keySize: number) {
    this.words = Math.ceil(keySize / 4);
    this.stride = this.words * 4;
    const buffer = new ArrayBuffer(this.stride);
    this.scratch = new Uint8Array(buffer, 0, keySize);
    this.scratchWords = new Int32Array(buffer);
    this.keyWords = new Int32Array(this.capacity * this.words);
    this.stats = new Float64Array(this.capacity * STATS);
    this.hashes = new Int32Array(this.capacity);
    this.index = new Int32Array(this.capacity * 2).fill(EMPTY);
    this.mask = this.index.length - 1;
    this.ops = keyOps(this.words);
  }

  /** Counts one packet under the key in `scratch`. */
  count(bytes: number, seconds: number, nanos: number, packet: number): void {
    const flow = this.find(this.hash());
    const s = this.stats;
    const at = flow * STATS;
    if (s[at + PACKETS] === 0) {
      s[at + FIRST_SECONDS] = seconds;
      s[at + FIRST_NANOS] = nanos;
      s[at + FIRST_PACKET] = packet;
    }
    s[at + PACKETS]!++;
    s[at + BYTES]! += bytes;
    s[at + LAST_SECONDS] = seconds;
    s[at + LAST_NANOS] = nanos;
    s[at + LAST_PACKET] = packet;
  }

  /** Adds another table's flows (from other packets of the same capture). */
  merge(part: FlowTablePart): void {
    const words = new Int32Array(part.keys.buffer, part.keys.byteOffset, part.count * this.words);
    for (let i = 0; i < part.count; i++) {
      for (let w = 0; w < this.words; w++) this.scratchWords[w] = words[i * this.words + w]!;
      const flow = this.find(this.hash());
      const s = this.stats;
      const at = flow * STATS;
      const from = i * STATS;
      const p = part.stats;
      if (s[at + PACKETS] === 0 || p[from + FIRST_PACKET]! < s[at + FIRST_PACKET]!) {
        s[at + FIRST_SECONDS] = p[from + FIRST_SECONDS]!;
        s[at + FIRST_NANOS] = p[from + FIRST_NANOS]!;
        s[at + FIRST_PACKET] = p[from + FIRST_PACKET]!;
      }
      if (s[at + PACKETS] === 0 || p[from + LAST_PACKET]! > s[at + LAST_PACKET]!) {
        s[at + LAST_SECONDS] = p[from + LAST_SECONDS]!;
        s[at + LAST_NANOS] = p[from + LAST_NANOS]!;
        s[at + LAST_PACKET] = p[from + LAST_PACKET]!;
      }
      s[at + PACKETS]! += p[from + PACKETS]!;
      s[at + BYTES]! += p[from + BYTES]!;
    }
  }

  /** The table packed for transfer (copies: the table stays usable). */
  part(): FlowTablePart {
    return {
      count: this.size,
      keySize: this.keySize,
      keys: new Uint8Array(this.keyWords.buffer.slice(0, this.size * this.stride)),
      stats: this.stats.slice(0, this.size * STATS),
    };
  }

  /** The flow numbers, most packets (or bytes) first, ties in order of first appearance; `top` at most. */
  ranked(order: FlowOrder, top?: number): Uint32Array {
    const by = order === "packets" ? PACKETS : BYTES;
    const s = this.stats;
    const flows = new Uint32Array(this.size);
    for (let i = 0; i < flows.length; i++) flows[i] = i;
    flows.sort(
      (a, b) =>
        s[b * STATS + by]! - s[a * STATS + by]! ||
        s[a * STATS + FIRST_PACKET]! - s[b * STATS + FIRST_PACKET]!,
    );
    return flows.subarray(0, Math.min(top ?? flows.length, flows.length));
  }

  /** Every key's bytes: flow i's key is at i * keyStride (valid until the table grows). */
  keyBytes(): Uint8Array {
    return new Uint8Array(this.keyWords.buffer);
  }

  get keyStride(): number {
    return this.stride;
  }

  /** Flow `i`'s counts and timestamps. */
  counts(i: number): Omit<Flow, "key"> {
    const s = this.stats;
    const at = i * STATS;
    return {
      packets: s[at + PACKETS]!,
      bytes: s[at + BYTES]!,
      first: { seconds: s[at + FIRST_SECONDS]!, nanos: s[at + FIRST_NANOS]! },
      last: { seconds: s[at + LAST_SECONDS]!, nanos: s[at + LAST_NANOS]! },
      firstPacket: s[at + FIRST_PACKET]!,
    };
  }

  /** Flow `i`, its key copied. */
  flow(i: number): Flow {
    return {
      key: this.keyBytes().slice(i * this.stride, i * this.stride + this.keySize),
      ...this.counts(i),
    };
  }

  private hash(): number {
    return this.ops.hash(this.scratchWords);
  }

  /** The flow of the scratch key, added (with zero counts) if it is new. */
  private find(hash: number): number {
    const words = this.words;
    const w = this.scratchWords;
    const keys = this.keyWords;
    const same = this.ops.same;
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const flow = this.index[i]!;
      if (flow === EMPTY) break;
      if (this.hashes[flow] === hash && same(keys, flow * words, w)) return flow;
    }
    return this.insert(hash);
  }

  private insert(hash: number): number {
    if (this.size === this.capacity) this.grow();
    const flow = this.size++;
    this.keyWords.set(this.scratchWords, flow * this.words);
    this.hashes[flow] = hash;
    if (this.size * 2 > this.index.length) this.reindex();
    else this.place(flow);
    return flow;
  }

  private place(flow: number): void {
    let i = this.hashes[flow]! & this.mask;
    while (this.index[i] !== EMPTY) i = (i + 1) & this.mask;
    this.index[i] = flow;
  }

  private grow(): void {
    this.capacity *= 2;
    const keyWords = new Int32Array(this.capacity * this.words);
    keyWords.set(this.keyWords);
    this.keyWords = keyWords;
    const stats = new Float64Array(this.capacity * STATS);
    stats.set(this.stats);
    this.stats = stats;
    const hashes = new Int32Array(this.capacity);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }

  private reindex(): void {
    this.index = new Int32Array(this.index.length * 2).fill(EMPTY);
    this.mask = this.index.length - 1;
    for (let f = 0; f < this.size; f++) this.place(f);
  }
}
