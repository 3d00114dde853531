// `run`'s unit of work: a batch is a piece of the capture as read (its buffer, whole records)
// with where each packet lies in it, found by the reader, and the one processor that turns
// batches into output (keys by the compiled interpreter written in place, or given by the
// kernel; then formatted text, Arrow rows, or counts in a flow table that lasts the whole run).
// The same processor runs in the main thread (one job, the kernel path) and in every worker, so
// the output cannot depend on the number of jobs. Nothing is allocated per packet.

import { compileExtractor } from "../interp/compiled-extractor.js";
import type { PacketSink } from "../interp/capture-stream.js";
import { dissectorEntry } from "../ir/flow-keys.js";
import { InternalError } from "../diagnostics/diagnostic.js";
import { FlowTable, type FlowTablePart } from "./run-aggregate.js";
import { packetWriter } from "./run-formats.js";
import { AsciiWriter } from "../interp/ascii-writer.js";
import type { OutputFormat, PacketBatch, RunSpec } from "./run-spec.js";

export type { OutputFormat, PacketBatch, RunSpec };

export type BatchResult =
  | { readonly kind: "text"; readonly text: Uint8Array }
  | { readonly kind: "rows"; readonly ipc: Uint8Array }
  | { readonly kind: "counted" };

/** Collects the packets the capture parser finds in one buffer, as the next batch. */
export class BatchBuilder implements PacketSink {
  private seq = 0;
  private capacity = 4096;
  private buf: Uint8Array | undefined;
  count = 0;
  private starts: Uint32Array = new Uint32Array(this.capacity);
  private ends: Uint32Array = new Uint32Array(this.capacity);
  private origLens: Uint32Array = new Uint32Array(this.capacity);
  private seconds: Float64Array = new Float64Array(this.capacity);
  private nanos: Uint32Array = new Uint32Array(this.capacity);
  private numbers: Float64Array = new Float64Array(this.capacity);
  private spare: PacketBatch | undefined;

  packet(
    buf: Uint8Array,
    start: number,
    end: number,
    origLen: number,
    seconds: number,
    nanos: number,
    index: number,
  ): void {
    if (this.buf !== buf) {
      if (this.count > 0) throw new InternalError("run: a batch's packets in two buffers");
      this.buf = buf;
    }
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.starts[i] = start;
    this.ends[i] = end;
    this.origLens[i] = origLen;
    this.seconds[i] = seconds;
    this.nanos[i] = nanos;
    this.numbers[i] = index;
  }

  /** The packets collected so far as a batch (their arrays are handed over), or undefined. */
  take(): PacketBatch | undefined {
    if (this.count === 0) return undefined;
    const batch: PacketBatch = {
      seq: this.seq++,
      count: this.count,
      bytes: this.buf!,
      starts: this.starts,
      ends: this.ends,
      origLens: this.origLens,
      seconds: this.seconds,
      nanos: this.nanos,
      numbers: this.numbers,
    };
    this.buf = undefined;
    this.count = 0;
    const spare = this.spare;
    this.spare = undefined;
    if (spare && spare.starts.length === this.capacity) {
      ({ starts: this.starts, ends: this.ends, origLens: this.origLens } = spare);
      ({ seconds: this.seconds, nanos: this.nanos, numbers: this.numbers } = spare);
      return batch;
    }
    this.starts = new Uint32Array(this.capacity);
    this.ends = new Uint32Array(this.capacity);
    this.origLens = new Uint32Array(this.capacity);
    this.seconds = new Float64Array(this.capacity);
    this.nanos = new Uint32Array(this.capacity);
    this.numbers = new Float64Array(this.capacity);
    return batch;
  }

  /** A batch taken earlier and done with: its arrays serve the next batch. */
  recycle(batch: PacketBatch): void {
    this.spare = batch;
  }

