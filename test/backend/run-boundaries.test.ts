// The one bounds check per straight run of reads, at its edges: deep packets of every protocol the
// examples parse, cut at every length, so that each header of each run is one byte short once.
// The kernel must reject at the same header, with the same error and the same key bytes, as the
// interpreter, on every target: xdp and tc for the standard, tunnels and OVS examples, and the
// flow dissector example (with every combination of its flags, its struct bpf_flow_keys too).
// On tc the kernel does not run a frame whose EtherType says IPv4 or IPv6 with less than that
// header after the Ethernet header (notRunnable in kernel-runner.ts); those cuts run on xdp.
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MIN_TEST_PACKET } from "../../src/backend-ebpf/kernel-runner.js";
import type { TargetKind } from "../../src/backend-ebpf/target.js";
import { decodeKey } from "../../src/interp/decode.js";
import { dissectorEntry } from "../../src/ir/flow-keys.js";
import { STANDARD_ERROR_CODE } from "../../src/ir/ir.js";
import { nodeHost } from "../../src/node-host.js";
import { kernelAvailable } from "../support/kernel.js";
import {
  build,
  ethernet,
  gre,
  icmp,
  ipv4,
  ipv6,
  ipv6Fragment,
  ipv6Options,
  mpls,
  tcp,
  udp,
} from "../support/packet-builder.js";
import { buildInKernel, compareWithInterpreter, type Built } from "../support/kernel-compare.js";

const root = join(import.meta.dirname, "..", "..");

/** Deep packets: each reaches several runs of headers in some example. */
const deep = [
  // Ethernet, IPv4, TCP
  "ffffffffffff00112233445508004500002800010000400611e60a0000010a000002003500500000000000000000500220000000000000",
  // Ethernet, 802.1Q, IPv6, UDP
  "ffffffffffff0011223344558100002a86dd600000000008114020010db8000000000000000000000001" +
    "20010db8000000000000000000000002003500350008000000000000",
  // QinQ, IPv4 with options, UDP
  "ffffffffffff00112233445588a8000a8100000b0800460000200001000040110000c0a80001c0a8000201010101" +
    "003500350008aaaa",
  // Ethernet, IPv4, GRE with checksum, key and sequence, IPv4, UDP
  "ffffffffffff00112233445508004500004400010000402f00000a0000010a000002" +
    "b0000800000000001111111122222222" +
    "4500001c00010000401100000a0000030a000004300012b500080000",
  // Ethernet, IPv6, hop-by-hop, fragment, UDP
  "ffffffffffff00112233445586dd6000000000180040" +
    "20010db8000000000000000000000001" +
    "20010db8000000000000000000000002" +
    "2c000000000000001100000100000007" +
    "0035003500080000",
  // Ethernet, MPLS x2, IPv4, TCP
  "ffffffffffff0011223344558847" +
    "00064040" +
    "000c8140" +
    "4500002800010000400600000a0000010a000002003500500000000000000000500220000000000000",
  // Ethernet, IPv6, ICMPv6 neighbour solicitation with a source link-layer address option
  "333300000001001122334455" +
    "86dd6000000000203aff" +
    "fe800000000000000000000000000001" +
    "ff020000000000000000000000000001" +
    "870000000000000020010db80000000000000000000000090101001122334455",
  // Ethernet, IPv4, UDP, VXLAN, Ethernet, IPv4, TCP
  "ffffffffffff001122334455080045000046000100004011f9640a0000010a000002c35312b5003200000800000000002a00" +
    "0202020202020303030303030800450000280001000040067cd0c0a80001c0a80002003500500000000000000000500220000000000000",
  // Ethernet, ARP
  "ffffffffffff0011223344550806" +
    "0001080006040001001122334455" +
    "0a000001000000000000" +
    "0a000002",
].map((h): Uint8Array => Buffer.from(h, "hex"));

