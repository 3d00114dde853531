// The packets on which bench/bpf-flow.mjs runs examples/flow_dissector side by side with the
// kernel's own BPF flow dissector (the selftests' bpf_flow.c), and how it compares the two
// `struct bpf_flow_keys` they return. Plain data and pure functions, so that the bench (which
// bundles this file with esbuild at run time) and test/backend/bpf-flow-packets.test.ts share them.

import { FLOW_KEYS_FIELDS, FLOW_KEYS_SIZE } from "../../src/ir/flow-keys.js";
import {
  build,
  ethernet,
  gre,
  ipv4,
  ipv6,
  ipv6Fragment,
  ipv6Options,
  payload,
  tcp,
  udp,
  vlan,
} from "./packet-builder.js";

export interface BenchPacket {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** What both dissectors find (from the packet's layers): bpf_flow_keys fields by name. */
  readonly expect: Readonly<Record<string, number>>;
  /** Fields in which examples/flow_dissector differs from bpf_flow.c by design (its README). */
  readonly differs?: readonly string[];
}

/** Behind a tunnel the example moves nhoff to the inner header; bpf_flow.c leaves it outside. */
const TUNNEL = ["nhoff"];

/** One packet of each kind both dissectors parse to the transport header (or stop at by rule). */
export const BPF_FLOW_PACKETS: readonly BenchPacket[] = [
  {
    name: "ipv4/tcp",
    expect: { thoff: 34, ip_proto: 6, sport: 53, dport: 80 },
    bytes: build(
      ethernet(),
      ipv4({ src: "10.0.0.1", dst: "10.0.0.2" }),
      tcp({ sport: 53, dport: 80 }),
    ),
  },
  {
    name: "ipv4/udp",
    expect: { thoff: 34, ip_proto: 17, sport: 5353, dport: 53 },
    bytes: build(
      ethernet(),
      ipv4({ src: "10.0.0.1", dst: "10.0.0.2" }),
      udp({ sport: 5353, dport: 53 }),
    ),
  },
  {
    name: "802.1q/ipv4/tcp",
    expect: { nhoff: 18, thoff: 38, ip_proto: 6, sport: 1234, dport: 443 },
    bytes: build(ethernet(), vlan({ vid: 42 }), ipv4(), tcp({ sport: 1234, dport: 443 })),
  },
  {
    name: "qinq/ipv6/udp",
    expect: { nhoff: 22, thoff: 62, ip_proto: 17, sport: 546, dport: 547 },
    bytes: build(
      ethernet(),
      vlan({ vid: 10, sTag: true }),
      vlan({ vid: 11 }),
      ipv6({ flowLabel: 0 }),
      udp({ sport: 546, dport: 547 }),
    ),
  },
  {
    name: "ipv6/hop-by-hop/dest-opts/tcp",
    expect: { thoff: 70, ip_proto: 6, sport: 40000, dport: 22 },
    bytes: build(
      ethernet(),
      ipv6(),
      ipv6Options({ kind: "hop-by-hop", options: [5, 2, 0, 0] }),
      ipv6Options({ kind: "destination", options: [1, 4, 0, 0, 0, 0] }),
      tcp({ sport: 40000, dport: 22 }),
    ),
  },
  {
    name: "ipv6/fragment(first)/udp",
    expect: { thoff: 62, ip_proto: 17, is_frag: 1, is_first_frag: 1, sport: 0 },
    bytes: build(
      ethernet(),
      ipv6(),
      ipv6Fragment({ offset: 0, more: true }),
      udp({ sport: 4000, dport: 4001 }),
      payload(new Uint8Array(16)),
    ),
  },
  {
    name: "ipv4/gre(key,seq)/ipv4/udp",
    expect: { thoff: 66, ip_proto: 17, is_encap: 1, sport: 12345, dport: 4789 },
    differs: TUNNEL,
    bytes: build(
      ethernet(),
      ipv4({ src: "10.0.0.1", dst: "10.0.0.2" }),
      gre({ key: 0x11111111, seq: 0x22222222 }),
      ipv4({ src: "10.1.0.3", dst: "10.1.0.4" }),
      udp({ sport: 12345, dport: 4789 }),
    ),
  },
  {
    name: "ipv4/ipip/tcp",
    expect: { thoff: 54, ip_proto: 6, is_encap: 1, sport: 1000, dport: 2000 },
    differs: TUNNEL,
    bytes: build(
      ethernet(),
      ipv4({ src: "10.0.0.1", dst: "10.0.0.2" }),
      ipv4({ src: "10.2.0.5", dst: "10.2.0.6" }),
      tcp({ sport: 1000, dport: 2000 }),
    ),
  },
];

/**
 * The fields of two `struct bpf_flow_keys` (FLOW_KEYS_SIZE bytes each) that differ, each as
 * "name a/b" in hex; [] when they are equal. Bytes no compared field covers (the
 * rest of the address union) are compared one by one.
 */
export function flowKeysDiff(a: Uint8Array, b: Uint8Array): string[] {
  if (a.length !== FLOW_KEYS_SIZE || b.length !== FLOW_KEYS_SIZE)
    return [`size ${a.length}/${b.length} (expected ${FLOW_KEYS_SIZE})`];
  const hex = (x: Uint8Array, at: number, n: number) =>
    Buffer.from(x.subarray(at, at + n)).toString("hex");
  const family = (x: Uint8Array) => ((x[4]! | (x[5]! << 8)) === 0x86dd ? "ipv6" : "ipv4");
  const out: string[] = [];
  const covered = new Set<number>();
  for (const f of FLOW_KEYS_FIELDS) {
    // The address union is compared as the family either side says it holds; its other bytes
    // one by one below.
    if (f.family && f.family !== family(a) && f.family !== family(b)) continue;
    for (let i = 0; i < f.size; i++) covered.add(f.offset + i);
    const x = hex(a, f.offset, f.size);
    const y = hex(b, f.offset, f.size);
    if (x !== y) out.push(`${f.name} ${x}/${y}`);
  }
  for (let i = 0; i < FLOW_KEYS_SIZE; i++)
    if (!covered.has(i) && a[i] !== b[i]) out.push(`byte ${i} ${hex(a, i, 1)}/${hex(b, i, 1)}`);
  return out;
}

/** A field of a struct bpf_flow_keys as a number (network-order fields decoded as such). */
export function flowKeysField(keys: Uint8Array, name: string): number {
  const f = FLOW_KEYS_FIELDS.find((x) => x.name === name && x.size <= 4);
  if (!f) throw new Error(`no numeric bpf_flow_keys field ${name}`);
  let v = 0;
  for (let i = 0; i < f.size; i++)
    v = v * 256 + keys[f.offset + (f.order === "host" ? f.size - 1 - i : i)]!;
  return v;
}

/**
 * How p4flow's and bpf_flow.c's results for `packet` compare: "same", "same but" the fields the
 * example differs in by design, or the differing fields (as flowKeysDiff says, verdict first).
 */
export function compareDissections(
  packet: BenchPacket,
  p4flow: { retval: number; keys: Uint8Array },
  kernel: { retval: number; keys: Uint8Array },
): { verdict: "same" | "documented" | "different"; diff: string[] } {
  const diff = flowKeysDiff(p4flow.keys, kernel.keys);
  if (p4flow.retval !== kernel.retval) diff.unshift(`verdict ${p4flow.retval}/${kernel.retval}`);
  if (diff.length === 0) return { verdict: "same", diff };
  const by = packet.differs ?? [];
  const documented = diff.every((d) => by.includes(d.split(" ")[0]!));
  return { verdict: documented ? "documented" : "different", diff };
}
