// Every difference between the kernel program types p4flow emits: section, context, how packet
// bytes are loaded, and the verdicts. Emitters ask the Target and never test the kind themselves.

/** The kernel program types p4flow emits, as the CLI names them. */
export const TARGET_KINDS = ["xdp", "tc", "flow_dissector"] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export interface Target {
  readonly kind: TargetKind;
  readonly section: string;
  readonly contextType: string;
  /** C expression: the packet's length in bytes. */
  readonly packetLength: string;
  /** C call that copies `len` packet bytes from byte `off` into `dst`; 0 on success. */
  load(off: string, dst: string, len: string): string;
  /** C expressions: the first byte of the linear packet data, and one past its end. */
  readonly dataStart: string;
  readonly dataEnd: string;
  readonly pass: string;
  readonly drop: string;
  /** The suffix of the parse function's name: one function per context type. */
  readonly parseSuffix: string;
  /** Headers the program needs besides linux/bpf.h and bpf_helpers.h. */
  readonly includes: readonly string[];
  /**
   * The context carries the kernel's `struct bpf_flow_keys`: a FlowDissector parser's metadata
   * comes from it and goes back to it, and the verdict says only whether dissection worked
   * (reject is always `drop`, whatever --on-reject says).
   */
  readonly flowKeys: boolean;
  /**
   * The packet is its linear data (the length is data_end - data): bytes past data_end do not
   * exist, so a packet too short for a run of reads is rejected without the load helper.
   */
  readonly linear: boolean;
}

export const TARGETS: Readonly<Record<TargetKind, Target>> = {
  xdp: {
    kind: "xdp",
    section: "xdp",
    contextType: "struct xdp_md",
    packetLength: "(__u32)(ctx->data_end - ctx->data)",
    load: (off, dst, len) => `bpf_xdp_load_bytes(ctx, ${off}, ${dst}, ${len})`,
    dataStart: "(__u8 *)(long)ctx->data",
    dataEnd: "(__u8 *)(long)ctx->data_end",
    pass: "XDP_PASS",
    drop: "XDP_DROP",
    parseSuffix: "xdp",
    includes: [],
    flowKeys: false,
    linear: true,
  },
  tc: {
    kind: "tc",
    section: "tc",
    contextType: "struct __sk_buff",
    packetLength: "ctx->len",
    load: (off, dst, len) => `bpf_skb_load_bytes(ctx, ${off}, ${dst}, ${len})`,
    dataStart: "(__u8 *)(long)ctx->data",
    dataEnd: "(__u8 *)(long)ctx->data_end",
    pass: "TC_ACT_OK",
    drop: "TC_ACT_SHOT",
    parseSuffix: "skb",
    includes: ["linux/pkt_cls.h"],
    flowKeys: false,
    linear: false,
  },
  // The flow dissector sees the linear header bytes only (data .. data_end is what the kernel
  // calls hlen), may not read skb->len, and starts at ctx->flow_keys->nhoff. Bytes beyond the
  // linear data are not dissected (the parse ends there with PacketTooShort).
  flow_dissector: {
    kind: "flow_dissector",
    section: "flow_dissector",
    contextType: "struct __sk_buff",
    packetLength: "(__u32)(ctx->data_end - ctx->data)",
    // Not bpf_skb_load_bytes: it fails when the kernel runs the dissector without an skb.
    load: (off, dst, len) => `p4f_pkt_copy(data, data_end, ${off}, ${dst}, ${len})`,
    dataStart: "(__u8 *)(long)ctx->data",
    dataEnd: "(__u8 *)(long)ctx->data_end",
    pass: "BPF_OK",
    drop: "BPF_DROP",
    parseSuffix: "flow_dissector",
    includes: [],
    flowKeys: true,
    linear: true,
  },
};

/** What --target accepts when emitting: a kernel program type, or "lib" (parse functions only). */
export const EMIT_TARGETS = [...TARGET_KINDS, "lib"] as const;
export type EmitTarget = (typeof EMIT_TARGETS)[number];

/** The program type bpftool loads and attaches each kind as (`bpftool prog load ... type T`). */
export const PROGRAM_TYPE: Readonly<Record<TargetKind, string>> = {
  xdp: "xdp",
  tc: "classifier",
  flow_dissector: "flow_dissector",
};

/** The target when none is given: a FlowDissector program's own, else xdp. */
export function defaultTarget(ir: { readonly dissector?: unknown }): TargetKind {
  return ir.dissector ? "flow_dissector" : "xdp";
}
