// The project's own test corpus: captures built with packet-builder.ts, one per theme, covering
// every protocol and case the examples parse (standard.p4, tunnels.p4, examples/ovs,
// examples/flow_dissector). Deterministic: the same bytes on every run, written to
// node_modules/.cache/p4flow-corpus by `writeOwnCorpus` (test/support/corpus-setup.ts does it
// before the tests run). Every capture but malformed.pcap is a well-formed packet set that
// Wireshark decodes without a malformed-packet or error-level expert item
// (test/corpus/own-corpus.test.ts checks it); malformed.pcap holds deliberately broken headers.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  TCP,
  arp,
  authHeader,
  build,
  concat,
  ethernet,
  geneve,
  gre,
  icmp,
  icmpv6,
  ip6,
  ipv4,
  ipv6,
  ipv6Fragment,
  ipv6Options,
  ipv6Routing,
  llc,
  mac,
  mpls,
  ndLinkOption,
  nsh,
  payload,
  ppp,
  sctp,
  sctpChunk,
  snap,
  tcp,
  udp,
  vlan,
  vxlan,
  type Layer,
} from "./packet-builder.js";
import { writePcap, type PcapRecord } from "./pcap-writer.js";

export interface OwnCapture {
  readonly file: string;
  readonly about: string;
  readonly packets: readonly { readonly data: Uint8Array; readonly origLen?: number }[];
  /** False for malformed.pcap: Wireshark is expected to flag its packets. */
  readonly wellFormed: boolean;
}

const whole = (data: Uint8Array) => ({ data });
/** The frame as a capture with snap length n records it. */
const cut = (data: Uint8Array, n: number) => ({ data: data.subarray(0, n), origLen: data.length });
/** A copy with one byte changed (for broken packets). */
const patch = (data: Uint8Array, at: number, value: number) => {
  const out = Uint8Array.from(data);
  out[at] = value;
  return out;
};
const text = (n: number, seed = 0) =>
  Uint8Array.from({ length: n }, (_, i) => 0x61 + ((i * 7 + seed) % 26));

const dnsQuery = (id: number) =>
  concat(
    [id >> 8, id & 255, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0],
    [7, ..."example".split("").map((c) => c.charCodeAt(0)), 3, 0x63, 0x6f, 0x6d, 0],
    [0, 1, 0, 1],
  );
const dnsAnswer = (id: number) =>
  concat(
    [id >> 8, id & 255, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0],
    [7, ..."example".split("").map((c) => c.charCodeAt(0)), 3, 0x63, 0x6f, 0x6d, 0],
    [0, 1, 0, 1],
    [0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 192, 0, 2, 80],
  );

/** A TCP conversation: handshake with options, data both ways, then FIN/ACK close. */
function conversation(net: (toServer: boolean) => Layer[], sport: number, dport: number) {
  let c = 1000;
  let s = 5000;
  const seg = (toServer: boolean, flags: number, data: Uint8Array, options: number[] = []) => {
    const t = toServer
      ? tcp({ sport, dport, seq: c, ack: flags & TCP.ACK ? s : 0, flags, options })
      : tcp({ sport: dport, dport: sport, seq: s, ack: c, flags, options });
    const p = build(...net(toServer), t, payload(data));
    const used = data.length + (flags & (TCP.SYN | TCP.FIN) ? 1 : 0);
    if (toServer) c += used;
    else s += used;
    return whole(p);
  };
  // MSS 1460, SACK permitted, timestamps, NOP, window scale 7.
  const synOpts = [2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7];
  const none = new Uint8Array(0);
  return [
    seg(true, TCP.SYN, none, synOpts),
    seg(false, TCP.SYN | TCP.ACK, none, synOpts),
    seg(true, TCP.ACK, none),
    seg(true, TCP.PSH | TCP.ACK, new TextEncoder().encode("GET / HTTP/1.0\r\n\r\n")),
    seg(false, TCP.ACK, none),
    seg(false, TCP.PSH | TCP.ACK, new TextEncoder().encode("HTTP/1.0 200 OK\r\n\r\nhello")),
    seg(true, TCP.FIN | TCP.ACK, none),
    seg(false, TCP.FIN | TCP.ACK, none),
    seg(true, TCP.ACK, none),
  ];
}

const e = () => ethernet();
const v4 = (o: Parameters<typeof ipv4>[0] = {}) => ipv4(o);
const v6 = (o: Parameters<typeof ipv6>[0] = {}) => ipv6(o);
const ports = (sport: number, dport: number) => udp({ sport, dport });

