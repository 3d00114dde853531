// What the kernel holds in `struct bpf_flow_keys` after a flow_dissector program ran, computed
// from the interpreter's key: the metadata's final values copied field by field as the backend
// copies them (src/backend-ebpf/flow-keys-copy.ts), then nhoff and thoff clamped as the kernel's
// bpf_flow_dissect() clamps them. Tests compare this with BPF_PROG_TEST_RUN's data_out; `p4flow
// run` prints it.

import { ADDR_PROTO, FLOW_KEYS_FIELDS, FLOW_KEYS_SIZE } from "../ir/flow-keys.js";
import type { FlowKeyLayout, LayoutField } from "../layout/layout.js";
import { keyInteger } from "./decode.js";

/** The metadata's value of each bpf_flow_keys_t field, read from a key the layout describes. */
export function flowKeysValues(
  layout: FlowKeyLayout,
  binding: Readonly<Record<string, number>>,
  key: Uint8Array,
): Record<string, bigint> {
  const bySlot = new Map<number, LayoutField>();
  for (const f of layout.fields) if (f.slot !== undefined) bySlot.set(f.slot, f);
  const out: Record<string, bigint> = {};
  for (const f of FLOW_KEYS_FIELDS) {
    const lf = bySlot.get(binding[f.name]!)!;
    out[f.name] = keyInteger(layout, key, lf.offset, lf.size, lf.kind === "bytes");
  }
  return out;
}

/**
 * The 56 bytes of struct bpf_flow_keys after the kernel ran the program on `hlen` bytes of
 * headers starting the parse at `nhoff`.
 */
export function kernelFlowKeys(
  values: Readonly<Record<string, bigint>>,
  nhoff: number,
  hlen: number,
): Uint8Array {
  const out = new Uint8Array(FLOW_KEYS_SIZE);
  const view = new DataView(out.buffer);
  const family =
    values["addr_proto"] === BigInt(ADDR_PROTO.ipv4)
      ? "ipv4"
      : values["addr_proto"] === BigInt(ADDR_PROTO.ipv6)
        ? "ipv6"
        : undefined;
  for (const f of FLOW_KEYS_FIELDS) {
    if (f.family !== undefined && f.family !== family) continue;
    const v = values[f.name]!;
    const little = f.order === "host";
    for (let i = 0; i < f.size; i++) {
      const byte = Number((v >> BigInt(8 * i)) & 0xffn);
      out[f.offset + (little ? i : f.size - 1 - i)] = byte;
    }
  }
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  const nh = clamp(view.getUint16(0, true), nhoff, hlen);
  view.setUint16(0, nh, true);
  view.setUint16(2, clamp(view.getUint16(2, true), nh, hlen), true);
  return out;
}
