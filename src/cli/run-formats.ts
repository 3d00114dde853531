// `run`'s text formats, one record per packet or per flow: text (a readable block), jsonl (one
// JSON object a line) and csv (a header line, then one column per key field in layout order,
// empty where the field's header is not valid). Parquet is in run-parquet.ts. Per packet, records
// are written as bytes straight from the key bytes by per-field writers made once, with
// everything that depends only on the status block (outcome, error, the valid list, which fields
// show, the text's alignment) made once per distinct status block: the same bytes as formatting
// decodeKey's view (the tests check it) at a fraction of the cost.

import { assertNever } from "../diagnostics/diagnostic.js";
import { validBitPosition, type FlowKeyLayout, type LayoutField } from "../layout/layout.js";
import {
  decodeKey,
  fieldTexts,
  fieldWriter,
  type AddressStyle,
  type KeyView,
} from "../interp/decode.js";
import { asciiBytes, type AsciiWriter } from "../interp/ascii-writer.js";
import type { Flow, Timestamp } from "./run-aggregate.js";

export type TextFormat = "text" | "jsonl" | "csv";

/** The key fields that are columns (csv, parquet): every stored field of the key. */
export function keyColumns(layout: FlowKeyLayout): LayoutField[] {
  return layout.fields.filter((f) => f.slot !== undefined && f.kind !== "varbitLength");
}

/** A timestamp as ISO 8601 UTC with nine decimals. */
export function isoTime(t: Timestamp): string {
  return new Date(t.seconds * 1000 + Math.floor(t.nanos / 1e6))
    .toISOString()
    .replace(/\.\d{3}Z$/, `.${String(t.nanos).padStart(9, "0")}Z`);
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

function csvFields(layout: FlowKeyLayout, view: KeyView, style: AddressStyle): string[] {
  const byPath = new Map(fieldTexts(view, style));
  return keyColumns(layout).map((f) => csvCell(byPath.get(f.path) ?? ""));
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

export function packetWriter(
  format: TextFormat,
  layout: FlowKeyLayout,
  style: AddressStyle,
): PacketWriter {
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
            `: ${view.outcome}${view.error === "NoError" ? "" : ` (${view.error})`}; valid: ${view.valid.join(", ") || "none"}\n`,
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
  const lead = asciiBytes(format === "jsonl" ? '{"packet":' : format === "text" ? "packet " : "");
  return (w, key, at, packet) => {
    const sh = shape(key, at);
    if (lead.length > 0) w.bytes(lead);
    w.uint(packet);
    w.bytes(sh.head);
    for (const f of sh.fields) {
      w.bytes(f.lead);
      f.write(w, key, at);
    }
    w.bytes(sh.tail);
  };
}

export function flowRecord(
  format: TextFormat,
  layout: FlowKeyLayout,
  rank: number,
  flow: Flow,
  view: KeyView,
  style: AddressStyle,
): string {
  switch (format) {
    case "text": {
      const fields = fieldTexts(view, style);
      const width = Math.max(0, ...fields.map(([p]) => p.length));
      return (
        `flow ${rank}: ${flow.packets} packets, ${flow.bytes} bytes, ${isoTime(flow.first)} to ${isoTime(flow.last)}; ` +
        `${view.outcome}${view.error === "NoError" ? "" : ` (${view.error})`}; valid: ${view.valid.join(", ") || "none"}\n` +
        fields.map(([p, v]) => `  ${p.padEnd(width)}  ${v}\n`).join("")
      );
    }
    case "jsonl":
      return (
        JSON.stringify({
          flow: rank,
          packets: flow.packets,
          bytes: flow.bytes,
          first: isoTime(flow.first),
          last: isoTime(flow.last),
          outcome: view.outcome,
          error: view.error,
          valid: view.valid,
          fields: Object.fromEntries(fieldTexts(view, style)),
        }) + "\n"
      );
    case "csv":
      return (
        [
          String(rank),
          String(flow.packets),
          String(flow.bytes),
          isoTime(flow.first),
          isoTime(flow.last),
          view.outcome,
          csvCell(view.error),
          csvCell(view.valid.join(" ")),
          ...csvFields(layout, view, style),
        ].join(",") + "\n"
      );
    default:
      return assertNever(format, "format");
  }
}