/** An IPv4 datagram cut into fragments of `size` bytes of transport data (a multiple of 8). */
function ipv4Fragments(transport: Layer[], size: number, id: number) {
  const full = build(v4({ id }), ...transport);
  const proto = full[9]!;
  const data = full.subarray(20);
  const out = [];
  for (let at = 0; at < data.length; at += size) {
    const part = data.subarray(at, at + size);
    const mf = at + size < data.length;
    out.push(whole(build(e(), v4({ id, mf, fragOffset: at / 8, protocol: proto }), payload(part))));
  }
  return out;
}

function ipv6Fragments(transport: Layer[], size: number, id: number) {
  const full = build(v6(), ...transport);
  const next = full[6]!;
  const data = full.subarray(40);
  const out = [];
  for (let at = 0; at < data.length; at += size) {
    const part = data.subarray(at, at + size);
    const more = at + size < data.length;
    out.push(
      whole(build(e(), v6(), ipv6Fragment({ offset: at / 8, more, id, next }), payload(part))),
    );
  }
  return out;
}

const bpdu = concat(
  [0, 0, 0, 0, 0],
  [0x80, 0, ...mac("02:00:00:00:00:01")],
  [0, 0, 0, 0],
  [0x80, 0, ...mac("02:00:00:00:00:01")],
  [0x80, 1, 0, 0, 0x14, 0, 0x02, 0, 0x0f, 0],
);
const lldp = concat(
  [0x02, 0x07, 4, ...mac("02:00:00:00:00:01")],
  [0x04, 0x07, 3, ...mac("02:00:00:00:00:01")],
  [0x06, 0x02, 0, 120],
  [0, 0],
);