/** Headers the packets above never reach in some example (each one's layers below). */
const deeper: Uint8Array[] = [
  // Four MPLS labels, IPv4, UDP: the third and fourth label stack entries.
  build(
    ethernet(),
    mpls({ label: 100 }),
    mpls({ label: 200 }),
    mpls({ label: 300 }),
    mpls({ label: 400 }),
    ipv4(),
    udp({ sport: 1, dport: 2 }),
  ),
  // IPv6 with hop-by-hop, destination options, a first fragment, destination options, UDP: several
  // extension headers, and with PARSE_1ST_FRAG the flow dissector looks behind the fragment.
  build(
    ethernet(),
    ipv6(),
    ipv6Options({ kind: "hop-by-hop", options: [5, 2, 0, 0] }),
    ipv6Options({ kind: "destination" }),
    ipv6Fragment({ offset: 0, more: true }),
    ipv6Options({ kind: "destination" }),
    udp({ sport: 3, dport: 4 }),
  ),
  // IPv6 with four option headers and two first fragments, UDP; then the same behind GRE: every
  // element of the flow dissector's extension header stacks (the fragments' with PARSE_1ST_FRAG).
  ...[[], [ipv4(), gre()]].map((outer) =>
    build(
      ethernet(),
      ...outer,
      ipv6(),
      ipv6Options({ kind: "hop-by-hop" }),
      ipv6Options({ kind: "destination" }),
      ipv6Options({ kind: "destination", options: [1, 0] }),
      ipv6Options({ kind: "destination", options: [1, 8, 0, 0, 0, 0, 0, 0, 0, 0] }),
      ipv6Fragment({ offset: 0, more: true }),
      ipv6Fragment({ offset: 0, more: true, id: 9 }),
      udp({ sport: 13, dport: 14 }),
    ),
  ),
  // IPv4, ICMP echo.
  build(ethernet(), ipv4(), icmp({ type: 8, rest: 0x00010002 })),
  // IPv4, GRE (transparent Ethernet bridging), Ethernet, IPv6, TCP.
  build(ethernet(), ipv4(), gre({ key: 7 }), ethernet(), ipv6(), tcp({ sport: 5, dport: 6 })),
  // IPv4, GRE, IPv6 with hop-by-hop and a fragment, UDP: an inner IPv6 and its extensions.
  build(
    ethernet(),
    ipv4(),
    gre(),
    ipv6(),
    ipv6Options({ kind: "hop-by-hop" }),
    ipv6Fragment({ offset: 0, more: true }),
    udp({ sport: 7, dport: 8 }),
  ),
  // IPv4, GRE, IPv4, GRE with checksum, key and sequence, IPv4, UDP: a tunnel in the tunnel.
  build(
    ethernet(),
    ipv4(),
    gre({ key: 1 }),
    ipv4({ src: "10.9.0.1", dst: "10.9.0.2" }),
    gre({ checksum: true, key: 2, seq: 3 }),
    ipv4(),
    udp({ sport: 9, dport: 10 }),
  ),
  // IPv4 in IPv4, ICMP: an inner ICMP.
  build(ethernet(), ipv4(), ipv4({ src: "10.8.0.1" }), icmp({ type: 8 })),
  // IPv6, IPv6 with destination options, TCP: IPv6 in IPv6.
  build(
    ethernet(),
    ipv6(),
    ipv6({ src: "2001:db8::9" }),
    ipv6Options({ kind: "destination" }),
    tcp({ sport: 11, dport: 12 }),
  ),
];
deep.push(...deeper);

/** Every cut of every deep packet the kernel can run. */
const cuts = deep.flatMap((p) =>
  Array.from({ length: p.length - MIN_TEST_PACKET + 1 }, (_, i) =>
    p.subarray(0, MIN_TEST_PACKET + i),
  ),
);

const cases: { file: string; targets: TargetKind[] }[] = [
  { file: join(root, "examples", "standard.p4"), targets: ["xdp", "tc"] },
  { file: join(root, "examples", "tunnels.p4"), targets: ["xdp", "tc"] },
  { file: join(root, "examples", "ovs", "ovs.p4"), targets: ["xdp", "tc"] },
  {
    file: join(root, "examples", "flow_dissector", "flow_dissector.p4"),
    targets: ["flow_dissector"],
  },
];

/** BPF_FLOW_DISSECTOR_F_* combinations a flow dissector is run with (one for the others). */
const flagSets = (target: TargetKind) =>
  target === "flow_dissector" ? Array.from({ length: 8 }, (_, f) => f) : [0];

for (const { file, targets } of cases)
  for (const target of targets)
    describe(`${target}: ${file.split("/").pop()} at every header boundary`, () => {
      let b: Built | undefined;
      afterAll(() => b?.close());
      it("rejects where the interpreter does, with the same key", (ctx) => {
        if (!kernelAvailable((m) => ctx.skip(m))) return;
        b = buildInKernel({ file, host: nodeHost() }, { target });
        for (const flags of flagSets(target))
          expect({ flags, bad: compareWithInterpreter(b, cuts, flags) }).toEqual({
            flags,
            bad: [],
          });
        // The cuts do stop the parse at many different headers (OVS accepts a short packet with
        // what it has; the others reject it with PacketTooShort).
        const dissector = b.ir.dissector;
        if (dissector) {
          // It would notice a difference in the flow keys: an interpreter deaf to STOP_AT_ENCAP
          // dissects behind tunnels where the kernel stops.
          const real = b;
          const deaf: Built = {
            ...real,
            interp: (p, entry) =>
              real.interp(
                p,
                entry && {
                  ...entry,
                  slots: entry.slots.map(
                    ([slot, v]) => [slot, slot === dissector["flags"] ? 0n : v] as const,
                  ),
                },
              ),
          };
          expect(compareWithInterpreter(deaf, cuts, 4).length).toBeGreaterThan(0);
        }
        const reference = (p: Uint8Array, flags = 0) =>
          dissector ? b!.interp(p, dissectorEntry(dissector, p, flags)) : b!.interp(p);
        // The whole packets reach every header of the key, so each has its boundaries cut.
        const reached = new Set(
          flagSets(target).flatMap((flags) =>
            deep.flatMap((p) => decodeKey(b!.layout, reference(p, flags).key).valid),
          ),
        );
        expect([...reached].sort()).toEqual(b.layout.headers.map((h) => h.path).sort());
        const keys = new Set(cuts.map((p) => Buffer.from(reference(p).key).toString("hex")));
        expect(keys.size).toBeGreaterThanOrEqual(20);
        const short = cuts.filter((p) => reference(p).error === STANDARD_ERROR_CODE.PacketTooShort);
        if (!file.endsWith("ovs.p4")) expect(short.length).toBeGreaterThanOrEqual(20);
      });
    });
