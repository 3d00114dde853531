// `run --format parquet`: rows as Apache Arrow record batches (apache-arrow), written as Parquet
// by parquet-wasm's streaming writer, one row group per 65,536 rows, so memory stays flat. Key
// fields are typed columns: unsigned and signed integers of the field's storage width, booleans,
// error names as strings, wider fields and varbits as binary, and addresses as their readable
// text (10.0.0.1, 2001:db8::1, 02:00:5e:00:00:01; cast with `::INET` in DuckDB) or, with
// `--addresses raw`, as numbers. A column is null where the field's header is not valid.
// Loaded only when Parquet is asked for.

import * as arrow from "apache-arrow";
import * as pw from "parquet-wasm";
import type { FlowKeyLayout, LayoutField } from "../layout/layout.js";
import { decodeKey, type AddressStyle, type FieldValue, type KeyView } from "../interp/decode.js";
import { addressKind } from "../interp/format-values.js";
import type { Flow } from "./run-aggregate.js";
import type { PacketBatch, RunSpec } from "./run-spec.js";
import { keyColumns } from "./run-formats.js";
import type { OutputStream } from "./output-stream.js";

const ROW_GROUP_ROWS = 65_536;

function columnType(f: LayoutField, style: AddressStyle): arrow.DataType {
  if (style === "readable" && addressKind(f) !== undefined) return new arrow.Utf8();
  switch (f.kind) {
    case "uint":
      return f.size === 1
        ? new arrow.Uint8()
        : f.size === 2
          ? new arrow.Uint16()
          : f.size === 4
            ? new arrow.Uint32()
            : new arrow.Uint64();
    case "int":
      return f.size === 1
        ? new arrow.Int8()
        : f.size === 2
          ? new arrow.Int16()
          : f.size === 4
            ? new arrow.Int32()
            : new arrow.Int64();
    case "bool":
      return new arrow.Bool();
    case "error":
      return new arrow.Utf8();
    default:
      return new arrow.Binary();
  }
}

/** A field's cell: the typed value, or its readable text for an address in readable style. */
function cell(v: FieldValue, type: arrow.DataType): unknown {
  if (arrow.DataType.isUtf8(type)) return typeof v.value === "string" ? v.value : v.readable;
  if (type instanceof arrow.Uint64 || type instanceof arrow.Int64)
    return typeof v.value === "bigint" ? v.value : BigInt(v.value as number);
  return v.value;
}

/** Columns common to packets and flows: outcome, error, valid, then the key's fields. */
function keyVectors(
  layout: FlowKeyLayout,
  views: readonly KeyView[],
  style: AddressStyle,
): Record<string, arrow.Vector> {
  const columns = keyColumns(layout);
  const types = columns.map((f) => columnType(f, style));
  const cells = columns.map(() => [] as unknown[]);
  for (const view of views) {
    const byPath = new Map(view.values.map((v) => [v.path, v]));
    columns.forEach((f, c) => {
      const v = byPath.get(f.path);
      cells[c]!.push(v === undefined ? null : cell(v, types[c]!));
    });
  }
  const out: Record<string, arrow.Vector> = {
    outcome: arrow.vectorFromArray(
      views.map((v) => v.outcome),
      new arrow.Utf8(),
    ),
    error: arrow.vectorFromArray(
      views.map((v) => v.error),
      new arrow.Utf8(),
    ),
    valid: arrow.vectorFromArray(
      views.map((v) => v.valid.join(" ")),
      new arrow.Utf8(),
    ),
  };
  columns.forEach((f, c) => {
    out[f.path] = arrow.vectorFromArray(cells[c]!, types[c]!);
  });
  return out;
}

function ipcOf(columns: Record<string, arrow.Vector>): Uint8Array {
  return arrow.tableToIPC(new arrow.Table(columns), "stream");
}

/** One batch's packets as Arrow IPC (run in the workers). */
export async function packetRowsIpc(
  spec: RunSpec,
  batch: PacketBatch,
  keys: readonly (Uint8Array | undefined)[],
): Promise<Uint8Array> {
  const numbers: bigint[] = [];
  const views: KeyView[] = [];
  for (let i = 0; i < batch.count; i++) {
    const key = keys[i];
    if (!key) continue;
    numbers.push(BigInt(batch.numbers[i]!));
    views.push(decodeKey(spec.layout, key));
  }
  return ipcOf({
    packet: arrow.vectorFromArray(numbers, new arrow.Uint64()),
    ...keyVectors(spec.layout, views, spec.addresses),
  });
}

