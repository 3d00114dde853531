// A flow key as `flows` and `dump` print it: outcome, error, valid headers and the fields of the
// valid headers and metadata, addresses and MACs in the form people write them (the rule is
// format-values.ts's), everything else as decodeKey renders it.

import { decodeKey, keyInteger } from "../interp/decode.js";
import { formatFieldValue } from "../interp/format-values.js";
import type { FlowKeyLayout } from "../layout/layout.js";

export interface KeyObject {
  readonly outcome: string;
  readonly error: string;
  readonly valid: readonly string[];
  readonly fields: Readonly<Record<string, string>>;
}

export function keyObject(layout: FlowKeyLayout, key: Uint8Array): KeyObject {
  const view = decodeKey(layout, key);
  const byPath = new Map(layout.fields.map((f) => [f.path, f]));
  const fields: Record<string, string> = {};
  for (const [path, raw] of view.fields) {
    const f = byPath.get(path)!;
    const value =
      f.kind === "bytes"
        ? key.subarray(f.offset, f.offset + f.size)
        : keyInteger(layout, key, f.offset, f.size);
    fields[path] = formatFieldValue(f, value) ?? raw;
  }
  return { outcome: view.outcome, error: view.error, valid: view.valid, fields };
}

/** One line: "accept key.ipv4.src=10.0.0.1 key.ipv4.dst=... key.ports.dst=80". */
export function keyText(k: KeyObject): string {
  const fields = Object.entries(k.fields).map(([p, v]) => `${p}=${v}`);
  const head = k.outcome === "accept" ? "accept" : `${k.outcome}(${k.error})`;
  return [head, ...fields].join(" ");
}

/** A u64 as a JSON number when exact, else as a decimal string. */
export function jsonCount(v: bigint): number | string {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}
