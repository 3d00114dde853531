// Decodes key bytes through the layout into a view that prints the same whoever computed the
// bytes (the interpreter or the kernel): outcome, error name, valid headers, and every field of
// the valid headers and of the metadata, by P4 path, in layout order.

import {
  OUTCOME_ACCEPT,
  OUTCOME_REJECT,
  validBitPosition,
  type FlowKeyLayout,
  type LayoutField,
} from "../layout/layout.js";
import { addressKind, formatAddress, formatIpv6 } from "./format-values.js";
import { assertNever } from "../diagnostics/diagnostic.js";
import type { AsciiWriter } from "./ascii-writer.js";

/** One field's value in the forms a consumer may want. */
export interface FieldValue {
  readonly path: string;
  readonly field: LayoutField;
  /**
   * The value itself: a number for integers up to 32 bits, a bigint for wider ones up to 64
   * (signed for int<W>), the bytes for wider fields ("bytes") and varbits, a boolean, or an
   * error's name.
   */
  readonly value: number | bigint | boolean | string | Uint8Array;
  /** The raw text, as `fields` holds it: decimal, 0x-hex above 32 bits, error names. */
  readonly text: string;
  /** The readable text: addresses as people write them (format-values.ts), else `text`. */
  readonly readable: string;
}

export interface KeyView {
  readonly outcome: "accept" | "reject" | "unset";
  readonly error: string;
  readonly valid: readonly string[];
  /** Every field of the valid headers and the metadata with its raw text, in layout order. */
  readonly fields: readonly (readonly [path: string, value: string])[];
  /** The same fields with typed and readable values. */
  readonly values: readonly FieldValue[];
}

/** How address fields are printed: as people write them, or as the raw numbers. */
export type AddressStyle = "readable" | "raw";

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

/** keyInteger for sizes up to 4 bytes, as a number. */
function smallUint(layout: FlowKeyLayout, key: Uint8Array, offset: number, size: number): number {
  let v = 0;
  if (layout.endianness === "little")
    for (let i = size - 1; i >= 0; i--) v = v * 256 + key[offset + i]!;
  else for (let i = 0; i < size; i++) v = v * 256 + key[offset + i]!;
  return v;
}

const errorNames = new WeakMap<FlowKeyLayout, Map<number, string>>();

export function decodeKey(layout: FlowKeyLayout, key: Uint8Array): KeyView {
  const uint = (offset: number, size: number): bigint => keyInteger(layout, key, offset, size);
  const s = layout.status;
  const outcomeByte = key[s.outcomeOffset];
  const errorCode = smallUint(layout, key, s.errorOffset, s.errorSize);
  let names = errorNames.get(layout);
  if (!names) errorNames.set(layout, (names = new Map(layout.errors.map((e) => [e.code, e.name]))));
  const errorName = (code: number) => names.get(code) ?? `error#${code}`;
  const validBit = (bit: number) => {
    const at = validBitPosition(s, bit);
    return (key[at.byte]! & at.mask) !== 0;
  };
  const valid = layout.headers.filter((h) => validBit(h.validBit)).map((h) => h.path);
  const fields: [string, string][] = [];
  const shown: LayoutField[] = [];
  for (const f of layout.fields) {
    if (f.slot === undefined || f.kind === "varbitLength") continue;
    if (f.validBit !== undefined && !validBit(f.validBit)) continue;
    fields.push([f.path, formatField(f, key, uint, errorName, layout)]);
    shown.push(f);
  }
  return new DecodedKey(
    outcomeByte === OUTCOME_ACCEPT ? "accept" : outcomeByte === OUTCOME_REJECT ? "reject" : "unset",
    errorName(errorCode),
    valid,
    fields,
    () =>
      shown.map((f, i) => {
        const text = fields[i]![1];
        const value = typedValue(f, key, uint, errorName, layout);
        const address = addressKind(f);
        const readable =
          address === undefined || typeof value === "boolean" || typeof value === "string"
            ? text
            : formatAddress(address, value);
        return { path: f.path, field: f, value, text, readable };
      }),
  );
}

