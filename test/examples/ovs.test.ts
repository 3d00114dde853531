// examples/ovs: the Open vSwitch flow key. Hand-written vectors for what the corpus lacks (ND
// options, MPLS stacks, QinQ with IPv6, NSH MD types 1 and 2, LLC/SNAP, truncated layers) with the
// key fields OVS's key_extract() would fill, written out by hand; the same vectors and their
// truncations in the kernel against the interpreter. (The corpus runs through the kernel in
// test/backend/differential.test.ts and against Wireshark in test/interp/tshark-ovs.test.ts.)
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderText } from "../../src/diagnostics/render-text.js";
import { decodeKey } from "../../src/interp/decode.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import { nodeHost } from "../../src/node-host.js";
import {
  arp,
  bytes,
  ether,
  icmp,
  ipv4,
  ipv6,
  ipv6Fragment,
  ipv6Options,
  lladdrOption,
  llc,
  mplsLabel,
  neighbour,
  nsh,
  tcp,
  udp,
  v6,
  vlanTag,
} from "../support/frames.js";
import { kernelAvailable } from "../support/kernel.js";
import { buildInKernel, compareWithInterpreter, type Built } from "../support/kernel-compare.js";
import { compileFile } from "../support/compile.js";

const file = join(import.meta.dirname, "..", "..", "examples", "ovs", "ovs.p4");
const r = compileFile(file);
const run = r.ir && r.layout ? createInterpreter(r.ir, r.layout) : undefined;

const MAC_A = [2, 0, 0, 0, 0, 1];
const MAC_B = [2, 0, 0, 0, 0, 2];
const mac = (m: number[]) => BigInt("0x" + Buffer.from(m).toString("hex"));
const addr6 = (last: number) => BigInt("0x" + Buffer.from(v6(last)).toString("hex"));
/** What ether() puts in the MAC fields. */
const ETH = { eth_dst: 0x020000000001n, eth_src: 0x020000000002n };
/** What ipv4() and ipv6() with their default addresses put in the key. */
const IP4 = { ...ETH, eth_type: 0x0800, ip_ttl: 64, ipv4_src: 0x0a000001, ipv4_dst: 0x0a000002 };
const IP6 = { ...ETH, eth_type: 0x86dd, ip_ttl: 64, ipv6_src: addr6(1), ipv6_dst: addr6(2) };

/** Every key field as a bigint, by its name without the "k." prefix. */
function keyOf(frame: Uint8Array): { outcome: string; fields: Record<string, bigint> } {
  const view = decodeKey(r.layout!, run!(frame).key);
  return {
    outcome: view.outcome,
    fields: Object.fromEntries(view.fields.map(([p, v]) => [p.slice(2), BigInt(v)])),
  };
}

interface Vector {
  readonly name: string;
  readonly frame: Uint8Array;
  /** The fields that are not zero. */
  readonly want: Record<string, bigint | number>;
  readonly outcome?: "accept" | "reject";
}

