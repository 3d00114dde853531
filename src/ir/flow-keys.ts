// A FlowDissector parser's binding to the kernel's `struct bpf_flow_keys`: its inout metadata is
// p4flow.p4's `bpf_flow_keys_t`, whose slots the lowering finds here, and how the kernel starts
// such a parse. The struct itself is described once, in frontend/include/bpf-flow-keys.ts
// (re-exported here for the IR's consumers).

import type * as Ir from "./ir.js";
import { FLOW_KEYS_FIELDS, FLOW_KEYS_TYPE } from "../frontend/include/bpf-flow-keys.js";

export {
  ADDR_PROTO,
  FLOW_DISSECTOR_FLAGS,
  FLOW_KEYS_FIELDS,
  FLOW_KEYS_SIZE,
  FLOW_KEYS_TYPE,
  type FlowKeysField,
} from "../frontend/include/bpf-flow-keys.js";

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
