// The state and helpers the compiled interpreter's generated code runs over: slot arrays, header
// validity, bit reads, stack and value-set helpers, and multi-byte key stores.

import type * as Ir from "../ir/ir.js";
import { readBitsBig, readBitsNumber } from "./bits.js";
import { isMid, storedAsNumber } from "./compile-expr.js";
import { normalize, type InterpOptions } from "./machine.js";

/**
 * The state and helpers the generated code runs over. The generated source binds them to short
 * local names (numbers → n, bigints → b, varbitLengths → vl, readNumber → rdn, readBig → rdb,
 * stackField → sf, stackValid → sv) to keep the code it builds compact.
 */
export interface Runtime {
  /** Each slot stored as a number (storedAsNumber), by slot id. */
  readonly numbers: Float64Array;
  /** Each slot stored as a bigint (wider than a number holds exactly), by slot id. */
  readonly bigints: bigint[];
  /** Each varbit slot's current length in bits, by slot id. */
  readonly varbitLengths: Int32Array;
  /** Each header's validity (0 or 1), by header id. */
  readonly valid: Uint8Array;
  readNumber(data: Uint8Array, pos: number, w: number): number;
  readBig(data: Uint8Array, pos: number, w: number): bigint;
  /** A field of a stack element chosen at run time; 0 when out of range or invalid. */
  stackField(stack: number, field: number, index: number): number | bigint;
  /** Whether a stack element chosen at run time is valid (0 out of range). */
  stackValid(stack: number, index: number): number;
  idx(v: bigint): number;
  vsHas(set: number, key: string): boolean;
  shift(stack: number, pushFront: number, count: number): void;
  put(key: Uint8Array, offset: number, size: number, v: number, little: boolean): void;
  /** `v` (at least 0, below 2^(8 * size)) in `size` bytes, most significant first. */
  putBig(key: Uint8Array, offset: number, size: number, v: bigint): void;
  /** A big-endian 64-bit word of `data` at byte `at`. */
  readWord64(data: Uint8Array, at: number): bigint;
}

/** The helpers the generated code calls, over state shared with it. */
export function runtime(ir: Ir.IrProgram, options: InterpOptions): Runtime {
  const n = new Float64Array(ir.slots.length);
  const b = new Array<bigint>(ir.slots.length).fill(0n);
  const vl = new Int32Array(ir.slots.length);
  const valid = new Uint8Array(Math.max(1, ir.headers.length));
  // Which slots live in the number array, and which of those are read as bigints (mid).
  const small = ir.slots.map((s) => storedAsNumber(s.type));
  const mid = ir.slots.map((s) => isMid(s.type));
  // Value sets: each entry normalised to its key types, as strings "v0,v1,...".
  const sets = ir.valueSets.map(
    (vs) =>
      new Set(
        (options.valueSets?.get(vs.id) ?? [])
          .filter((e) => e.length === vs.keyTypes.length)
          .map((e) => e.map((v, i) => String(normalize(v, vs.keyTypes[i]!))).join(",")),
      ),
  );
  const header = (stack: number, index: number): Ir.IrHeader | undefined => {
    const s = ir.stacks[stack]!;
    const el = index >= 0 && index < s.size ? s.elements[index] : undefined;
    return el?.kind === "header" ? el : undefined;
  };
  // 64-bit reads and writes go through a DataView over the array last used (the packet's buffer
  // for a whole batch, the key array for every key).
  let readView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(8));
  let readOf: Uint8Array | undefined;
  let writeView = readView;
  let writeOf: Uint8Array | undefined;
  return {
    numbers: n,
    bigints: b,
    varbitLengths: vl,
    valid,
    readNumber: readBitsNumber,
    readWord64(data, at) {
      if (data !== readOf) {
        readView = new DataView(data.buffer, data.byteOffset, data.byteLength);
        readOf = data;
      }
      return readView.getBigUint64(at);
    },
    readBig: readBitsBig,
    stackField(stack, field, index) {
      const first = ir.stacks[stack]!.elements[0];
      const slot = first?.kind === "header" ? first.fields[field]!.slot : -1;
      const asNumber = slot >= 0 && small[slot]! && !mid[slot]!;
      const h = header(stack, index);
      const f = h?.fields[field];
      if (!f || !valid[h!.id]) return asNumber ? 0 : 0n;
      if (mid[f.slot]) return BigInt(n[f.slot]!);
      return asNumber ? n[f.slot]! : b[f.slot]!;
    },
    stackValid(stack, index) {
      const h = header(stack, index);
      return h && valid[h.id] ? 1 : 0;
    },
    idx(v) {
      return v >= 0n && v < 1n << 31n ? Number(v) : -1;
    },
    vsHas(set, key) {
      return sets[set]!.has(key);
    },
    shift(stackId, pushFront, count) {
      const stack = ir.stacks[stackId]!;
      const hs = stack.elements.filter((e): e is Ir.IrHeader => e.kind === "header");
      if (hs.length !== stack.size) return;
      const snapshot = hs.map((h) => ({
        valid: valid[h.id]!,
        values: h.fields.map((f) => (small[f.slot] ? n[f.slot]! : b[f.slot]!)),
      }));
      const size = stack.size;
      for (let i = 0; i < size; i++) {
        const from = pushFront ? i - count : i + count;
        const src = from >= 0 && from < size ? snapshot[from] : undefined;
        const h = hs[i]!;
        valid[h.id] = src?.valid ?? 0;
        h.fields.forEach((f, k) => {
          if (small[f.slot]) n[f.slot] = src ? (src.values[k] as number) : 0;
          else b[f.slot] = src ? (src.values[k] as bigint) : 0n;
        });
      }
      const next = n[stack.nextIndexSlot]!;
      n[stack.nextIndexSlot] = pushFront ? Math.min(size, next + count) : Math.max(0, next - count);
    },
    put(key, offset, size, v, little) {
      // Two's complement of v in `size` bytes (v is an integer below 2^53 in magnitude).
      let x = v;
      for (let i = 0; i < size; i++) {
        const byte = ((x % 256) + 256) % 256;
        key[offset + (little ? i : size - 1 - i)] = byte;
        x = Math.floor(x / 256);
      }
    },
    putBig(key, offset, size, v) {
      // Most significant byte first: 8 bytes at a time from the end (setBigUint64 takes the low
      // 64 bits without a new bigint), then the rest (below 2^56) as a number.
      let x = v;
      let end = offset + size;
      if (size >= 8) {
        if (key !== writeOf) {
          writeView = new DataView(key.buffer, key.byteOffset, key.byteLength);
          writeOf = key;
        }
        for (;;) {
          writeView.setBigUint64(end - 8, x);
          end -= 8;
          if (end === offset) return;
          x >>= 64n;
          if (end - offset < 8) break;
        }
      }
      let rest = Number(x);
      for (; end > offset; end--, rest = Math.floor(rest / 256)) key[end - 1] = rest % 256;
    },
  };
}
