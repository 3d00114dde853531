// Readable forms of flow-key values that are addresses: dotted IPv4, RFC 5952 IPv6 and
// colon-separated MACs. Which fields are addresses is decided from the layout field alone: by the
// program's `@p4flow_format` annotation when it has one, else by its width and its name (see
// `addressKind`), so every consumer (`run`, `flows`, `dump`, the library) shows the same field the
// same way. Raw values stay what decodeKey and keyInteger give.

import { assertNever } from "../diagnostics/diagnostic.js";
import type { LayoutField } from "../layout/layout.js";

export type AddressKind = "ipv4" | "ipv6" | "mac";

/**
 * Words of a field's last path component that mark an address. The component is split at
 * underscores and lower-to-upper case changes ("srcAddr" → src, addr; "ipv4_dst" → ipv4, dst).
 */
const ADDRESS_WORDS: Readonly<Record<AddressKind, ReadonlySet<string>>> = {
  // 32 bits: IPv4 (ARP's sender/target protocol addresses are spa/tpa).
  ipv4: new Set(["addr", "address", "ip", "ipv4", "src", "dst", "saddr", "daddr", "spa", "tpa"]),
  // 128 bits: IPv6 (neighbour discovery's target address too).
  ipv6: new Set(["addr", "address", "ip", "ipv6", "src", "dst", "saddr", "daddr", "target"]),
  // 48 bits: MAC (ARP's sha/tha, neighbour discovery's source/target link-layer sll/tll).
  mac: new Set([
    "addr",
    "address",
    "mac",
    "eth",
    "ether",
    "src",
    "dst",
    "sha",
    "tha",
    "sll",
    "tll",
  ]),
};

const WIDTH_KIND: Readonly<Record<number, AddressKind>> = { 32: "ipv4", 48: "mac", 128: "ipv6" };

/** The words of a path's last component, lower case: "hdr.ipv4.srcAddr" → ["src", "addr"]. */
export function nameWords(path: string): string[] {
  const last =
    path
      .replace(/\[\d+\]/g, "")
      .split(".")
      .pop() ?? "";
  return last
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * The address a field holds, or undefined. The rule: an unsigned field (bit<W>, not int<W>) of
 * exactly 32, 48 or 128 bits whose name contains one of the words above is an IPv4 address, a
 * MAC or an IPv6 address respectively. So `bit<32> srcAddr` is shown as 10.0.0.1 and
 * `bit<32> seqNo` stays a number; a field named otherwise (`bit<32> x`) is never an address.
 */
export function addressKind(
  field: Pick<LayoutField, "path" | "kind" | "bits" | "format">,
): AddressKind | undefined {
  // The program's own word (`@p4flow_format`, checked against the width when compiled) first.
  if (field.format !== undefined) return field.format === "number" ? undefined : field.format;
  if (field.kind !== "uint" && field.kind !== "bytes") return undefined;
  const kind = WIDTH_KIND[field.bits];
  if (!kind) return undefined;
  const words = ADDRESS_WORDS[kind];
  return nameWords(field.path).some((w) => words.has(w)) ? kind : undefined;
}

/** 0x0a000001 → "10.0.0.1". */
export function formatIpv4(value: number | bigint): string {
  const v = Number(BigInt.asUintN(32, BigInt(value)));
  return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}

/** 0x0200_5e00_0001 → "02:00:5e:00:00:01" (lower case, as `ip link` prints them). */
export function formatMac(value: bigint | Uint8Array): string {
  const bytes = typeof value === "bigint" ? bigintBytes(value, 6) : value;
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(":");
}

/**
 * 16 bytes (or a 128-bit number) in RFC 5952's canonical text: lower case, leading zeros of each
 * group dropped, the longest run of two or more zero groups (the first of equal runs) as "::",
 * and IPv4-mapped addresses (::ffff:a.b.c.d) with the dotted tail.
 */
export function formatIpv6(value: bigint | Uint8Array): string {
  const bytes = typeof value === "bigint" ? bigintBytes(value, 16) : value;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIpv4((groups[6]! << 16) | groups[7]!)}`;
  }
  let bestStart = -1;
  let bestLen = 1; // a single zero group is never shortened (RFC 5952 section 4.2.2)
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

/** The readable form of an address field's raw value (a number or the field's bytes). */
export function formatAddress(kind: AddressKind, value: number | bigint | Uint8Array): string {
  switch (kind) {
    case "ipv4":
      return formatIpv4(value instanceof Uint8Array ? bytesBigint(value) : value);
    case "mac":
      return formatMac(value instanceof Uint8Array ? value : BigInt(value));
    case "ipv6":
      return formatIpv6(value instanceof Uint8Array ? value : BigInt(value));
    default:
      return assertNever(kind, "address kind");
  }
}

/**
 * The readable form of a field's value if the field is an address (by `addressKind`), else
 * undefined: the caller keeps its raw rendering.
 */
export function formatFieldValue(
  field: Pick<LayoutField, "path" | "kind" | "bits" | "format">,
  value: number | bigint | Uint8Array,
): string | undefined {
  const kind = addressKind(field);
  return kind === undefined ? undefined : formatAddress(kind, value);
}

function bigintBytes(v: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = BigInt.asUintN(n * 8, v);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

function bytesBigint(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}
