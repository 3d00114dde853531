// `run`'s text formats, one record per packet or per flow: text (a readable block), jsonl (one
// JSON object a line) and csv (a header line, then one column per key field in layout order,
// empty where the field's header is not valid). Parquet is in run-parquet.ts.

import { assertNever } from "../diagnostics/diagnostic.js";
import type { FlowKeyLayout, LayoutField } from "../layout/layout.js";
import {
  fieldTexts,
  formatJsonl,
  formatText,
  type AddressStyle,
  type KeyView,
} from "../interp/decode.js";
import type { Flow } from "./run-aggregate.js";

export type TextFormat = "text" | "jsonl" | "csv";

/** The key fields that are columns (csv, parquet): every stored field of the key. */
export function keyColumns(layout: FlowKeyLayout): LayoutField[] {
  return layout.fields.filter((f) => f.slot !== undefined && f.kind !== "varbitLength");
}

/** A nanosecond timestamp as ISO 8601 UTC with nine decimals. */
export function isoTime(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const frac = ((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n;
  return new Date(Number(ms))
    .toISOString()
    .replace(/\.\d{3}Z$/, `.${String(frac).padStart(9, "0")}Z`);
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

export function packetRecord(
  format: TextFormat,
  layout: FlowKeyLayout,
  packet: number,
  view: KeyView,
  style: AddressStyle,
): string {
  switch (format) {
    case "text":
      return formatText(packet, view, style);
    case "jsonl":
      return formatJsonl(packet, view, style);
    case "csv":
      return (
        [
          String(packet),
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