export function ownCorpus(): OwnCapture[] {
  const innerUdp4 = build(
    v4({ src: "198.51.100.7", dst: "192.0.2.1" }),
    ports(33000, 33434),
    payload(text(12)),
  );
  const innerTcp4 = build(
    v4({ src: "192.0.2.1", dst: "203.0.113.9", ttl: 1 }),
    tcp({ sport: 40001, dport: 443, seq: 7 }),
  );
  const innerUdp6 = build(
    v6({ src: "2001:db8::1", dst: "2001:db8:1::9" }),
    ports(33001, 33435),
    payload(text(16)),
  );
  const innerTcp6 = build(
    v6({ dst: "2001:db8:2::5" }),
    tcp({ sport: 40002, dport: 80 }),
    payload(text(40)),
  );
  const solicited = "ff02::1:ff00:2";
  const nsBody = (target: string) => ip6(target);
  const tunnelPayload = [
    v4({ src: "10.1.0.1", dst: "10.1.0.2" }),
    tcp({ sport: 40003, dport: 22 }),
    payload(text(8)),
  ];

  return [
    {
      file: "tcp-conversation-ipv4.pcap",
      about: "a whole TCP conversation over Ethernet/IPv4: handshake with options, data, close",
      wellFormed: true,
      packets: conversation(
        (out) =>
          out
            ? [
                ethernet({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }),
                v4({ src: "192.0.2.1", dst: "192.0.2.2", df: true }),
              ]
            : [
                ethernet({ src: "02:00:00:00:00:02", dst: "02:00:00:00:00:01" }),
                v4({ src: "192.0.2.2", dst: "192.0.2.1", df: true }),
              ],
        40000,
        80,
      ),
    },
    {
      file: "tcp-conversation-ipv6.pcap",
      about: "a whole TCP conversation over Ethernet/IPv6, with a flow label",
      wellFormed: true,
      packets: conversation(
        (out) =>
          out
            ? [e(), v6({ src: "2001:db8::1", dst: "2001:db8::2", flowLabel: 0x12345 })]
            : [e(), v6({ src: "2001:db8::2", dst: "2001:db8::1", flowLabel: 0x54321 })],
        40010,
        443,
      ),
    },
    {
      file: "tcp-flags.pcap",
      about:
        "TCP segments with each flag combination a flow key keeps: URG, ECE/CWR, AE, RST, and a 60-byte header",
      wellFormed: true,
      packets: [
        TCP.SYN | TCP.ECE | TCP.CWR,
        TCP.ACK | TCP.URG | TCP.PSH,
        TCP.RST,
        TCP.RST | TCP.ACK,
        TCP.ACK | TCP.AE,
      ]
        .map((flags, i) =>
          whole(
            build(
              e(),
              v4({ id: 100 + i, tos: i * 0x24 }),
              tcp({
                sport: 40020 + i,
                dport: 8080,
                seq: 99,
                flags,
                urgent: flags & TCP.URG ? 4 : 0,
              }),
              payload(text(8)),
            ),
          ),
        )
        .concat([
          whole(
            build(
              e(),
              v4(),
              tcp({ sport: 40030, dport: 179, options: [...new Array(39).fill(1), 0] }),
            ),
          ),
        ]),
    },
    {
      file: "dns_udp.pcap",
      about: "a DNS query and its answer over Ethernet/IPv4/UDP",
      wellFormed: true,
      packets: [
        whole(
          build(
            e(),
            v4({ src: "192.0.2.1", dst: "192.0.2.53" }),
            ports(40040, 53),
            payload(dnsQuery(0x1234)),
          ),
        ),
        whole(
          build(
            ethernet({ src: "02:00:00:00:00:02", dst: "02:00:00:00:00:01" }),
            v4({ src: "192.0.2.53", dst: "192.0.2.1" }),
            ports(53, 40040),
            payload(dnsAnswer(0x1234)),
          ),
        ),
      ],
    },
    {
      file: "udp.pcap",
      about: "UDP over IPv4 and IPv6, with and without a checksum, and empty",
      wellFormed: true,
      packets: [
        whole(build(e(), v4(), ports(40050, 40051), payload(text(30)))),
        whole(
          build(e(), v4(), udp({ sport: 40052, dport: 40053, checksum: false }), payload(text(3))),
        ),
        whole(build(e(), v6({ hopLimit: 3 }), ports(40054, 40055), payload(text(31)))),
        whole(build(e(), v6(), ports(40056, 40057))),
      ],
    },
    {
      file: "vlan-qinq.pcap",
      about: "802.1Q tags, 802.1ad + 802.1Q (QinQ), three tags, with IPv4, IPv6 and ARP inside",
      wellFormed: true,
      packets: [
        whole(build(e(), vlan({ vid: 10, pcp: 3 }), v4(), ports(40060, 53), payload(dnsQuery(1)))),
        whole(
          build(
            e(),
            vlan({ vid: 100, pcp: 5, sTag: true }),
            vlan({ vid: 200, pcp: 1 }),
            v6(),
            tcp({ sport: 40061, dport: 80, flags: TCP.SYN }),
          ),
        ),
        whole(build(e(), vlan({ vid: 4094, dei: true }), arp({ op: 1 }))),
        whole(
          build(
            e(),
            vlan({ vid: 7, sTag: true }),
            v4(),
            icmp({ type: 8, rest: 0x00010001 }),
            payload(text(16)),
          ),
        ),
        whole(
          build(
            e(),
            vlan({ vid: 1, sTag: true }),
            vlan({ vid: 2 }),
            vlan({ vid: 3 }),
            v4(),
            ports(40062, 40063),
          ),
        ),
      ],
    },
    {
      file: "mpls.pcap",
      about: "MPLS label stacks of one to four entries over IPv4 and IPv6, and multicast MPLS",
      wellFormed: true,
      packets: [
        whole(build(e(), mpls({ label: 16 }), v4(), ports(40070, 40071), payload(text(10)))),
        whole(
          build(
            e(),
            mpls({ label: 17, tc: 5 }),
            mpls({ label: 18 }),
            v6(),
            tcp({ sport: 40072, dport: 80, flags: TCP.SYN }),
          ),
        ),
        whole(
          build(
            e(),
            mpls({ label: 19 }),
            mpls({ label: 20 }),
            mpls({ label: 21, ttl: 1 }),
            v4(),
            tcp({ sport: 40073, dport: 443 }),
          ),
        ),
        whole(
          build(
            e(),
            mpls({ label: 22 }),
            mpls({ label: 23 }),
            mpls({ label: 24 }),
            mpls({ label: 25 }),
            v4(),
            ports(40074, 40075),
          ),
        ),
        whole(build(e(), mpls({ label: 26, multicast: true }), v4(), ports(40076, 40077))),
      ],
    },
    {
      file: "arp.pcap",
      about:
        "ARP request, reply and gratuitous ARP, RARP, and ARP for a non-Ethernet hardware type",
      wellFormed: true,
      packets: [
        whole(
          build(
            ethernet({ dst: "ff:ff:ff:ff:ff:ff" }),
            arp({ op: 1, spa: "192.0.2.1", tpa: "192.0.2.2" }),
          ),
        ),
        whole(
          build(
            ethernet({ src: "02:00:00:00:00:02", dst: "02:00:00:00:00:01" }),
            arp({
              op: 2,
              sha: "02:00:00:00:00:02",
              spa: "192.0.2.2",
              tha: "02:00:00:00:00:01",
              tpa: "192.0.2.1",
            }),
          ),
        ),
        whole(
          build(
            ethernet({ dst: "ff:ff:ff:ff:ff:ff" }),
            arp({ op: 1, spa: "192.0.2.9", tpa: "192.0.2.9" }),
            payload(new Uint8Array(18)),
          ),
        ),
        whole(
          build(
            ethernet({ dst: "ff:ff:ff:ff:ff:ff" }),
            arp({ op: 3, rarp: true, tha: "02:00:00:00:00:01", spa: "0.0.0.0", tpa: "0.0.0.0" }),
          ),
        ),
        whole(build(ethernet({ dst: "ff:ff:ff:ff:ff:ff" }), arp({ op: 1, htype: 6 }))),
      ],
    },
    {
      file: "llc-snap.pcap",
      about:
        "802.3 frames: LLC (a spanning tree BPDU), LLC/SNAP with IPv4 and ARP, and LLDP (an EtherType no example parses)",
      wellFormed: true,
      packets: [
        whole(
          build(
            ethernet({ dst: "01:80:c2:00:00:00" }),
            llc({ dsap: 0x42, ssap: 0x42 }),
            payload(bpdu),
          ),
        ),
        whole(
          build(
            e(),
            llc({ dsap: 0xaa, ssap: 0xaa }),
            snap(),
            v4(),
            ports(40080, 40081),
            payload(text(4)),
          ),
        ),
        whole(build(e(), llc({ dsap: 0xaa, ssap: 0xaa }), snap(), arp({ op: 1 }))),
        whole(build(ethernet({ dst: "01:80:c2:00:00:0e", type: 0x88cc }), payload(lldp))),
      ],
    },
    {
      file: "ipv4-options-fragments.pcap",
      about:
        "IPv4 with options (record route, router alert, NOP), and a UDP datagram and an ICMP echo in fragments",
      wellFormed: true,
      packets: [
        whole(
          build(
            e(),
            v4({ options: [7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0] }),
            ports(40090, 40091),
            payload(text(8)),
          ),
        ),
        whole(
          build(
            e(),
            v4({ options: [148, 4, 0, 0] }),
            tcp({ sport: 40092, dport: 80, flags: TCP.SYN }),
          ),
        ),
        whole(
          build(
            e(),
            v4({ options: [1, 1, 1, 0] }),
            icmp({ type: 8, rest: 0x00020001 }),
            payload(text(8)),
          ),
        ),
        ...ipv4Fragments([ports(40093, 40094), payload(text(100))], 48, 0x4242),
        ...ipv4Fragments([icmp({ type: 8, rest: 0x00030001 }), payload(text(60))], 32, 0x4343),
      ],
    },
    {
      file: "ipv6-extensions.pcap",
      about:
        "IPv6 extension header chains: hop-by-hop, routing (segment routing), destination options, authentication, fragments, no next header, and a chain of five",
      wellFormed: true,
      packets: [
        whole(
          build(
            e(),
            v6(),
            ipv6Options({ kind: "hop-by-hop", options: [5, 2, 0, 0] }),
            ports(40100, 40101),
            payload(text(8)),
          ),
        ),
        whole(
          build(
            e(),
            v6(),
            ipv6Options({ kind: "hop-by-hop" }),
            ipv6Options({ kind: "destination" }),
            ipv6Routing({ segments: ["2001:db8::2", "2001:db8::3"] }),
            tcp({ sport: 40102, dport: 80, flags: TCP.SYN }),
          ),
        ),
        whole(
          build(
            e(),
            v6(),
            ipv6Routing({ segments: ["2001:db8::4"] }),
            ipv6Options({ kind: "destination", options: [1, 4, 0, 0, 0, 0] }),
            icmpv6({ type: 128, rest: 0x00010001 }),
            payload(text(8)),
          ),
        ),
        whole(
          build(
            e(),
            v6(),
            authHeader({ spi: 0x100, seq: 1 }),
            tcp({ sport: 40103, dport: 22, flags: TCP.SYN }),
          ),
        ),
        whole(build(e(), v6(), ipv6Options({ kind: "destination" }))),
        whole(
          build(
            e(),
            v6(),
            ipv6Options({ kind: "hop-by-hop" }),
            ipv6Options({ kind: "destination" }),
            ipv6Routing({ segments: ["2001:db8::5"] }),
            ipv6Options({ kind: "destination" }),
            authHeader({ spi: 0x101, seq: 2 }),
            ports(40104, 40105),
          ),
        ),
        ...ipv6Fragments([ports(40106, 40107), payload(text(90))], 48, 0x777),
        whole(
          build(
            e(),
            v6(),
            ipv6Options({ kind: "hop-by-hop" }),
            ipv6Fragment({ offset: 0, more: true, id: 9 }),
            ports(40108, 40109),
            payload(text(24)),
          ),
        ),
        // Four option headers in a row (hop-by-hop first), then TCP; a first fragment whose
        // payload starts with another fragment header (a kernel flow dissector walks both).
        whole(
          build(
            e(),
            v6({ tc: 0xb8 }),
            ipv6Options({ kind: "hop-by-hop" }),
            ipv6Options({ kind: "destination" }),
            ipv6Options({ kind: "destination" }),
            ipv6Options({ kind: "destination" }),
            tcp({ sport: 40110, dport: 80, flags: TCP.SYN }),
          ),
        ),
        whole(
          build(
            e(),
            v6(),
            ipv6Fragment({ offset: 0, more: true, id: 10 }),
            ipv6Fragment({ offset: 0, more: false, id: 11 }),
            ports(40111, 40112),
            payload(text(8)),
          ),
        ),
      ],
    },
    {
      file: "icmp.pcap",
      about:
        "ICMP and ICMPv6: echo, errors carrying the packet in error, and neighbour discovery with link-layer address options",
      wellFormed: true,
      packets: [
        whole(build(e(), v4(), icmp({ type: 8, rest: 0x00070001 }), payload(text(32)))),
        whole(
          build(
            e(),
            v4({ src: "192.0.2.2", dst: "192.0.2.1" }),
            icmp({ type: 0, rest: 0x00070001 }),
            payload(text(32)),
          ),
        ),
        whole(
          build(
            e(),
            v4({ src: "192.0.2.1", dst: "198.51.100.7" }),
            icmp({ type: 3, code: 3 }),
            payload(innerUdp4),
          ),
        ),
        whole(
          build(
            e(),
            v4({ src: "198.51.100.1", dst: "192.0.2.1" }),
            icmp({ type: 11, code: 0 }),
            payload(innerTcp4.subarray(0, 28)),
          ),
        ),
        whole(build(e(), v6(), icmpv6({ type: 128, rest: 0x00080001 }), payload(text(24)))),
        whole(
          build(
            e(),
            v6({ src: "2001:db8::2", dst: "2001:db8::1" }),
            icmpv6({ type: 129, rest: 0x00080001 }),
            payload(text(24)),
          ),
        ),
        whole(
          build(
            e(),
            v6({ src: "2001:db8:1::9", dst: "2001:db8::1" }),
            icmpv6({ type: 1, code: 4 }),
            payload(innerUdp6),
          ),
        ),
        whole(
          build(
            e(),
            v6({ src: "2001:db8::fe", dst: "2001:db8::1" }),
            icmpv6({ type: 2, rest: 1280 }),
            payload(innerTcp6),
          ),
        ),
        whole(
          build(
            e(),
            v6({ src: "2001:db8::fe", dst: "2001:db8::1" }),
            icmpv6({ type: 3 }),
            payload(innerUdp6),
          ),
        ),
        whole(
          build(
            ethernet({ dst: "33:33:ff:00:00:02" }),
            v6({ src: "fe80::1", dst: solicited, hopLimit: 255 }),
            icmpv6({
              type: 135,
              body: concat(nsBody("2001:db8::2"), ndLinkOption(1, "02:00:00:00:00:01")),
            }),
          ),
        ),
        whole(
          build(
            e(),
            v6({ src: "2001:db8::2", dst: "fe80::1", hopLimit: 255 }),
            icmpv6({
              type: 136,
              rest: 0x60000000,
              body: concat(nsBody("2001:db8::2"), ndLinkOption(2, "02:00:00:00:00:02")),
            }),
          ),
        ),
        whole(
          build(
            ethernet({ dst: "33:33:ff:00:00:03" }),
            v6({ src: "::", dst: "ff02::1:ff00:3", hopLimit: 255 }),
            icmpv6({ type: 135, body: nsBody("2001:db8::3") }),
          ),
        ),
        whole(
          build(
            ethernet({ dst: "33:33:00:00:00:02" }),
            v6({ src: "fe80::1", dst: "ff02::2", hopLimit: 255 }),
            icmpv6({ type: 133, body: ndLinkOption(1, "02:00:00:00:00:01") }),
          ),
        ),
        whole(
          build(
            ethernet({ dst: "33:33:00:00:00:01" }),
            v6({ src: "fe80::fe", dst: "ff02::1", hopLimit: 255 }),
            icmpv6({
              type: 134,
              rest: 0x40000708,
              body: concat([0, 0, 0, 0, 0, 0, 0, 0], ndLinkOption(1, "02:00:00:00:00:fe")),
            }),
          ),
        ),
      ],
    },
    {
      file: "sctp.pcap",
      about: "SCTP over IPv4 and IPv6: INIT and DATA chunks",
      wellFormed: true,
      packets: [
        whole(
          build(
            e(),
            v4(),
            sctp({
              sport: 40110,
              dport: 5000,
              chunks: [sctpChunk(1, 0, [0, 0, 0, 9, 0, 1, 0, 0, 0, 10, 0, 10, 0, 0, 0, 1])],
            }),
          ),
        ),
        whole(
          build(
            e(),
            v6(),
            sctp({
              sport: 40111,
              dport: 5001,
              vtag: 9,
              chunks: [sctpChunk(0, 3, [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, ...text(5)])],
            }),
          ),
        ),
      ],
    },
    {
      file: "gre.pcap",
      about:
        "GRE: plain, with key, sequence number and checksum, Ethernet inside (TEB), over IPv6, and PPTP's enhanced GRE",
      wellFormed: true,
      packets: [
        whole(build(e(), v4(), gre(), ...tunnelPayload)),
        whole(
          build(e(), v4(), gre({ key: 0x1001 }), v6({ dst: "2001:db8:9::1" }), ports(40120, 40121)),
        ),
        whole(build(e(), v4(), gre({ checksum: true, key: 0x1002, seq: 5 }), ...tunnelPayload)),
        whole(
          build(
            e(),
            v4(),
            gre({ seq: 6 }),
            ethernet({ src: "02:00:00:00:01:01", dst: "02:00:00:00:01:02" }),
            ...tunnelPayload,
          ),
        ),
        whole(
          build(
            e(),
            v6(),
            gre({ key: 7 }),
            v6({ src: "2001:db8:5::1", dst: "2001:db8:5::2" }),
            tcp({ sport: 40122, dport: 80, flags: TCP.SYN }),
          ),
        ),
        whole(
          build(
            e(),
            v4(),
            gre({ version: 1, key: 0x55, seq: 1 }),
            ppp(),
            v4({ src: "10.2.0.1", dst: "10.2.0.2" }),
            ports(40123, 40124),
          ),
        ),
      ],
    },
    {
      file: "vxlan.pcap",
      about: "VXLAN over IPv4 and IPv6 with Ethernet inside, tagged and untagged",
      wellFormed: true,
      packets: [
        whole(
          build(
            e(),
            v4({ src: "192.0.2.10", dst: "192.0.2.11" }),
            udp({ sport: 49152 }),
            vxlan({ vni: 5001 }),
            ethernet({ src: "02:00:00:00:02:01", dst: "02:00:00:00:02:02" }),
            ...tunnelPayload,
          ),
        ),
        whole(
          build(
            e(),
            v6(),
            udp({ sport: 49153 }),
            vxlan({ vni: 5002 }),
            ethernet({ src: "02:00:00:00:02:03" }),
            vlan({ vid: 30 }),
            v6({ src: "2001:db8:7::1", dst: "2001:db8:7::2" }),
            ports(40130, 40131),
          ),
        ),
        whole(
          build(
            e(),
            v4(),
            udp({ sport: 49154 }),
            vxlan({ vni: 5003 }),
            ethernet({ dst: "ff:ff:ff:ff:ff:ff" }),
            arp({ op: 1 }),
          ),
        ),
      ],
    },
    {
      file: "geneve.pcap",
      about: "Geneve over IPv4 and IPv6: Ethernet inside, IPv4 directly inside, with options",
      wellFormed: true,
      packets: [
        whole(
          build(
            e(),
            v4(),
            udp({ sport: 49160 }),
            geneve({ vni: 100 }),
            ethernet({ src: "02:00:00:00:03:01" }),
            ...tunnelPayload,
          ),
        ),
        whole(
          build(
            e(),
            v4(),
            udp({ sport: 49161 }),
            geneve({
              vni: 101,
              options: [
                { cls: 0xff00, type: 1, data: [1, 2, 3, 4] },
                { cls: 0xff01, type: 2, data: [5, 6, 7, 8, 9, 10, 11, 12] },
              ],
            }),
            ethernet(),
            v6({ src: "2001:db8:8::1" }),
            ports(40140, 40141),
          ),
        ),
        whole(build(e(), v6(), udp({ sport: 49162 }), geneve({ vni: 102 }), ...tunnelPayload)),
        whole(
          build(
            e(),
            v4(),
            udp({ sport: 49163 }),
            geneve({ vni: 103, options: [{ cls: 0xff02, type: 3, data: [0, 0, 0, 1] }] }),
            v6({ src: "2001:db8:8::2" }),
            tcp({ sport: 40142, dport: 80, flags: TCP.SYN }),
          ),
        ),
        // A busier tunnel: the CLI tests run this capture through the kernel and the interpreter.
        ...[
          [ethernet({ src: "02:00:00:00:03:02" }), vlan({ vid: 40 }), ...tunnelPayload],
          [
            ethernet({ dst: "ff:ff:ff:ff:ff:ff" }),
            arp({ op: 1, spa: "10.1.0.1", tpa: "10.1.0.9" }),
          ],
          [
            ethernet(),
            v4({ src: "10.1.0.3" }),
            icmp({ type: 8, rest: 0x000a0001 }),
            payload(text(8)),
          ],
          [ethernet(), v6(), ipv6Options({ kind: "hop-by-hop" }), ports(40143, 40144)],
          [ethernet(), v4({ mf: true, id: 77 }), ports(40145, 40146), payload(text(16))],
          [ethernet(), v4({ fragOffset: 3, id: 77, protocol: 17 }), payload(text(16))],
          [ethernet(), mpls({ label: 50 }), v4(), ports(40147, 40148)],
          [
            ethernet(),
            v4(),
            sctp({ sport: 40149, dport: 5002, chunks: [sctpChunk(1, 0, new Array(16).fill(1))] }),
          ],
        ].map((inner, i) =>
          whole(build(e(), v4(), udp({ sport: 49170 + i }), geneve({ vni: 110 + i }), ...inner)),
        ),
      ],
    },
    {
      file: "ip-in-ip.pcap",
      about: "IPv4 in IPv4, IPv6 in IPv4, IPv6 in IPv6 and IPv4 in IPv6",
      wellFormed: true,
      packets: [
        whole(build(e(), v4(), ...tunnelPayload)),
        whole(build(e(), v4(), v6({ src: "2001:db8:a::1" }), ports(40150, 40151))),
        whole(
          build(
            e(),
            v6(),
            v6({ src: "2001:db8:b::1", dst: "2001:db8:b::2" }),
            tcp({ sport: 40152, dport: 80, flags: TCP.SYN }),
          ),
        ),
        whole(
          build(
            e(),
            v6(),
            v4({ src: "10.3.0.1", dst: "10.3.0.2" }),
            icmp({ type: 8, rest: 0x00090001 }),
            payload(text(8)),
          ),
        ),
        // Inside an IPv4 tunnel: an IPv6 packet with four option headers and two fragment
        // headers, and GRE with every optional word (a second tunnel, which is not followed).
        whole(
          build(
            e(),
            v4(),
            v6({ src: "2001:db8:c::1" }),
            ipv6Options({ kind: "hop-by-hop" }),
            ipv6Options({ kind: "destination" }),
            ipv6Options({ kind: "destination" }),
            ipv6Options({ kind: "destination" }),
            ipv6Fragment({ offset: 0, more: true, id: 12 }),
            ipv6Fragment({ offset: 0, more: false, id: 13 }),
            ports(40153, 40154),
            payload(text(8)),
          ),
        ),
        whole(
          build(
            e(),
            v4(),
            v4({ src: "10.4.0.1", dst: "10.4.0.2" }),
            gre({ checksum: true, key: 1, seq: 2 }),
            ...tunnelPayload,
          ),
        ),
      ],
    },
    {
      file: "nsh.pcap",
      about:
        "Network Service Header over Ethernet: MD type 1 with IPv4 inside, MD type 2 with a TLV and Ethernet inside, MD type 2 with IPv6",
      wellFormed: true,
      packets: [
        whole(
          build(
            e(),
            nsh({ spi: 0x123, si: 255, mdType: 1, metadata: text(16) }),
            v4(),
            ports(40160, 40161),
          ),
        ),
        whole(
          build(
            e(),
            nsh({ spi: 0x124, si: 254, mdType: 2, metadata: [0, 2, 1, 4, 1, 2, 3, 4] }),
            ethernet({ src: "02:00:00:00:04:01" }),
            v4(),
            tcp({ sport: 40162, dport: 80, flags: TCP.SYN }),
          ),
        ),
        whole(build(e(), nsh({ spi: 0x125, si: 3, mdType: 2 }), v6(), ports(40163, 40164))),
        whole(
          build(e(), nsh({ spi: 0x126, si: 9, mdType: 1, oam: true }), v4(), ports(40165, 40166)),
        ),
      ],
    },
    {
      file: "truncated.pcap",
      about:
        "frames cut by the snap length at every layer: Ethernet, VLAN, MPLS, IPv4 options, TCP, IPv6 extensions, ND options, GRE, VXLAN's inner frame",
      wellFormed: true,
      packets: [
        cut(build(e(), v4(), tcp({ sport: 40170, dport: 80 })), 10),
        cut(build(e(), vlan({ vid: 5 }), v4(), ports(40171, 53)), 16),
        cut(build(e(), mpls({ label: 30 }), mpls({ label: 31 }), v4(), ports(40172, 53)), 20),
        cut(build(e(), v4({ options: [148, 4, 0, 0] }), tcp({ sport: 40173, dport: 80 })), 36),
        cut(build(e(), v4(), tcp({ sport: 40174, dport: 80, options: [2, 4, 5, 0xb4] })), 50),
        cut(
          build(
            e(),
            v6(),
            ipv6Options({ kind: "hop-by-hop" }),
            ipv6Routing({ segments: ["2001:db8::9"] }),
            ports(40175, 53),
          ),
          70,
        ),
        cut(
          build(
            e(),
            v6({ src: "fe80::1", dst: "ff02::1:ff00:2", hopLimit: 255 }),
            icmpv6({
              type: 135,
              body: concat(ip6("2001:db8::2"), ndLinkOption(1, "02:00:00:00:00:01")),
            }),
          ),
          84,
        ),
        cut(build(e(), v4(), gre({ key: 3 }), ...tunnelPayload), 40),
        cut(
          build(e(), v4(), udp({ sport: 49170 }), vxlan({ vni: 9 }), ethernet(), ...tunnelPayload),
          60,
        ),
        cut(build(e(), v4(), icmp({ type: 3, code: 1 }), payload(innerUdp4)), 45),
        cut(build(e(), nsh({ spi: 1, si: 1, mdType: 1 }), v4(), ports(40176, 53)), 22),
      ],
    },
    {
      file: "malformed.pcap",
      about:
        "deliberately broken headers: IPv4 IHL below 5 and a wrong version, TCP data offset below 5, an IPv6 extension header longer than the packet, an ND option of length 0, an MPLS stack without bottom, a GRE routing flag",
      wellFormed: false,
      packets: [
        whole(build(e(), v4({ ihl: 4 }), ports(40180, 53))),
        whole(build(e(), v4({ version: 5 }), ports(40181, 53))),
        whole(build(e(), v4(), tcp({ sport: 40182, dport: 80, dataOffset: 3 }))),
        whole(build(e(), v6({ next: 0 }), payload([17, 20, 0, 0, 0, 0, 0, 0]))),
        whole(
          build(
            e(),
            v6({ src: "fe80::1", dst: "ff02::1:ff00:2", hopLimit: 255 }),
            icmpv6({ type: 135, body: concat(ip6("2001:db8::2"), [1, 0, 0, 0, 0, 0, 0, 0]) }),
          ),
        ),
        whole(build(e(), mpls({ label: 40, bos: false }), mpls({ label: 41, bos: false }))),
        whole(patch(build(e(), v4(), gre({ protocol: 0x0800 }), ...tunnelPayload), 34, 0x40)),
        whole(build(e(), v4({ totalLength: 1500 }), ports(40183, 53))),
      ],
    },
  ];
}

/** The captures of deliberately broken packets, by file name. */
export const malformedCaptures: ReadonlySet<string> = new Set(
  ownCorpus()
    .filter((c) => !c.wellFormed)
    .map((c) => c.file),
);

/** Where the corpus is written: a cache folder of the checkout, never committed. */
export const ownCorpusDir = join(
  import.meta.dirname,
  "..",
  "..",
  "node_modules",
  ".cache",
  "p4flow-corpus",
);

/**
 * Writes the corpus (files that already hold the same bytes are left alone; others are replaced
 * atomically, so concurrent writers are harmless). Returns the folder.
 */
export function writeOwnCorpus(dir = ownCorpusDir): string {
  mkdirSync(dir, { recursive: true });
  let t = 1_700_000_000_000_000;
  for (const c of ownCorpus()) {
    const records: PcapRecord[] = c.packets.map((p) => ({ ...p, timeUs: (t += 1250) }));
    const bytes = writePcap(records);
    const path = join(dir, c.file);
    let same = false;
    try {
      same = Buffer.from(readFileSync(path)).equals(Buffer.from(bytes));
    } catch {
      same = false;
    }
    if (same) continue;
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  }
  return dir;
}
