// The shapes `run`'s batches travel in between the main thread, the workers and the output
// writers (text, Arrow/Parquet): what every worker is told, and one batch of packets. A module of
// its own so that run-batch.ts and the lazily loaded run-parquet.ts both import it.

import type { AddressStyle } from "../interp/decode.js";
import type { IrProgram } from "../ir/ir.js";
import type { FlowKeyLayout } from "../layout/layout.js";
import type { TextFormat } from "./run-formats.js";

export type OutputFormat = TextFormat | "parquet";

/** What every worker needs to process batches alike. */
export interface RunSpec {
  readonly ir: IrProgram;
  readonly layout: FlowKeyLayout;
  /** The compiled extractor's source (extractorSource), generated once for every worker. */
  readonly extractor: string;
  readonly flowFlags: number;
  readonly format: OutputFormat;
  readonly addresses: AddressStyle;
  readonly aggregate: boolean;
}

export interface PacketBatch {
  readonly seq: number;
  readonly count: number;
  /** The buffer the packets lie in (a whole ArrayBuffer, so it can be transferred). */
  readonly bytes: Uint8Array;
  /** Packet i is bytes[starts[i], ends[i]); the arrays may be longer than `count`. */
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly origLens: Uint32Array;
  readonly seconds: Float64Array;
  readonly nanos: Uint32Array;
  readonly numbers: Float64Array;
}
