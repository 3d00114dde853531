// The flow-key layout's types: where every byte of the key lives. One function (compute.ts)
// builds it from the IR; every renderer (C header, JSON, TS decoder) and every engine that writes
// key bytes (the interpreter, the eBPF backend) only reads it.

export const LAYOUT_SCHEMA_VERSION = 1;

export type KeyByteOrder = "network" | "host";

export interface LayoutOptions {
  /** "network" (default): multi-byte scalars big-endian, as on the wire. "host": the BPF target's
   *  own order (little-endian for bpfel, the target p4flow builds for). */
  readonly byteOrder: KeyByteOrder;
  /** Drop alignment padding (the total size is still a multiple of 8). */
  readonly packed: boolean;
}

export const DEFAULT_LAYOUT_OPTIONS: LayoutOptions = { byteOrder: "network", packed: false };

/** The status block's outcome byte: how a parse ended (0 never appears in a written key). */
export const OUTCOME_ACCEPT = 1;
export const OUTCOME_REJECT = 2;

/**
 * How a field's bytes encode its value.
 * - "uint"/"int": an integer in `size` bytes (1, 2, 4 or 8) in the key's byte order; int is two's
 *   complement sign-extended to the storage size.
 * - "bool": one byte, 0 or 1.
 * - "error": a parser error code in `size` bytes (see FlowKeyLayout.errors).
 * - "bytes": a field wider than 64 bits: `size` bytes in wire order (most significant first)
 *   whatever the key's byte order, the value right-aligned (leading pad bits zero).
 * - "varbit": `size` bytes in wire order, left-aligned (first bit of the field first); its current
 *   length in bits is the "varbitLength" field that follows it.
 * - "varbitLength": a uint16 holding the preceding varbit's current length in bits.
 * - "padding": always zero.
 */
export type LayoutFieldKind =
  "uint" | "int" | "bool" | "error" | "bytes" | "varbit" | "varbitLength" | "padding";

export interface LayoutField {
  /** The P4 path ("hdr.ipv4.ttl", "hdr.mpls[1].label", "meta.proto"); padding: "$pad<N>";
   *  status fields: "$status.outcome", "$status.error", "$status.valid". */
  readonly path: string;
  /** A C identifier derived from the path, unique in the key ("hdr_ipv4_ttl"). */
  readonly cName: string;
  readonly kind: LayoutFieldKind;
  readonly offset: number;
  readonly size: number;
  /** The P4 width in bits (for bool 1, for padding size*8, for varbit its maximum). */
  readonly bits: number;
  /** The IR scalar slot this field stores (absent for padding and status fields). */
  readonly slot?: number;
  /** The path of the header this field belongs to, if any. */
  readonly header?: string;
  /** The header's bit in the validity bitmap, if the field belongs to a header. */
  readonly validBit?: number;
  /** How tools show the value when the program says (`@p4flow_format`): an address kind, or
   *  "number"; absent, the field's width and name decide (src/interp/format-values.ts). */
  readonly format?: "ipv4" | "ipv6" | "mac" | "number";
}

export interface LayoutHeader {
  readonly path: string;
  readonly typeName: string;
  /** IR header id. */
  readonly header: number;
  readonly validBit: number;
}

export interface FlowKeyLayout {
  readonly schemaVersion: typeof LAYOUT_SCHEMA_VERSION;
  /** The parser's name; also the base of C type names. */
  readonly name: string;
  readonly byteOrder: KeyByteOrder;
  /** The concrete order of multi-byte integers: "big" for network, "little" for host (bpfel). */
  readonly endianness: "big" | "little";
  readonly packed: boolean;
  /** Total size in bytes, a multiple of 8. */
  readonly size: number;
  /**
   * The status block at offset 0:
   * - outcome: uint8, OUTCOME_ACCEPT or OUTCOME_REJECT;
   * - error: the parser error code;
   * - valid: the validity bitmap, placed by validBitPosition.
   */
  readonly status: {
    readonly outcomeOffset: number;
    readonly errorOffset: number;
    readonly errorSize: number;
    readonly validOffset: number;
    readonly validBytes: number;
  };
  /** Every byte of the key is covered by exactly one field, in offset order. */
  readonly fields: readonly LayoutField[];
  readonly headers: readonly LayoutHeader[];
  readonly errors: readonly { readonly name: string; readonly code: number }[];
  /** The value of a `--flow-table` entry, the same for every program (see FLOW_STATS). */
  readonly flowStats: FlowStatsLayout;
  /**
   * The layout's identity: 16 hex digits ("0x" first) of the SHA-256 of its canonical form
   * (fingerprint.ts). Every output carries it; a program stores it in its read-only data.
   */
  readonly fingerprint: string;
}

/** Where validity bit `bit` lives in a key: its byte offset, the bit's shift in that byte and
 *  its mask. The one statement of the bitmap's order; every engine that writes or reads it asks. */
export function validBitPosition(
  status: FlowKeyLayout["status"],
  bit: number,
): { readonly byte: number; readonly shift: number; readonly mask: number } {
  const shift = bit & 7;
  return { byte: status.validOffset + (bit >> 3), shift, mask: 1 << shift };
}

/** A flow table value: unsigned 64-bit counters in the host order of the BPF target. */
export interface FlowStatsLayout {
  readonly size: number;
  readonly endianness: "little";
  readonly fields: readonly { readonly name: string; readonly offset: number; readonly size: 8 }[];
}

export const FLOW_STATS: FlowStatsLayout = {
  size: 32,
  endianness: "little",
  fields: [
    { name: "packets", offset: 0, size: 8 },
    { name: "bytes", offset: 8, size: 8 },
    { name: "first_seen_ns", offset: 16, size: 8 },
    { name: "last_seen_ns", offset: 24, size: 8 },
  ],
};
