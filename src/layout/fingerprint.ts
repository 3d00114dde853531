// The layout's identity: a hash of its canonical form (every fact a reader of key bytes relies on:
// fields, offsets, sizes, kinds, formats, byte order, packing, error codes, validity bits, the
// flow-table value and the program name), so two layouts that decode bytes differently never
// share one.

import { sha256 } from "@noble/hashes/sha2.js";
import type { FlowKeyLayout } from "./layout.js";

/** The part of the layout the fingerprint covers, in a fixed key order. */
export function canonicalLayout(layout: Omit<FlowKeyLayout, "fingerprint">): string {
  return JSON.stringify([
    layout.schemaVersion,
    layout.name,
    layout.byteOrder,
    layout.endianness,
    layout.packed,
    layout.size,
    [
      layout.status.outcomeOffset,
      layout.status.errorOffset,
      layout.status.errorSize,
      layout.status.validOffset,
      layout.status.validBytes,
    ],
    // A field's format is appended only when the program gives one, so layouts without it keep
    // the fingerprints they always had.
    layout.fields.map((f) => [
      f.path,
      f.cName,
      f.kind,
      f.offset,
      f.size,
      f.bits,
      f.validBit ?? -1,
      ...(f.format ? [f.format] : []),
    ]),
    layout.headers.map((h) => [h.path, h.typeName, h.validBit]),
    layout.errors.map((e) => [e.name, e.code]),
    [layout.flowStats.size, layout.flowStats.fields.map((f) => [f.name, f.offset, f.size])],
  ]);
}

/** "0x" and 16 hex digits: the first 8 bytes of the SHA-256 of the canonical form. */
export function layoutFingerprint(layout: Omit<FlowKeyLayout, "fingerprint">): string {
  const digest = sha256(new TextEncoder().encode(canonicalLayout(layout)));
  return `0x${[...digest.subarray(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The fingerprint as the unsigned 64-bit number programs store. */
export function fingerprintValue(fingerprint: string): bigint {
  return BigInt(fingerprint);
}
