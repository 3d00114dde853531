// `run --format parquet`: rows as Apache Arrow record batches (apache-arrow), written as Parquet
// by parquet-wasm's streaming writer, one row group per 65,536 rows, so memory stays flat. Key
// fields are typed columns built straight from the key bytes: unsigned and signed integers of
// the field's storage width, booleans, error names as strings, wider fields and varbits as
// binary, and addresses in their natural types (format-values.ts decides which fields are
// addresses): IPv4 as a 32-bit unsigned integer (the value jsonl prints raw), IPv6 as 16 bytes
// and MACs as 6 bytes in network order (fixed-size binary). A column is null where the field's
// header is not valid. Loaded only when Parquet is asked for.

import * as arrow from "apache-arrow";
import * as pw from "parquet-wasm";
import { validBitPosition, type FlowKeyLayout, type LayoutField } from "../layout/layout.js";
import { decodeKey } from "../interp/decode.js";
import { addressKind } from "../interp/format-values.js";
import type { Flow, Timestamp } from "./run-aggregate.js";
import type { PacketBatch, RunSpec } from "./run-spec.js";
import { keyColumns } from "./run-formats.js";
import type { OutputStream } from "./output-stream.js";

const ROW_GROUP_ROWS = 65_536;

/** Keys back to back, `size` bytes apart, and which of them are there. */
interface Keys {
  readonly bytes: Uint8Array;
  readonly size: number;
  readonly rows: readonly number[];
}

