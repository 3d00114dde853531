// `run`'s text formats, one record per packet or per flow: text (a readable block), jsonl (one
// JSON object a line) and csv (a header line, then one column per key field in layout order,
// empty where the field's header is not valid). Parquet is in run-parquet.ts. Records (per packet
// and per flow) are written as bytes straight from the key bytes by per-field writers made once, with
// everything that depends only on the status block (outcome, error, the valid list, which fields
// show, the text's alignment) made once per distinct status block: the same bytes as formatting
// decodeKey's view (the tests check it) at a fraction of the cost.

import { assertNever } from "../diagnostics/diagnostic.js";
import { validBitPosition, type FlowKeyLayout, type LayoutField } from "../layout/layout.js";
import { decodeKey, fieldWriter, type AddressStyle } from "../interp/decode.js";
import { asciiBytes, type AsciiWriter } from "../interp/ascii-writer.js";
import type { Flow, Timestamp } from "./run-aggregate.js";

export type TextFormat = "text" | "jsonl" | "csv";

/** The key fields that are columns (csv, parquet): every stored field of the key. */
export function keyColumns(layout: FlowKeyLayout): LayoutField[] {
  return layout.fields.filter((f) => f.slot !== undefined && f.kind !== "varbitLength");
}

/** The last second a JavaScript Date holds (8.64e15 ms after 1970, in year 275,760). */
const DATE_MAX_SECONDS = 8.64e12;

/**
 * A timestamp as ISO 8601 UTC with nine decimals; years after 9999 with a sign and at least six
 * digits, as ECMAScript writes them. A pcapng timestamp can lie far beyond what a Date holds
 * (year 275,760): those are written the same way from the calendar arithmetic (civilTime).
 */
export function isoTime(t: Timestamp): string {
  const nanos = `.${String(t.nanos).padStart(9, "0")}Z`;
  if (t.seconds >= DATE_MAX_SECONDS) return civilTime(t.seconds) + nanos;
  return new Date(t.seconds * 1000 + Math.floor(t.nanos / 1e6))
    .toISOString()
    .replace(/\.\d{3}Z$/, nanos);
}

/**
 * Whole seconds since 1970 (at least 0) as `YYYY-MM-DDTHH:MM:SS` in the proleptic Gregorian
 * calendar, computed in 400-year cycles of 146,097 days (exact while the day count is below
 * 2^53, far beyond any 64-bit pcapng timestamp).
 */
