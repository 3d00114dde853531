// The one bounds check per straight run of reads, at its edges: deep packets of every protocol the
// examples parse, cut at every length, so that each header of each run is one byte short once.
// The kernel must reject at the same header, with the same error and the same key bytes, as the
// interpreter. XDP here; the flow dissector's cuts are in flow-dissector.test.ts (every truncation
// of its vectors, with the kernel's inputs the interpreter needs), tc's in differential.test.ts.
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MIN_TEST_PACKET } from "../../src/backend-ebpf/kernel-runner.js";
import type { TargetKind } from "../../src/backend-ebpf/target.js";
import { STANDARD_ERROR_CODE } from "../../src/ir/ir.js";
import { nodeHost } from "../../src/node-host.js";
import { kernelAvailable } from "../support/kernel.js";
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
].map((h) => Buffer.from(h, "hex"));

/** Every cut of every deep packet the kernel can run. */
const cuts = deep.flatMap((p) =>
  Array.from({ length: p.length - MIN_TEST_PACKET + 1 }, (_, i) =>
    p.subarray(0, MIN_TEST_PACKET + i),
  ),
);

const cases: { file: string; targets: TargetKind[] }[] = [
  { file: join(root, "examples", "standard.p4"), targets: ["xdp"] },
  { file: join(root, "examples", "tunnels.p4"), targets: ["xdp"] },
  { file: join(root, "examples", "ovs", "ovs.p4"), targets: ["xdp"] },
];

for (const { file, targets } of cases)
  for (const target of targets)
    describe(`${target}: ${file.split("/").pop()} at every header boundary`, () => {
      let b: Built | undefined;
      afterAll(() => b?.close());
      it("rejects where the interpreter does, with the same key", (ctx) => {
        if (!kernelAvailable((m) => ctx.skip(m))) return;
        b = buildInKernel({ file, host: nodeHost() }, { target });
        expect(compareWithInterpreter(b, cuts)).toEqual([]);
        // The cuts do stop the parse at many different headers (OVS accepts a short packet with
        // what it has; the others reject it with PacketTooShort).
        const keys = new Set(cuts.map((p) => Buffer.from(b!.interp(p).key).toString("hex")));
        expect(keys.size).toBeGreaterThanOrEqual(20);
        const short = cuts.filter((p) => b!.interp(p).error === STANDARD_ERROR_CODE.PacketTooShort);
        if (!file.endsWith("ovs.p4")) expect(short.length).toBeGreaterThanOrEqual(20);
      });
    });