function columnType(f: LayoutField): arrow.DataType {
  switch (addressKind(f)) {
    case "ipv4":
      return new arrow.Uint32();
    case "ipv6":
      return new arrow.FixedSizeBinary(16);
    case "mac":
      return new arrow.FixedSizeBinary(6);
    case undefined:
      break;
  }
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

/** One key field's column: typed arrays filled from the key bytes, nulls where not valid. */
function keyColumn(layout: FlowKeyLayout, f: LayoutField, keys: Keys): arrow.Vector {
  const type = columnType(f);
  const rows = keys.rows.length;
  const s = layout.status;
  const little = layout.endianness === "little";
  const nullBitmap = new Uint8Array((rows + 7) >> 3);
  let nullCount = 0;
  const at = (r: number) => keys.rows[r]! * keys.size;
  const bitAt = f.validBit === undefined ? undefined : validBitPosition(s, f.validBit);
  for (let r = 0; r < rows; r++) {
    const k = at(r);
    const valid = f.validBit === undefined || (keys.bytes[k + bitAt!.byte]! & bitAt!.mask) !== 0;
    if (valid) nullBitmap[r >> 3]! |= 1 << (r & 7);
    else nullCount++;
  }
  const isSet = (r: number) => ((nullBitmap[r >> 3]! >> (r & 7)) & 1) === 1;
  /** The field's bytes in wire order (most significant first), `n` of them, at row r. */
  const wireBytes = (out: Uint8Array, r: number, n: number) => {
    const base = at(r) + f.offset;
    for (let i = 0; i < n; i++) {
      // Integers are stored in the key's byte order in `size` bytes, the value in the low ones.
      out[r * n + i] =
        f.kind === "bytes"
          ? keys.bytes[base + i]!
          : keys.bytes[base + (little ? n - 1 - i : f.size - n + i)]!;
    }
  };
  if (arrow.DataType.isFixedSizeBinary(type)) {
    const width = type.byteWidth;
    const data = new Uint8Array(rows * width);
    for (let r = 0; r < rows; r++) if (isSet(r)) wireBytes(data, r, width);
    return arrow.makeVector(arrow.makeData({ type, length: rows, nullCount, nullBitmap, data }));
  }
  if (arrow.DataType.isInt(type)) {
    const view = new DataView(keys.bytes.buffer, keys.bytes.byteOffset, keys.bytes.byteLength);
    const width = type.bitWidth;
    const data =
      width === 64
        ? type.isSigned
          ? new BigInt64Array(rows)
          : new BigUint64Array(rows)
        : new (type.isSigned
            ? { 8: Int8Array, 16: Int16Array, 32: Int32Array }[width]!
            : { 8: Uint8Array, 16: Uint16Array, 32: Uint32Array }[width]!)(rows);
    for (let r = 0; r < rows; r++) {
      if (!isSet(r)) continue;
      const o = at(r) + f.offset;
      switch (width) {
        case 8:
          data[r] = type.isSigned ? view.getInt8(o) : view.getUint8(o);
          break;
        case 16:
          data[r] = type.isSigned ? view.getInt16(o, little) : view.getUint16(o, little);
          break;
        case 32:
          data[r] = type.isSigned ? view.getInt32(o, little) : view.getUint32(o, little);
          break;
        default:
          data[r] = type.isSigned ? view.getBigInt64(o, little) : view.getBigUint64(o, little);
      }
    }
    return arrow.makeVector(
      arrow.makeData({
        type: type as arrow.Int,
        length: rows,
        nullCount,
        nullBitmap,
        data: data as never,
      }),
    );
  }
  // The rare kinds (bool, error, varbit, wide non-address fields) through the decoded view.
  const cells = keys.rows.map((row, r) => {
    if (!isSet(r)) return null;
    const view = decodeKey(layout, keys.bytes.subarray(row * keys.size, (row + 1) * keys.size));
    return view.values.find((v) => v.path === f.path)?.value ?? null;
  });
  return arrow.vectorFromArray(cells, type);
}

/** Columns common to packets and flows: outcome, error, valid, then the key's fields. */
function keyVectors(layout: FlowKeyLayout, keys: Keys): Record<string, arrow.Vector> {
  const heads = keys.rows.map((row) => {
    const view = headOf(layout, keys.bytes, row * keys.size);
    return view;
  });
  const out: Record<string, arrow.Vector> = {
    outcome: arrow.vectorFromArray(
      heads.map((h) => h.outcome),
      new arrow.Utf8(),
    ),
    error: arrow.vectorFromArray(
      heads.map((h) => h.error),
      new arrow.Utf8(),
    ),
    valid: arrow.vectorFromArray(
      heads.map((h) => h.valid),
      new arrow.Utf8(),
    ),
  };
  for (const f of keyColumns(layout)) out[f.path] = keyColumn(layout, f, keys);
  return out;
}

/** Outcome, error name and valid headers of the key at `at`, the strings shared per layout. */
const heads = new WeakMap<
  FlowKeyLayout,
  Map<string, { outcome: string; error: string; valid: string }>
>();
function headOf(
  layout: FlowKeyLayout,
  bytes: Uint8Array,
  at: number,
): { outcome: string; error: string; valid: string } {
  const s = layout.status;
  let id = "";
  for (const o of [
    s.outcomeOffset,
    ...Array.from({ length: s.errorSize }, (_, i) => s.errorOffset + i),
  ])
    id += String.fromCharCode(bytes[at + o]!);
  for (let i = 0; i < s.validBytes; i++) id += String.fromCharCode(bytes[at + s.validOffset + i]!);
  let cache = heads.get(layout);
  if (!cache) heads.set(layout, (cache = new Map()));
  let head = cache.get(id);
  if (!head) {
    const view = decodeKey(layout, bytes.subarray(at, at + layout.size));
    head = { outcome: view.outcome, error: view.error, valid: view.valid.join(" ") };
    cache.set(id, head);
  }
  return head;
}

function ipcOf(columns: Record<string, arrow.Vector>): Uint8Array {
  return arrow.tableToIPC(new arrow.Table(columns), "stream");
}

function uint64(values: ArrayLike<number>): arrow.Vector {
  const data = BigUint64Array.from(Array.from(values, (v) => BigInt(v)));
  return arrow.makeVector(
    arrow.makeData({ type: new arrow.Uint64(), length: data.length, nullCount: 0, data }),
  );
}

/** One batch's packets as Arrow IPC (run in the workers); `present` false for a packet with no key. */
export function packetRowsIpc(
  spec: RunSpec,
  batch: PacketBatch,
  keyBytes: Uint8Array,
  present: readonly boolean[] | undefined,
): Uint8Array {
  const rows: number[] = [];
  for (let i = 0; i < batch.count; i++) if (!present || present[i]) rows.push(i);
  return ipcOf({
    packet: uint64(rows.map((i) => batch.numbers[i]!)),
    ...keyVectors(spec.layout, { bytes: keyBytes, size: spec.layout.size, rows }),
  });
}

/** Exact nanosecond timestamps (Arrow's builders take milliseconds as numbers). */
function nanoseconds(values: readonly Timestamp[]): arrow.Vector {
  return arrow.makeVector(
    arrow.makeData({
      type: new arrow.TimestampNanosecond("UTC"),
      length: values.length,
      nullCount: 0,
      data: BigInt64Array.from(values, (t) => BigInt(t.seconds) * 1_000_000_000n + BigInt(t.nanos)),
    }),
  );
}

/** Flows, ranked, as Arrow IPC. */
export function flowRowsIpc(
  layout: FlowKeyLayout,
  flows: readonly Flow[],
  firstRank: number,
): Uint8Array {
  const bytes = new Uint8Array(flows.length * layout.size);
  flows.forEach((f, i) => bytes.set(f.key, i * layout.size));
  return ipcOf({
    flow: uint64(flows.map((_, i) => firstRank + i)),
    packets: uint64(flows.map((f) => f.packets)),
    bytes: uint64(flows.map((f) => f.bytes)),
    first: nanoseconds(flows.map((f) => f.first)),
    last: nanoseconds(flows.map((f) => f.last)),
    ...keyVectors(layout, { bytes, size: layout.size, rows: flows.map((_, i) => i) }),
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
  if (spec.aggregate) return flowRowsIpc(spec.layout, [], 1);
  return ipcOf({
    packet: uint64([]),
    ...keyVectors(spec.layout, { bytes: new Uint8Array(0), size: spec.layout.size, rows: [] }),
  });
}