export function civilTime(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const rest = seconds - days * 86400;
  // Days since 0000-03-01: years start in March, so the leap day ends a year.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0);
  const two = (n: number) => String(n).padStart(2, "0");
  const y = year > 9999 ? `+${String(year).padStart(6, "0")}` : String(year).padStart(4, "0");
  const hms = `${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}`;
  return `${y}-${two(month)}-${two(day)}T${hms}`;
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(layout: FlowKeyLayout, aggregate: boolean): string {
  const lead = aggregate
    ? ["flow", "packets", "bytes", "first", "last", "outcome", "error", "valid"]
    : ["packet", "outcome", "error", "valid"];
  return [...lead, ...keyColumns(layout).map((f) => f.path)].map(csvCell).join(",") + "\n";
}

/** Writes one packet's record from its key bytes at `at`. */
export type PacketWriter = (w: AsciiWriter, key: Uint8Array, at: number, packet: number) => void;

type FieldWrite = (w: AsciiWriter, key: Uint8Array, at: number) => void;

/** What a record shows for one status block (outcome, error, valid headers). */
interface Shape {
  /** Everything after the packet number up to the first field. */
  readonly head: Uint8Array;
  /** The fields shown, each with the bytes written before its value. */
  readonly fields: readonly { readonly lead: Uint8Array; readonly write: FieldWrite }[];
  readonly tail: Uint8Array;
}

/**
 * Writes what a record shows of a key at `at` after its own lead (the packet's number, or the
 * flow's rank and counts): the outcome, error, valid headers and fields; for text, after ": ".
 */
type KeyRecordWriter = (w: AsciiWriter, key: Uint8Array, at: number) => void;

function keyRecordWriter(
  format: TextFormat,
  layout: FlowKeyLayout,
  style: AddressStyle,
): KeyRecordWriter {
  const s = layout.status;
  const columns = keyColumns(layout).map((f) => ({ f, write: fieldWriter(layout, f, style) }));
  const isValid = (key: Uint8Array, at: number, bit: number | undefined) => {
    if (bit === undefined) return true;
    const { byte, mask } = validBitPosition(s, bit);
    return (key[at + byte]! & mask) !== 0;
  };

  const shapeOf = (key: Uint8Array, at: number): Shape => {
    const view = decodeKey(layout, key.subarray(at, at + layout.size));
    const shown = columns.filter((c) => isValid(key, at, c.f.validBit));
    switch (format) {
      case "jsonl":
        return {
          head: asciiBytes(
            `,"outcome":"${view.outcome}","error":${JSON.stringify(view.error)},"valid":${JSON.stringify(view.valid)},"fields":{`,
          ),
          fields: shown.map((c, i) => ({
            lead: asciiBytes(`${i === 0 ? "" : '",'}${JSON.stringify(c.f.path)}:"`),
            write: c.write,
          })),
          tail: asciiBytes(shown.length > 0 ? '"}}\n' : "}}\n"),
        };
      case "text": {
        const width = Math.max(0, ...shown.map((c) => c.f.path.length));
        return {
          head: asciiBytes(
            `${view.outcome}${view.error === "NoError" ? "" : ` (${view.error})`}; valid: ${view.valid.join(", ") || "none"}\n`,
          ),
          fields: shown.map((c, i) => ({
            lead: asciiBytes(`${i === 0 ? "" : "\n"}  ${c.f.path.padEnd(width)}  `),
            write: c.write,
          })),
          tail: asciiBytes(shown.length > 0 ? "\n" : ""),
        };
      }
      case "csv":
        // Every column, empty where its header is not valid (field texts need no quoting).
        return {
          head: asciiBytes(
            `,${view.outcome},${csvCell(view.error)},${csvCell(view.valid.join(" "))}`,
          ),
          fields: columns.map((c) => ({
            lead: asciiBytes(","),
            write: isValid(key, at, c.f.validBit) ? c.write : () => undefined,
          })),
          tail: asciiBytes("\n"),
        };
      default:
        return assertNever(format, "format");
    }
  };
  // Shapes by the status block's bytes: a capture has few distinct ones.
  const statusBytes = [
    s.outcomeOffset,
    ...Array.from({ length: s.errorSize }, (_, i) => s.errorOffset + i),
    ...Array.from({ length: s.validBytes }, (_, i) => s.validOffset + i),
  ];
  const numeric = statusBytes.length <= 6;
  const shapes = new Map<number | string, Shape>();
  const shape = (key: Uint8Array, at: number): Shape => {
    let id: number | string = numeric ? 0 : "";
    if (numeric) for (const o of statusBytes) id = (id as number) * 256 + key[at + o]!;
    else for (const o of statusBytes) id += String.fromCharCode(key[at + o]!);
    let found = shapes.get(id);
    if (!found) shapes.set(id, (found = shapeOf(key, at)));
    return found;
  };
  return (w, key, at) => {
    const sh = shape(key, at);
    w.bytes(sh.head);
    for (const f of sh.fields) {
      w.bytes(f.lead);
      f.write(w, key, at);
    }
    w.bytes(sh.tail);
  };
}

export function packetWriter(
  format: TextFormat,
  layout: FlowKeyLayout,
  style: AddressStyle,
): PacketWriter {
  const rest = keyRecordWriter(format, layout, style);
  const lead = asciiBytes(format === "jsonl" ? '{"packet":' : format === "text" ? "packet " : "");
  const afterNumber = asciiBytes(format === "text" ? ": " : "");
  return (w, key, at, packet) => {
    w.bytes(lead);
    w.uint(packet);
    w.bytes(afterNumber);
    rest(w, key, at);
  };
}

/** Writes one flow's record: its rank, counts and timestamps, then its key from bytes at `at`. */
export type FlowWriter = (
  w: AsciiWriter,
  rank: number,
  flow: FlowCounts,
  key: Uint8Array,
  at: number,
) => void;

/** A flow's numbers (the key apart). */
export type FlowCounts = Pick<Flow, "packets" | "bytes" | "first" | "last">;

/** The flow records of --aggregate, written from key bytes like the packets'. */
export function flowWriter(
  format: TextFormat,
  layout: FlowKeyLayout,
  style: AddressStyle,
): FlowWriter {
  const rest = keyRecordWriter(format, layout, style);
  switch (format) {
    case "jsonl":
      return (w, rank, f, key, at) => {
        w.text(
          `{"flow":${rank},"packets":${f.packets},"bytes":${f.bytes},"first":"${isoTime(f.first)}","last":"${isoTime(f.last)}"`,
        );
        rest(w, key, at);
      };
    case "text":
      return (w, rank, f, key, at) => {
        w.text(
          `flow ${rank}: ${f.packets} packets, ${f.bytes} bytes, ${isoTime(f.first)} to ${isoTime(f.last)}; `,
        );
        rest(w, key, at);
      };
    case "csv":
      return (w, rank, f, key, at) => {
        w.text(`${rank},${f.packets},${f.bytes},${isoTime(f.first)},${isoTime(f.last)}`);
        rest(w, key, at);
      };
    default:
      return assertNever(format, "format");
  }
}
