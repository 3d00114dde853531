// Every difference between the kernel program types p4flow emits: section, context, how packet
// bytes are loaded, and the verdicts. Emitters ask the Target and never test the kind themselves.

export type TargetKind = "xdp" | "tc";

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
  },
};