  private grow(): void {
    this.capacity *= 2;
    const more = <T extends Uint32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(this.capacity);
      b.set(a);
      return b;
    };
    this.starts = more(this.starts, (n) => new Uint32Array(n));
    this.ends = more(this.ends, (n) => new Uint32Array(n));
    this.origLens = more(this.origLens, (n) => new Uint32Array(n));
    this.seconds = more(this.seconds, (n) => new Float64Array(n));
    this.nanos = more(this.nanos, (n) => new Uint32Array(n));
    this.numbers = more(this.numbers, (n) => new Float64Array(n));
  }
}

export function packetOf(batch: PacketBatch, i: number): Uint8Array {
  return batch.bytes.subarray(batch.starts[i]!, batch.ends[i]!);
}

/** The buffers a batch can hand to a worker without copying. */
export function batchTransfer(batch: PacketBatch): ArrayBuffer[] {
  return [
    batch.bytes,
    batch.starts,
    batch.ends,
    batch.origLens,
    batch.seconds,
    batch.nanos,
    batch.numbers,
  ].map((a) => a.buffer as ArrayBuffer);
}

/** Turns batches into output. */
export interface BatchProcessor {
  /** A batch's output; `given` are its keys when they were computed elsewhere (the kernel). */
  process(batch: PacketBatch, given?: readonly (Uint8Array | undefined)[]): Promise<BatchResult>;
  /** With --aggregate: the flows of every batch processed. */
  flows(): FlowTablePart;
}

export function createBatchProcessor(spec: RunSpec): BatchProcessor {
  const extractor = compileExtractor(spec.ir, spec.layout, {}, spec.extractor);
  const binding = spec.ir.dissector;
  const size = extractor.keySize;
  const table = new FlowTable(size);
  /** Keys of a batch back to back (per-packet formats), grown as needed. */
  let keys = new Uint8Array(size * 4096);
  const entry = (batch: PacketBatch, i: number) =>
    binding ? dissectorEntry(binding, packetOf(batch, i), spec.flowFlags) : undefined;
  const format =
    spec.format === "parquet" ? undefined : packetWriter(spec.format, spec.layout, spec.addresses);
  const writer = new AsciiWriter();
  let parquet: typeof import("./run-parquet.js") | undefined;

  /** Fills `keys` with the batch's keys; false for a packet the kernel gave no key. */
  const computeKeys = (
    batch: PacketBatch,
    given: readonly (Uint8Array | undefined)[] | undefined,
  ): boolean[] | undefined => {
    if (keys.length < batch.count * size) keys = new Uint8Array(batch.count * size * 2);
    if (!given) {
      for (let i = 0; i < batch.count; i++)
        extractor.extract(
          batch.bytes,
          batch.starts[i]!,
          batch.ends[i]!,
          keys,
          i * size,
          entry(batch, i),
        );
      return undefined;
    }
    return given.map((k, i) => {
      if (k) keys.set(k, i * size);
      return k !== undefined;
    });
  };

  return {
    async process(batch, given) {
      if (spec.aggregate) {
        const scratch = table.scratch;
        for (let i = 0; i < batch.count; i++) {
          if (given) {
            const k = given[i];
            if (!k) continue;
            scratch.set(k);
          } else
            extractor.extract(
              batch.bytes,
              batch.starts[i]!,
              batch.ends[i]!,
              scratch,
              0,
              entry(batch, i),
            );
          table.count(batch.origLens[i]!, batch.seconds[i]!, batch.nanos[i]!, batch.numbers[i]!);
        }
        return { kind: "counted" };
      }
      const present = computeKeys(batch, given);
      if (!format) {
        parquet ??= await import("./run-parquet.js");
        return { kind: "rows", ipc: parquet.packetRowsIpc(spec, batch, keys, present) };
      }
      for (let i = 0; i < batch.count; i++)
        if (!present || present[i]) format(writer, keys, i * size, batch.numbers[i]!);
      return { kind: "text", text: writer.take() };
    },
    flows: () => table.part(),
  };
}
