// Decodes key bytes through the layout into a view that prints the same whoever computed the
// bytes (the interpreter or the kernel): outcome, error name, valid headers, and every field of
// the valid headers and of the metadata, by P4 path, in layout order.

import type { FlowKeyLayout, LayoutField } from "../layout/layout.js";

export interface KeyView {
  readonly outcome: "accept" | "reject" | "unset";
  readonly error: string;
  readonly valid: readonly string[];
  readonly fields: readonly (readonly [path: string, value: string])[];
}

/**
 * The unsigned number in `size` key bytes at `offset`: in the key's byte order, or in wire order
 * (`wire`, as "bytes" fields are stored whatever the key's order).
 */
export function keyInteger(
  layout: FlowKeyLayout,
  key: Uint8Array,
  offset: number,
  size: number,
  wire = false,
): bigint {
  const little = !wire && layout.endianness === "little";
  let v = 0n;
  for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(key[offset + (little ? size - 1 - i : i)]!);
  return v;
}

export function decodeKey(layout: FlowKeyLayout, key: Uint8Array): KeyView {
  const uint = (offset: number, size: number): bigint => keyInteger(layout, key, offset, size);
  const s = layout.status;
  const outcomeByte = key[s.outcomeOffset];
  const errorCode = Number(uint(s.errorOffset, s.errorSize));
  const errorName = (code: number) =>
    layout.errors.find((e) => e.code === code)?.name ?? `error#${code}`;
  const validBit = (bit: number) => ((key[s.validOffset + (bit >> 3)]! >> (bit & 7)) & 1) === 1;
  const valid = layout.headers.filter((h) => validBit(h.validBit)).map((h) => h.path);
  const fields: [string, string][] = [];
  for (const f of layout.fields) {
    if (f.slot === undefined || f.kind === "varbitLength") continue;
    if (f.validBit !== undefined && !validBit(f.validBit)) continue;
    fields.push([f.path, formatField(f, key, uint, errorName, layout)]);
  }
  return {
    outcome: outcomeByte === 1 ? "accept" : outcomeByte === 2 ? "reject" : "unset",
    error: errorName(errorCode),
    valid,
    fields,
  };
}

function hex(bytes: Uint8Array): string {
  return `0x${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function formatField(
  f: LayoutField,
  key: Uint8Array,
  uint: (offset: number, size: number) => bigint,
  errorName: (code: number) => string,
  layout: FlowKeyLayout,
): string {
  switch (f.kind) {
    case "uint":
    case "int": {
      const v = uint(f.offset, f.size);
      if (f.kind === "int") return BigInt.asIntN(f.bits, v).toString();
      return f.bits > 32
        ? `0x${v.toString(16).padStart(Math.ceil(f.bits / 4), "0")}`
        : v.toString();
    }
    case "bool":
      return key[f.offset] ? "true" : "false";
    case "error":
      return errorName(Number(uint(f.offset, f.size)));
    case "bytes":
      return hex(key.subarray(f.offset, f.offset + f.size));
    case "varbit": {
      const lenField = layout.fields.find((x) => x.kind === "varbitLength" && x.slot === f.slot);
      const bits = lenField ? Number(uint(lenField.offset, lenField.size)) : f.bits;
      return `${hex(key.subarray(f.offset, f.offset + Math.ceil(bits / 8)))}/${bits}`;
    }
    default:
      return "";
  }
}

/** One JSON object per packet, fields in layout order, so two runs can be diffed line by line. */
export function formatJsonl(index: number, view: KeyView): string {
  return (
    JSON.stringify({
      packet: index,
      outcome: view.outcome,
      error: view.error,
      valid: view.valid,
      fields: Object.fromEntries(view.fields),
    }) + "\n"
  );
}

/** A readable block per packet. */
export function formatText(index: number, view: KeyView): string {
  const head = `packet ${index}: ${view.outcome}${view.error === "NoError" ? "" : ` (${view.error})`}; valid: ${view.valid.join(", ") || "none"}\n`;
  const width = Math.max(0, ...view.fields.map(([p]) => p.length));
  return head + view.fields.map(([p, v]) => `  ${p.padEnd(width)}  ${v}\n`).join("");
}
