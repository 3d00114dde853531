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
  readonly flowFlags: number;
  readonly format: OutputFormat;
  readonly addresses: AddressStyle;
  readonly aggregate: boolean;
}

export interface PacketBatch {
  readonly seq: number;
  readonly count: number;
  /** The packets' bytes back to back; packet i is bytes[offsets[i]..offsets[i+1]). */
  readonly bytes: Uint8Array;
  readonly offsets: Uint32Array;
  readonly numbers: Float64Array;
  readonly origLens: Uint32Array;
  readonly timestamps: BigInt64Array;
}
