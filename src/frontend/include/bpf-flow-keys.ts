// The kernel's `struct bpf_flow_keys` (linux/bpf.h) as p4flow sees it: its fields' P4 types,
// offsets, sizes and byte orders, and the dissector flags. The one description: p4flow.p4's
// `struct bpf_flow_keys_t` and its FLOW_DISSECTOR_F_* constants are written from it, and the IR
// (ir/flow-keys.ts), the interpreters, the backend and the tests read it.

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