/** Exact nanosecond timestamps (Arrow's builders take milliseconds as numbers). */
function nanoseconds(values: readonly bigint[]): arrow.Vector {
  return arrow.makeVector(
    arrow.makeData({
      type: new arrow.TimestampNanosecond("UTC"),
      length: values.length,
      nullCount: 0,
      data: BigInt64Array.from(values),
    }),
  );
}

/** Flows, ranked, as Arrow IPC. */
export function flowRowsIpc(
  layout: FlowKeyLayout,
  flows: readonly Flow[],
  style: AddressStyle,
  firstRank: number,
): Uint8Array {
  return ipcOf({
    flow: arrow.vectorFromArray(
      flows.map((_, i) => BigInt(firstRank + i)),
      new arrow.Uint64(),
    ),
    packets: arrow.vectorFromArray(
      flows.map((f) => BigInt(f.packets)),
      new arrow.Uint64(),
    ),
    bytes: arrow.vectorFromArray(
      flows.map((f) => BigInt(f.bytes)),
      new arrow.Uint64(),
    ),
    first: nanoseconds(flows.map((f) => f.first)),
    last: nanoseconds(flows.map((f) => f.last)),
    ...keyVectors(
      layout,
      flows.map((f) => decodeKey(layout, f.key)),
      style,
    ),
  });
}

/** Parquet written as record batches arrive, with backpressure both ways. */
export class ParquetWriter {
  private controller!: ReadableStreamDefaultController<unknown>;
  private wake: (() => void) | undefined;
  private readonly pump: Promise<void>;
  private wrote = false;

  constructor(private readonly out: OutputStream) {
    const input = new ReadableStream(
      {
        start: (c) => {
          this.controller = c;
        },
        pull: () => this.wake?.(),
      },
      { highWaterMark: 2 },
    );
    const props = new pw.WriterPropertiesBuilder()
      .setMaxRowGroupSize(ROW_GROUP_ROWS)
      .setCompression(pw.Compression.SNAPPY)
      .build();
    this.pump = pw.transformParquetStream(input, props).then(async (stream) => {
      const reader = stream.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        await this.out.writeBytes(value as Uint8Array);
      }
    });
  }

  /** Adds the rows of one Arrow IPC stream; waits while the writer is behind. */
  async write(ipc: Uint8Array): Promise<void> {
    const table = pw.Table.fromIPCStream(ipc);
    for (const b of table.recordBatches()) {
      if (b.numRows === 0) continue;
      this.controller.enqueue(b);
      this.wrote = true;
      while ((this.controller.desiredSize ?? 1) <= 0)
        await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /**
   * Ends the file. `empty` gives the schema's rows when no row was written (a file with no
   * rows still has its columns).
   */
  async end(empty: () => Uint8Array): Promise<void> {
    if (!this.wrote) {
      // The streaming writer needs a first batch to learn the schema: write the empty table whole.
      this.controller.error(new Error("no rows"));
      await this.pump.catch(() => undefined);
      await this.out.writeBytes(pw.writeParquet(pw.Table.fromIPCStream(empty())));
      return;
    }
    this.controller.close();
    await this.pump;
  }
}

/** An empty batch with the per-packet or per-flow schema. */
export function emptyRowsIpc(spec: RunSpec): Uint8Array {
  if (spec.aggregate) return flowRowsIpc(spec.layout, [], spec.addresses, 1);
  const empty: PacketBatch = {
    seq: 0,
    count: 0,
    bytes: new Uint8Array(0),
    offsets: new Uint32Array(1),
    numbers: new Float64Array(0),
    origLens: new Uint32Array(0),
    timestamps: new BigInt64Array(0),
  };
  return ipcOfSync(spec, empty);
}

function ipcOfSync(spec: RunSpec, batch: PacketBatch): Uint8Array {
  return ipcOf({
    packet: arrow.vectorFromArray(
      Array.from(batch.numbers, (n) => BigInt(n)),
      new arrow.Uint64(),
    ),
    ...keyVectors(spec.layout, [], spec.addresses),
  });
}