const TCP_SYN = 0x002n;
const vectors: Vector[] = [
  {
    name: "IPv4/TCP: addresses, tos, ttl, ports and the 12 flag bits",
    frame: bytes(ether(0x0800), ipv4({ proto: 6 }), tcp(1234, 80)),
    want: {
      ...IP4,

      ip_proto: 6,
      tp_src: 1234,
      tp_dst: 80,
      tcp_flags: TCP_SYN,
    },
  },
  {
    name: "IPv4 later fragment: no ports",
    frame: bytes(ether(0x0800), ipv4({ proto: 17, fragOffset: 10 }), udp(1, 2)),
    want: {
      ...IP4,

      ip_proto: 17,
      ip_frag: 2,
    },
  },
  {
    name: "IPv4 first fragment: ports",
    frame: bytes(ether(0x0800), ipv4({ proto: 17, moreFragments: true }), udp(1, 2)),
    want: {
      ...IP4,

      ip_proto: 17,
      ip_frag: 1,
      tp_src: 1,
      tp_dst: 2,
    },
  },
  {
    name: "IPv4 cut inside its options: no IP fields, still a key",
    frame: bytes(ether(0x0800), ipv4({ proto: 6, options: 8 }).subarray(0, 24)),
    want: { ...ETH, eth_type: 0x0800 },
  },
  {
    name: "TCP cut short: IP fields, no ports",
    frame: bytes(ether(0x0800), ipv4({ proto: 6 }), tcp(1, 2).subarray(0, 12)),
    want: {
      ...IP4,

      ip_proto: 6,
    },
  },
  {
    name: "ICMP: type and code in the port fields",
    frame: bytes(ether(0x0800), ipv4({ proto: 1 }), icmp(8, 0)),
    want: {
      ...IP4,

      ip_proto: 1,
      tp_src: 8,
    },
  },
  {
    name: "ARP request",
    frame: bytes(
      ether(0x0806),
      arp({ op: 1, sha: MAC_A, spa: 0xc0a80001, tha: [0, 0, 0, 0, 0, 0], tpa: 0xc0a80002 }),
    ),
    want: {
      ...ETH,
      eth_type: 0x0806,
      ip_proto: 1,
      ipv4_src: 0xc0a80001,
      ipv4_dst: 0xc0a80002,
      arp_sha: mac(MAC_A),
    },
  },
  {
    name: "ARP with a 16-bit opcode: the opcode is dropped",
    frame: bytes(ether(0x0806), arp({ op: 0x0101, sha: MAC_A, spa: 1, tha: MAC_B, tpa: 2 })),
    want: {
      ...ETH,
      eth_type: 0x0806,
      ipv4_src: 1,
      ipv4_dst: 2,
      arp_sha: mac(MAC_A),
      arp_tha: mac(MAC_B),
    },
  },
  {
    name: "QinQ (802.1ad then 802.1Q) / IPv6 / UDP",
    frame: bytes(
      ether(0x88a8),
      vlanTag(100, 0x8100),
      vlanTag(10, 0x86dd),
      ipv6({ next: 17, flowLabel: 0xabcde }),
      udp(53, 53),
    ),
    want: {
      ...IP6,

      vlan_tpid: 0x88a8,
      vlan_tci: 0x1000 | 100,
      cvlan_tpid: 0x8100,
      cvlan_tci: 0x1000 | 10,
      ip_proto: 17,
      ipv6_label: 0xabcde,
      tp_src: 53,
      tp_dst: 53,
    },
  },
  {
    name: "a third VLAN tag is the EtherType",
    frame: bytes(ether(0x8100), vlanTag(1, 0x8100), vlanTag(2, 0x8100), vlanTag(3, 0x0800)),
    want: {
      ...ETH,
      vlan_tpid: 0x8100,
      vlan_tci: 0x1001,
      cvlan_tpid: 0x8100,
      cvlan_tci: 0x1002,
      eth_type: 0x8100,
    },
  },
  {
    name: "802.3 with LLC, not SNAP",
    frame: bytes(ether(0x0026), llc()),
    want: { ...ETH, eth_type: 0x0004 },
  },
  {
    name: "802.3 with LLC/SNAP carrying IPv4",
    frame: bytes(ether(0x0030), llc(0x0800), ipv4({ proto: 17 }), udp(7, 8)),
    want: {
      ...IP4,

      ip_proto: 17,
      tp_src: 7,
      tp_dst: 8,
    },
  },
  {
    name: "MPLS, one label",
    frame: bytes(ether(0x8847), mplsLabel(100, true), ipv4({ proto: 6 })),
    want: {
      ...ETH,
      eth_type: 0x8847,
      mpls_lse0: (100 << 12) | 0x100 | 64,
      mpls_num_labels_mask: 1,
    },
  },
  {
    name: "MPLS, five labels: three kept, all counted",
    frame: bytes(
      ether(0x8847),
      mplsLabel(1, false),
      mplsLabel(2, false),
      mplsLabel(3, false),
      mplsLabel(4, false),
      mplsLabel(5, true),
    ),
    want: {
      ...ETH,
      eth_type: 0x8847,
      mpls_lse0: (1 << 12) | 64,
      mpls_lse1: (2 << 12) | 64,
      mpls_lse2: (3 << 12) | 64,
      mpls_num_labels_mask: 7,
    },
  },
  {
    name: "MPLS cut before the bottom of the stack: labels kept, no count",
    frame: bytes(ether(0x8847), mplsLabel(1, false), mplsLabel(2, false)),
    want: { ...ETH, eth_type: 0x8847, mpls_lse0: (1 << 12) | 64, mpls_lse1: (2 << 12) | 64 },
  },
  {
    name: "IPv6 hop-by-hop + destination options / TCP: extension header flags",
    frame: bytes(ether(0x86dd), ipv6({ next: 0 }), ipv6Options(60), ipv6Options(6), tcp(1, 2)),
    want: {
      ...IP6,

      ip_proto: 6,
      ipv6_exthdrs: 64 | 8,
      tp_src: 1,
      tp_dst: 2,
      tcp_flags: TCP_SYN,
    },
  },
  {
    name: "IPv6 destination options before hop-by-hop: out of sequence",
    frame: bytes(ether(0x86dd), ipv6({ next: 60 }), ipv6Options(0), ipv6Options(59)),
    want: {
      ...IP6,

      ip_proto: 59,
      ipv6_exthdrs: 8 | 256 | 1,
    },
  },
  {
    name: "IPv6 later fragment",
    frame: bytes(ether(0x86dd), ipv6({ next: 44 }), ipv6Fragment(17, 100, false), udp(1, 2)),
    want: {
      ...IP6,

      ip_proto: 44,
      ip_frag: 2,
      ipv6_exthdrs: 16,
    },
  },
  {
    name: "IPv6 first fragment / UDP",
    frame: bytes(ether(0x86dd), ipv6({ next: 44 }), ipv6Fragment(17, 0, true), udp(3, 4)),
    want: {
      ...IP6,

      ip_proto: 17,
      ip_frag: 1,
      ipv6_exthdrs: 16,
      tp_src: 3,
      tp_dst: 4,
    },
  },
  {
    name: "neighbour solicitation with a source link-layer address",
    frame: bytes(ether(0x86dd), ipv6({ next: 58 }), neighbour(135, 9, lladdrOption(1, MAC_A))),
    want: {
      ...IP6,

      ip_proto: 58,
      tp_src: 135,
      nd_target: addr6(9),
      nd_sll: mac(MAC_A),
    },
  },
  {
    name: "neighbour advertisement with an unknown option, then a target link-layer address",
    frame: bytes(
      ether(0x86dd),
      ipv6({ next: 58 }),
      neighbour(136, 9, [14, 2, ...new Array<number>(14).fill(7), ...lladdrOption(2, MAC_B)]),
    ),
    want: {
      ...IP6,

      ip_proto: 58,
      tp_src: 136,
      nd_target: addr6(9),
      nd_tll: mac(MAC_B),
    },
  },
  {
    name: "neighbour solicitation with two source link-layer options: nothing of ND kept",
    frame: bytes(
      ether(0x86dd),
      ipv6({ next: 58 }),
      neighbour(135, 9, [...lladdrOption(1, MAC_A), ...lladdrOption(1, MAC_B)]),
    ),
    want: {
      ...IP6,

      ip_proto: 58,
      tp_src: 135,
    },
  },
  {
    name: "neighbour solicitation with a zero-length option: target kept, walk ends",
    frame: bytes(ether(0x86dd), ipv6({ next: 58 }), neighbour(135, 9, [1, 0, 0, 0, 0, 0, 0, 0])),
    want: {
      ...IP6,

      ip_proto: 58,
      tp_src: 135,
      nd_target: addr6(9),
    },
  },
  {
    name: "NSH MD type 1",
    frame: bytes(
      ether(0x894f),
      nsh({
        mdType: 1,
        ttl: 63,
        np: 1,
        spi: 0x123,
        si: 255,
        md: [...new Array<number>(15).fill(0), 4],
      }),
    ),
    want: {
      ...ETH,
      eth_type: 0x894f,
      nsh_ttl: 63,
      nsh_mdtype: 1,
      nsh_np: 1,
      nsh_path_hdr: (0x123 << 8) | 255,
      nsh_c4: 4,
    },
  },
  {
    name: "NSH MD type 2: no context",
    frame: bytes(
      ether(0x894f),
      nsh({ mdType: 2, ttl: 2, np: 3, spi: 7, si: 9, md: [0, 1, 2, 4, 9, 9, 9, 9] }),
    ),
    want: {
      ...ETH,
      eth_type: 0x894f,
      nsh_ttl: 2,
      nsh_mdtype: 2,
      nsh_np: 3,
      nsh_path_hdr: (7 << 8) | 9,
    },
  },
  {
    name: "NSH MD type 1 of the wrong length is dropped",
    frame: bytes(ether(0x894f), nsh({ mdType: 1, ttl: 2, np: 3, spi: 7, si: 9, md: [0, 0, 0, 0] })),
    want: {
      ...ETH,
      eth_type: 0x894f,
      nsh_ttl: 2,
      nsh_mdtype: 1,
      nsh_np: 3,
      nsh_path_hdr: (7 << 8) | 9,
    },
    outcome: "reject",
  },
];

describe("examples/ovs: the Open vSwitch flow key", () => {
  it("checks clean", () => {
    expect(renderText(r.diagnostics)).toBe("");
  });

  for (const v of vectors)
    it(v.name, () => {
      const got = keyOf(v.frame);
      const want = Object.fromEntries(
        Object.keys(got.fields).map((f) => [f, BigInt(v.want[f] ?? 0)]),
      );
      expect(got.outcome).toBe(v.outcome ?? "accept");
      expect(got.fields).toEqual(want);
      expect(Object.keys(v.want).filter((f) => !(f in got.fields))).toEqual([]);
    });

  describe("in the kernel (XDP)", () => {
    let b: Built | undefined;
    afterAll(() => b?.close());
    it("equals the interpreter on every vector and every truncation of them", (ctx) => {
      if (!kernelAvailable((m) => ctx.skip(m))) return;
      b = buildInKernel({ file, host: nodeHost() });
      const cuts = vectors.flatMap((v) =>
        Array.from({ length: v.frame.length + 1 }, (_, n) => v.frame.subarray(0, n)),
      );
      expect(compareWithInterpreter(b, cuts)).toEqual([]);
    });
  });
});