/**
 * A decoded key. The typed values are computed on first use and live on the prototype, so the
 * view still serializes (JSON.stringify) and compares as its four plain properties.
 */
class DecodedKey implements KeyView {
  #values: readonly FieldValue[] | undefined;
  readonly #compute: () => readonly FieldValue[];
  constructor(
    readonly outcome: KeyView["outcome"],
    readonly error: string,
    readonly valid: readonly string[],
    readonly fields: readonly (readonly [string, string])[],
    compute: () => readonly FieldValue[],
  ) {
    this.#compute = compute;
  }
  get values(): readonly FieldValue[] {
    return (this.#values ??= this.#compute());
  }
}

function typedValue(
  f: LayoutField,
  key: Uint8Array,
  uint: (offset: number, size: number) => bigint,
  errorName: (code: number) => string,
  layout: FlowKeyLayout,
): FieldValue["value"] {
  switch (f.kind) {
    case "uint":
    case "int": {
      const v = uint(f.offset, f.size);
      const n = f.kind === "int" ? BigInt.asIntN(f.bits, v) : v;
      return f.bits > 32 ? n : Number(n);
    }
    case "bool":
      return key[f.offset] !== 0;
    case "error":
      return errorName(Number(uint(f.offset, f.size)));
    case "bytes":
      return key.slice(f.offset, f.offset + f.size);
    case "varbit": {
      const lenField = layout.fields.find((x) => x.kind === "varbitLength" && x.slot === f.slot);
      const bits = lenField ? Number(uint(lenField.offset, lenField.size)) : f.bits;
      return key.slice(f.offset, f.offset + Math.ceil(bits / 8));
    }
    case "varbitLength":
    case "padding":
      return "";
    default:
      return assertNever(f.kind, "layout field kind");
  }
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
      // Up to 32 bits in plain numbers: most fields, and much faster than bigints.
      if (f.kind === "uint" && f.size <= 4) return String(smallUint(layout, key, f.offset, f.size));
      const v = uint(f.offset, f.size);
      if (f.kind === "int") return BigInt.asIntN(f.bits, v).toString();
      return f.bits > 32
        ? `0x${v.toString(16).padStart(Math.ceil(f.bits / 4), "0")}`
        : v.toString();
    }
    case "bool":
      return key[f.offset] ? "true" : "false";
    case "error":
      return errorName(smallUint(layout, key, f.offset, f.size));
    case "bytes":
      return hex(key.subarray(f.offset, f.offset + f.size));
    case "varbit": {
      const lenField = layout.fields.find((x) => x.kind === "varbitLength" && x.slot === f.slot);
      const bits = lenField ? Number(uint(lenField.offset, lenField.size)) : f.bits;
      return `${hex(key.subarray(f.offset, f.offset + Math.ceil(bits / 8)))}/${bits}`;
    }
    case "varbitLength":
    case "padding":
      return "";
    default:
      return assertNever(f.kind, "layout field kind");
  }
}

/** The fields' texts in the given style. */
export function fieldTexts(view: KeyView, style: AddressStyle): (readonly [string, string])[] {
  return style === "raw" ? [...view.fields] : view.values.map((v) => [v.path, v.readable] as const);
}

/**
 * One JSON object per packet, fields in layout order, so two runs can be diffed line by line;
 * address fields raw unless `style` is "readable".
 */
export function formatJsonl(index: number, view: KeyView, style: AddressStyle = "raw"): string {
  // Built by hand rather than through an object and JSON.stringify (the same bytes, several
  // times faster): paths are never integer-like, so no key would have been reordered.
  let out = `{"packet":${index},"outcome":"${view.outcome}","error":${JSON.stringify(view.error)},"valid":${JSON.stringify(view.valid)},"fields":{`;
  const fields = style === "raw" ? view.fields : fieldTexts(view, style);
  for (let i = 0; i < fields.length; i++) {
    const [path, text] = fields[i]!;
    out += `${i === 0 ? "" : ","}${JSON.stringify(path)}:${JSON.stringify(text)}`;
  }
  return out + "}}\n";
}

