// `run`'s unit of work: a batch of packets packed into transferable arrays, and the one function
// that turns a batch into output (keys by the compiled interpreter or given, then formatted text,
// Arrow rows or a partial flow table). The same function runs in the main thread (one job, the
// kernel path) and in every worker, so the output cannot depend on the number of jobs.

import { compileInterpreter } from "../interp/compiled.js";
import { decodeKey } from "../interp/decode.js";
import { dissectorEntry } from "../ir/flow-keys.js";
import { FlowTable, type FlowTablePart } from "./run-aggregate.js";
import { packetRecord } from "./run-formats.js";
import type { OutputFormat, PacketBatch, RunSpec } from "./run-spec.js";

export type { OutputFormat, PacketBatch, RunSpec };

export type BatchResult =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "rows"; readonly ipc: Uint8Array }
  | { readonly kind: "flows"; readonly flows: FlowTablePart };

/** Packets per batch: large enough to amortise a worker round trip, small enough to stream. */
export const BATCH_PACKETS = 4096;
const BATCH_BYTES = 4 << 20;

/** Collects packets into batches of BATCH_PACKETS (or BATCH_BYTES), by count alone. */
export class BatchBuilder {
  private seq = 0;
  private datas: Uint8Array[] = [];
  private numbers: number[] = [];
  private origLens: number[] = [];
  private timestamps: bigint[] = [];
  private bytes = 0;

  /** Adds a packet; returns a batch when one is full. */
  add(
    data: Uint8Array,
    number: number,
    origLen: number,
    timestampNs: bigint,
  ): PacketBatch | undefined {
    this.datas.push(data);
    this.numbers.push(number);
    this.origLens.push(origLen);
    this.timestamps.push(timestampNs);
    this.bytes += data.length;
    return this.datas.length >= BATCH_PACKETS || this.bytes >= BATCH_BYTES
      ? this.take()
      : undefined;
  }

  /** The packets collected so far as a batch, or undefined if there are none. */
  take(): PacketBatch | undefined {
    const count = this.datas.length;
    if (count === 0) return undefined;
    const bytes = new Uint8Array(this.bytes);
    const offsets = new Uint32Array(count + 1);
    let at = 0;
    this.datas.forEach((d, i) => {
      offsets[i] = at;
      bytes.set(d, at);
      at += d.length;
    });
    offsets[count] = at;
    const batch: PacketBatch = {
      seq: this.seq++,
      count,
      bytes,
      offsets,
      numbers: Float64Array.from(this.numbers),
      origLens: Uint32Array.from(this.origLens),
      timestamps: BigInt64Array.from(this.timestamps),
    };
    this.datas = [];
    this.numbers = [];
    this.origLens = [];
    this.timestamps = [];
    this.bytes = 0;
    return batch;
  }
}

export function packetOf(batch: PacketBatch, i: number): Uint8Array {
  return batch.bytes.subarray(batch.offsets[i]!, batch.offsets[i + 1]!);
}

/** The buffers a batch can hand to a worker without copying. */
export function batchTransfer(batch: PacketBatch): ArrayBuffer[] {
  return [batch.bytes, batch.offsets, batch.numbers, batch.origLens, batch.timestamps].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** Turns batches into output; `keysOf` computes a batch's keys (the interpreter's by default). */
export interface BatchProcessor {
  process(batch: PacketBatch, keys?: readonly (Uint8Array | undefined)[]): Promise<BatchResult>;
}

export function createBatchProcessor(spec: RunSpec): BatchProcessor {
  const run = compileInterpreter(spec.ir, spec.layout);
  const binding = spec.ir.dissector;
  const interpret = (batch: PacketBatch): Uint8Array[] => {
    const keys: Uint8Array[] = [];
    for (let i = 0; i < batch.count; i++) {
      const p = packetOf(batch, i);
      keys.push(run(p, binding ? dissectorEntry(binding, p, spec.flowFlags) : undefined).key);
    }
    return keys;
  };
  let parquet: typeof import("./run-parquet.js") | undefined;
  return {
    async process(batch, given) {
      const keys = given ?? interpret(batch);
      if (spec.aggregate) {
        const table = new FlowTable();
        for (let i = 0; i < batch.count; i++) {
          const key = keys[i];
          if (key) table.add(key, batch.origLens[i]!, batch.timestamps[i]!, batch.numbers[i]!);
        }
        return { kind: "flows", flows: table.part() };
      }
      if (spec.format === "parquet") {
        parquet ??= await import("./run-parquet.js");
        return { kind: "rows", ipc: await parquet.packetRowsIpc(spec, batch, keys) };
      }
      let text = "";
      for (let i = 0; i < batch.count; i++) {
        const key = keys[i];
        if (!key) continue;
        text += packetRecord(
          spec.format,
          spec.layout,
          batch.numbers[i]!,
          decodeKey(spec.layout, key),
          spec.addresses,
        );
      }
      return { kind: "text", text };
    },
  };
}
