// The testable half of bench/bpf-flow.mjs (which compares examples/flow_dissector with the
// kernel's bpf_flow.c but downloads a kernel source, so is no test): its packets must be what
// their names say, as the example's interpreter dissects them, and its comparison of two
// struct bpf_flow_keys must name exactly the fields that differ and accept only the differences
// the example documents.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileInterpreter } from "../../src/interp/compiled.js";
import { flowKeysValues, kernelFlowKeys } from "../../src/interp/flow-keys.js";
import { dissectorEntry, ETH_HLEN, FLOW_KEYS_SIZE } from "../../src/ir/flow-keys.js";
import {
  BPF_FLOW_PACKETS,
  compareDissections,
  flowKeysDiff,
  flowKeysField,
} from "../support/bpf-flow-packets.js";
import { compileFile } from "../support/compile.js";

const file = join(
  import.meta.dirname,
  "..",
  "..",
  "examples",
  "flow_dissector",
  "flow_dissector.p4",
);

/** The example's verdict (0 BPF_OK, 2 BPF_DROP) and flow keys for a frame, by the interpreter. */
const example = compileFile(file);
const interpret = compileInterpreter(example.ir!, example.layout!);

function dissect(frame: Uint8Array): { retval: number; keys: Uint8Array } {
  const r = example;
  const binding = r.ir!.dissector!;
  const out = interpret(frame, dissectorEntry(binding, frame, 0));
  return {
    retval: out.outcome === "accept" ? 0 : 2,
    keys: kernelFlowKeys(flowKeysValues(r.layout!, binding, out.key), ETH_HLEN, frame.length),
  };
}

describe("the packets bench/bpf-flow.mjs runs", () => {
  it("are one of each kind the issue names, each dissected to what its layers say", () => {
    expect(BPF_FLOW_PACKETS.map((p) => p.name)).toEqual([
      "ipv4/tcp",
      "ipv4/udp",
      "802.1q/ipv4/tcp",
      "qinq/ipv6/udp",
      "ipv6/hop-by-hop/dest-opts/tcp",
      "ipv6/fragment(first)/udp",
      "ipv4/gre(key,seq)/ipv4/udp",
      "ipv4/ipip/tcp",
    ]);
    for (const p of BPF_FLOW_PACKETS) {
      const { retval, keys } = dissect(p.bytes);
      expect({ name: p.name, retval }).toEqual({ name: p.name, retval: 0 });
      for (const [field, value] of Object.entries(p.expect))
        expect({ name: p.name, field, value: flowKeysField(keys, field) }).toEqual({
          name: p.name,
          field,
          value,
        });
    }
  });
});

describe("comparing two struct bpf_flow_keys", () => {
  const ipv4tcp = dissect(BPF_FLOW_PACKETS[0]!.bytes);
  const gre = BPF_FLOW_PACKETS.find((p) => p.name.includes("gre"))!;
  const greKeys = dissect(gre.bytes);

  it("finds nothing between equal keys, and names each differing field in hex", () => {
    expect(flowKeysDiff(ipv4tcp.keys, Uint8Array.from(ipv4tcp.keys))).toEqual([]);
    const other = Uint8Array.from(ipv4tcp.keys);
    other[14] = 0x12; // dport's high byte
    other[20] ^= 0xff; // ipv4_dst's first byte
    expect(flowKeysDiff(ipv4tcp.keys, other)).toEqual([
      "dport 0050/1250",
      "ipv4_dst 0a000002/f5000002",
    ]);
    expect(flowKeysDiff(ipv4tcp.keys, new Uint8Array(3))).toEqual([
      `size ${FLOW_KEYS_SIZE}/3 (expected ${FLOW_KEYS_SIZE})`,
    ]);
  });

  it("compares the rest of the address union byte by byte for IPv4 keys", () => {
    const other = Uint8Array.from(ipv4tcp.keys);
    other[40] = 1;
    expect(flowKeysDiff(ipv4tcp.keys, other)).toEqual(["byte 40 00/01"]);
  });

  it("accepts only the differences the example documents, and never a verdict's", () => {
    const moved = Uint8Array.from(greKeys.keys);
    moved[0] = 14; // nhoff left on the outer header, as bpf_flow.c leaves it
    expect(compareDissections(gre, greKeys, { retval: 0, keys: greKeys.keys }).verdict).toBe(
      "same",
    );
    expect(compareDissections(gre, greKeys, { retval: 0, keys: moved })).toEqual({
      verdict: "documented",
      diff: ["nhoff 2e00/0e00"],
    });
    expect(compareDissections(gre, greKeys, { retval: 2, keys: moved }).verdict).toBe("different");
    // The same nhoff difference on a packet with no tunnel is a real one.
    const plain = BPF_FLOW_PACKETS[0]!;
    const shifted = Uint8Array.from(ipv4tcp.keys);
    shifted[0] = 20;
    expect(compareDissections(plain, ipv4tcp, { retval: 0, keys: shifted }).verdict).toBe(
      "different",
    );
  });
});
