// The kernel's `struct bpf_flow_keys` (linux/bpf.h) as p4flow sees it: p4flow.p4 declares it as
// the P4 struct `bpf_flow_keys_t`, a FlowDissector parser takes it as inout metadata, and the
// flow_dissector target copies it to and from the context. One table here serves the lowering
// (which slots are which field), the interpreters (how a parse starts) and the backend and tests
// (where each field sits in the C struct and in which byte order).

import type * as Ir from "./ir.js";

export const FLOW_KEYS_TYPE = "bpf_flow_keys_t";

/** The size of `struct bpf_flow_keys` in bytes. */
export const FLOW_KEYS_SIZE = 56;

/** BPF_FLOW_DISSECTOR_F_* in linux/bpf.h. */
export const FLOW_DISSECTOR_FLAGS = {
  PARSE_1ST_FRAG: 1,
  STOP_AT_FLOW_LABEL: 2,
  STOP_AT_ENCAP: 4,
} as const;

export interface FlowKeysField {
  readonly name: string;
  /** Offset and size in `struct bpf_flow_keys`. */
  readonly offset: number;
  readonly size: number;
  /** "be": network order (__be16/__be32 and addresses); "host": the machine's order. */
  readonly order: "be" | "host";
  /** The field's type in p4flow.p4. */
  readonly p4: string;
  /** Set by the kernel before the program runs (the rest start at zero). */
  readonly input?: true;
  /** Only one family of addresses is stored: the union shares these bytes. */
  readonly family?: "ipv4" | "ipv6";
}

export const FLOW_KEYS_FIELDS: readonly FlowKeysField[] = [
  { name: "nhoff", offset: 0, size: 2, order: "host", p4: "bit<16>", input: true },
  { name: "thoff", offset: 2, size: 2, order: "host", p4: "bit<16>", input: true },
  { name: "addr_proto", offset: 4, size: 2, order: "host", p4: "bit<16>" },
  { name: "is_frag", offset: 6, size: 1, order: "host", p4: "bool" },
  { name: "is_first_frag", offset: 7, size: 1, order: "host", p4: "bool" },
  { name: "is_encap", offset: 8, size: 1, order: "host", p4: "bool" },
  { name: "ip_proto", offset: 9, size: 1, order: "host", p4: "bit<8>" },
  { name: "n_proto", offset: 10, size: 2, order: "be", p4: "bit<16>", input: true },
  { name: "sport", offset: 12, size: 2, order: "be", p4: "bit<16>" },
  { name: "dport", offset: 14, size: 2, order: "be", p4: "bit<16>" },
  { name: "ipv4_src", offset: 16, size: 4, order: "be", p4: "bit<32>", family: "ipv4" },
  { name: "ipv4_dst", offset: 20, size: 4, order: "be", p4: "bit<32>", family: "ipv4" },
  { name: "ipv6_src", offset: 16, size: 16, order: "be", p4: "bit<128>", family: "ipv6" },
  { name: "ipv6_dst", offset: 32, size: 16, order: "be", p4: "bit<128>", family: "ipv6" },
  { name: "flags", offset: 48, size: 4, order: "host", p4: "bit<32>", input: true },
  { name: "flow_label", offset: 52, size: 4, order: "be", p4: "bit<20>" },
];

/** The EtherType in addr_proto that says which addresses the union holds. */
export const ADDR_PROTO = { ipv4: 0x0800, ipv6: 0x86dd } as const;

/**
 * The slot of each `bpf_flow_keys_t` field when the parser's metadata is that struct; undefined
 * for any other program.
 */
export function dissectorBinding(
  key: readonly { readonly param: string; readonly storage: Ir.IrStorage }[],
): Record<string, number> | undefined {
  const meta = key[1]?.storage;
  if (meta?.kind !== "struct" || meta.typeName !== FLOW_KEYS_TYPE) return undefined;
  const out: Record<string, number> = {};
  for (const m of meta.members) if (m.storage.kind === "scalar") out[m.name] = m.storage.id;
  return FLOW_KEYS_FIELDS.every((f) => out[f.name] !== undefined) ? out : undefined;
}

/** The network header's offset when BPF_PROG_TEST_RUN (or the CLI) hands over an Ethernet frame. */
export const ETH_HLEN = 14;

/**
 * How the kernel starts a flow dissector on an Ethernet frame (as BPF_PROG_TEST_RUN does): the
 * parse begins at nhoff = 14 with n_proto the frame's EtherType, thoff = nhoff and the flags.
 */
export function dissectorEntry(
  binding: Readonly<Record<string, number>>,
  frame: Uint8Array,
  flags: number,
): Ir.ParseEntry {
  const nProto = frame.length >= ETH_HLEN ? (frame[12]! << 8) | frame[13]! : 0;
  return {
    offset: ETH_HLEN,
    slots: [
      [binding["nhoff"]!, BigInt(ETH_HLEN)],
      [binding["thoff"]!, BigInt(ETH_HLEN)],
      [binding["n_proto"]!, BigInt(nProto)],
      [binding["flags"]!, BigInt(flags >>> 0)],
    ],
  };
}