/** A readable block per packet; addresses as people write them unless `style` is "raw". */
export function formatText(index: number, view: KeyView, style: AddressStyle = "readable"): string {
  const head = `packet ${index}: ${view.outcome}${view.error === "NoError" ? "" : ` (${view.error})`}; valid: ${view.valid.join(", ") || "none"}\n`;
  const fields = fieldTexts(view, style);
  const width = Math.max(0, ...fields.map(([p]) => p.length));
  return head + fields.map(([p, v]) => `  ${p.padEnd(width)}  ${v}\n`).join("");
}

/**
 * Writes a field's text read straight from key bytes at `at` (no view, string or object per key):
 * the same text decodeKey gives it, raw or readable. For `run`'s per-packet output.
 */
export function fieldWriter(
  layout: FlowKeyLayout,
  f: LayoutField,
  style: AddressStyle,
): (w: AsciiWriter, key: Uint8Array, at: number) => void {
  const little = layout.endianness === "little";
  const address = style === "readable" ? addressKind(f) : undefined;
  if (f.kind === "uint" && f.size <= 4) {
    const o = f.offset;
    const size = f.size;
    if (address === "ipv4")
      return (w, key, at) => {
        const v = smallUint(layout, key, at + o, size);
        w.uint(v >>> 24);
        w.byte(46);
        w.uint((v >>> 16) & 0xff);
        w.byte(46);
        w.uint((v >>> 8) & 0xff);
        w.byte(46);
        w.uint(v & 0xff);
      };
    if (size === 1) return (w, key, at) => w.uint(key[at + o]!);
    if (size === 2 && !little)
      return (w, key, at) => w.uint((key[at + o]! << 8) | key[at + o + 1]!);
    return (w, key, at) => w.uint(smallUint(layout, key, at + o, size));
  }
  if (f.kind === "uint" && f.size === 8) {
    // Two 32-bit halves, exact; hex padded to the field's digits (the value never has more).
    const digits = Math.ceil(f.bits / 4);
    const [hiAt, loAt] = little ? [f.offset + 4, f.offset] : [f.offset, f.offset + 4];
    return (w, key, at) => {
      const hi = smallUint(layout, key, at + hiAt, 4);
      const lo = smallUint(layout, key, at + loAt, 4);
      if (address === "mac") {
        w.hex(hi >>> 8, 2);
        for (const v of [hi, lo >>> 24, lo >>> 16, lo >>> 8, lo]) {
          w.byte(58);
          w.hex(v, 2);
        }
        return;
      }
      w.byte(48);
      w.byte(120);
      if (digits > 8) w.hex(hi, digits - 8);
      w.hex(lo, Math.min(8, digits));
    };
  }
  if (f.kind === "bytes" && address === undefined)
    return (w, key, at) => {
      w.byte(48);
      w.byte(120);
      for (let i = at + f.offset, end = i + f.size; i < end; i++) w.hex(key[i]!, 2);
    };
  if (f.kind === "bytes" && address === "ipv6")
    return (w, key, at) => w.text(formatIpv6(key.subarray(at + f.offset, at + f.offset + f.size)));
  if (f.kind === "bool") return (w, key, at) => w.text(key[at + f.offset] ? "true" : "false");
  // The rest (signed fields, errors, varbits) as decodeKey prints them.
  return (w, key, at) => {
    const view = decodeKey(layout, key.subarray(at, at + layout.size));
    const i = view.fields.findIndex(([path]) => path === f.path);
    w.text(style === "raw" ? view.fields[i]![1] : view.values[i]!.readable);
  };
}
