// Wireshark as an independent oracle: the standard example's keys (from the interpreter) against
// `tshark -T fields` on every packet of the own corpus and the shared one (where it exists). Only headers the P4 parser marked valid
// are compared, each with the first occurrence of the matching protocol in tshark's dissection.
// Mappings and their deliberate limits:
// - eth.type only when it is an EtherType (>= 0x0600), not an 802.3 length;
// - ARP only for Ethernet/IPv4 ARP (hlen 6, plen 4): P4 reads the fixed 28-byte layout;
// - ports from tcp/udp/sctp chosen by the parser's own IP protocol (tshark also shows inner,
//   tunnelled ports); tcp.flags compared on the 9 flag bits the P4 header holds;
// - IP defragmentation is off, so tshark decodes each fragment on its own as P4 does;
// - the own corpus's malformed.pcap is not compared: Wireshark shows no fields of a broken header
//   (an IPv4 IHL below 5, say), where a P4 parser has read its bytes.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { decodeKey } from "../../src/interp/decode.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import { nodeHost } from "../../src/node-host.js";
import { corpora, corpusCaptures, corpusDirOf } from "../support/packets.js";
import { malformedCaptures } from "../support/own-corpus.js";
import { packetsWithRows, tsharkAvailable } from "../support/tshark.js";

const root = join(import.meta.dirname, "..", "..");

const FIELDS = [
  "eth.dst",
  "eth.src",
  "eth.type",
  "vlan.id",
  "vlan.priority",
  "ieee8021ad.id",
  "ieee8021ad.priority",
  "arp.hw.type",
  "arp.proto.type",
  "arp.hw.size",
  "arp.proto.size",
  "arp.opcode",
  "arp.src.hw_mac",
  "arp.src.proto_ipv4",
  "arp.dst.hw_mac",
  "arp.dst.proto_ipv4",
  "ip.ttl",
  "ip.proto",
  "ip.src",
  "ip.dst",
  "ip.len",
  "ip.id",
  "ipv6.src",
  "ipv6.dst",
  "ipv6.nxt",
  "ipv6.hlim",
  "ipv6.flow",
  "tcp.srcport",
  "tcp.dstport",
  "udp.srcport",
  "udp.dstport",
  "sctp.srcport",
  "sctp.dstport",
  "tcp.seq_raw",
  "tcp.ack_raw",
  "tcp.flags",
  "tcp.window_size_value",
  "icmp.type",
  "icmp.code",
  "icmpv6.type",
  "icmpv6.code",
  // tunnels.p4 only
  "udp.length",
  "udp.checksum",
  "ipv6.hopopts.nxt",
  "ipv6.hopopts.len",
  "ipv6.routing.nxt",
  "ipv6.routing.len",
  "ipv6.dstopts.nxt",
  "ipv6.dstopts.len",
  "ipv6.fraghdr.nxt",
  "ipv6.fraghdr.offset",
  "ipv6.fraghdr.more",
  "ipv6.fraghdr.ident",
  "gre.proto",
  "gre.checksum",
  "gre.key",
  "gre.key.payload_length",
  "gre.key.call_id",
  "gre.sequence_number",
  "vxlan.vni",
  "geneve.vni",
  "geneve.proto_type",
];

const mac = (v: string) =>
  BigInt(v)
    .toString(16)
    .padStart(12, "0")
    .replace(/(..)(?!$)/g, "$1:");
const ipv4 = (v: string) =>
  [24n, 16n, 8n, 0n].map((s) => ((BigInt(v) >> s) & 255n).toString()).join(".");
function ipv6(v: string): string {
  const n = BigInt(v);
  const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1;
  let len = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > len) [best, len] = [i, j - i];
    i = Math.max(j, i + 1);
  }
  const hex = groups.map((g) => g.toString(16));
  return best < 0
    ? hex.join(":")
    : `${hex.slice(0, best).join(":")}::${hex.slice(best + len).join(":")}`;
}
const num = (v: string | undefined) =>
  v === undefined || v === "" ? undefined : String(BigInt(v));

for (const example of ["standard.p4", "tunnels.p4"])
  for (const corpus of corpora)
    describe(`${example} against Wireshark on the ${corpus} corpus`, () => {
      const files = corpusCaptures(corpus);
      const r = compile({
        file: join(root, "examples", example),
        host: nodeHost(),
        stopAfter: "ir",
      });
      const run = r.ir && r.layout ? createInterpreter(r.ir, r.layout) : undefined;

      for (const file of files.filter((f) => corpus !== "own" || !malformedCaptures.has(f))) {
        it(file, (ctx) => {
          if (!tsharkAvailable((m) => ctx.skip(m))) return;
          const packets = packetsWithRows(join(corpusDirOf(corpus), file), FIELDS);
          const mismatches: string[] = [];
          let compared = 0;
          packets.forEach((p) => {
            const view = decodeKey(r.layout!, run!(p.data).key);
            const ours = new Map(view.fields);
            const valid = new Set(view.valid);
            const ts = p.row;
            const first = (f: string) => ts[f]?.[0] || undefined;
            const check = (what: string, mine: string | undefined, theirs: string | undefined) => {
              compared++;
              if (mine !== theirs)
                mismatches.push(`packet ${p.index} ${what}: p4flow ${mine}, tshark ${theirs}`);
            };
            if (valid.has("hdr.ethernet")) {
              check("eth.dst", mac(ours.get("hdr.ethernet.dst")!), first("eth.dst"));
              check("eth.src", mac(ours.get("hdr.ethernet.src")!), first("eth.src"));
              const type = Number(ours.get("hdr.ethernet.etherType"));
              if (type >= 0x600) check("eth.type", String(type), num(first("eth.type")));
            }
            // Wireshark names an 802.1ad (0x88a8) tag ieee8021ad and an 802.1Q (0x8100) tag vlan.
            const seen = { vlan: 0, ieee8021ad: 0 };
            [0, 1].forEach((k) => {
              if (!valid.has(`hdr.vlan[${k}]`)) return;
              const tpid =
                k === 0
                  ? ours.get("hdr.ethernet.etherType")
                  : ours.get(`hdr.vlan[${k - 1}].etherType`);
              const proto = tpid === String(0x88a8) ? "ieee8021ad" : "vlan";
              const n = seen[proto]++;
              check(
                `vlan[${k}].vid`,
                ours.get(`hdr.vlan[${k}].vid`),
                ts[`${proto}.id`]?.[n] || undefined,
              );
              check(
                `vlan[${k}].pcp`,
                ours.get(`hdr.vlan[${k}].pcp`),
                ts[`${proto}.priority`]?.[n] || undefined,
              );
            });
            if (
              valid.has("hdr.arp") &&
              ours.get("hdr.arp.hlen") === "6" &&
              ours.get("hdr.arp.plen") === "4" &&
              ours.get("hdr.arp.htype") === "1" &&
              ours.get("hdr.arp.ptype") === "2048"
            ) {
              check("arp.opcode", ours.get("hdr.arp.op"), num(first("arp.opcode")));
              check("arp.spa", ipv4(ours.get("hdr.arp.spa")!), first("arp.src.proto_ipv4"));
              check("arp.tpa", ipv4(ours.get("hdr.arp.tpa")!), first("arp.dst.proto_ipv4"));
              check("arp.sha", mac(ours.get("hdr.arp.sha")!), first("arp.src.hw_mac"));
              check("arp.tha", mac(ours.get("hdr.arp.tha")!), first("arp.dst.hw_mac"));
            }
            if (valid.has("hdr.ipv4")) {
              check("ip.ttl", ours.get("hdr.ipv4.ttl"), num(first("ip.ttl")));
              check("ip.proto", ours.get("hdr.ipv4.protocol"), num(first("ip.proto")));
              check("ip.src", ipv4(ours.get("hdr.ipv4.src")!), first("ip.src"));
              check("ip.dst", ipv4(ours.get("hdr.ipv4.dst")!), first("ip.dst"));
              check("ip.len", ours.get("hdr.ipv4.totalLen"), num(first("ip.len")));
              check("ip.id", ours.get("hdr.ipv4.identification"), num(first("ip.id")));
            }
            if (valid.has("hdr.ipv6")) {
              check("ipv6.src", ipv6(ours.get("hdr.ipv6.src")!), first("ipv6.src"));
              check("ipv6.dst", ipv6(ours.get("hdr.ipv6.dst")!), first("ipv6.dst"));
              check("ipv6.nxt", ours.get("hdr.ipv6.nextHdr"), num(first("ipv6.nxt")));
              check("ipv6.hlim", ours.get("hdr.ipv6.hopLimit"), num(first("ipv6.hlim")));
              check("ipv6.flow", ours.get("hdr.ipv6.flowLabel"), num(first("ipv6.flow")));
            }
            if (valid.has("hdr.ports")) {
              const proto = ours.get("meta.ipProto");
              const l4 = proto === "6" ? "tcp" : proto === "17" ? "udp" : "sctp";
              check(`${l4}.srcport`, ours.get("hdr.ports.src"), num(first(`${l4}.srcport`)));
              check(`${l4}.dstport`, ours.get("hdr.ports.dst"), num(first(`${l4}.dstport`)));
            }
            if (valid.has("hdr.tcp")) {
              check("tcp.seq", ours.get("hdr.tcp.seq"), num(first("tcp.seq_raw")));
              check("tcp.ack", ours.get("hdr.tcp.ack"), num(first("tcp.ack_raw")));
              const flags = first("tcp.flags");
              check(
                "tcp.flags",
                ours.get("hdr.tcp.flags"),
                flags === undefined ? undefined : String(Number(flags) & 0x1ff),
              );
              check("tcp.window", ours.get("hdr.tcp.window"), num(first("tcp.window_size_value")));
            }
            if (valid.has("hdr.icmp")) {
              const v6 = valid.has("hdr.ipv6");
              check(
                "icmp.type",
                ours.get("hdr.icmp.type"),
                num(first(v6 ? "icmpv6.type" : "icmp.type")),
              );
              check(
                "icmp.code",
                ours.get("hdr.icmp.code"),
                num(first(v6 ? "icmpv6.code" : "icmp.code")),
              );
            }
            compareTunnels(ours, valid, ts, check);
          });
          expect(mismatches.slice(0, 10)).toEqual([]);
          // Every capture is Ethernet, so at least the addresses of each packet were compared.
          expect(compared).toBeGreaterThanOrEqual(2 * packets.length);
        });
      }
    });

type Check = (what: string, mine: string | undefined, theirs: string | undefined) => void;

/**
 * tunnels.p4's headers. Inner headers are compared with the occurrence after the outer ones of
 * the same protocol (tshark lists layers in packet order). IPv6 extension headers are compared
 * only while they fit the IPv6 payload length: past it tshark stops dissecting, P4 does not look.
 */
function compareTunnels(
  ours: Map<string, string>,
  valid: Set<string>,
  ts: Record<string, string[]>,
  check: Check,
): void {
  const nth = (f: string, n: number) => ts[f]?.[n] || undefined;
  const first = (f: string) => nth(f, 0);
  const hex16 = (v: string | undefined) => (v === undefined ? undefined : String(BigInt(v)));
  if (valid.has("hdr.udp")) {
    check("udp.length", ours.get("hdr.udp.length"), num(first("udp.length")));
    check("udp.checksum", ours.get("hdr.udp.checksum"), hex16(first("udp.checksum")));
  }
  if (valid.has("hdr.ipv6")) {
    const names: Record<string, string> = { "0": "hopopts", "43": "routing", "60": "dstopts" };
    const seen: Record<string, number> = {};
    let type = ours.get("hdr.ipv6.nextHdr")!;
    let used = 0;
    const payload = Number(ours.get("hdr.ipv6.payloadLen"));
    for (let k = 0; k < 4 && valid.has(`hdr.ipv6Ext[${k}]`); k++) {
      const name = names[type]!;
      const n = (seen[name] = (seen[name] ?? -1) + 1);
      const len = ours.get(`hdr.ipv6Ext[${k}].hdrExtLen`)!;
      used += 8 * (Number(len) + 1);
      if (used > payload) return;
      check(
        `ipv6.${name}.nxt`,
        ours.get(`hdr.ipv6Ext[${k}].nextHdr`),
        num(nth(`ipv6.${name}.nxt`, n)),
      );
      check(`ipv6.${name}.len`, len, num(nth(`ipv6.${name}.len`, n)));
      type = ours.get(`hdr.ipv6Ext[${k}].nextHdr`)!;
    }
    if (valid.has("hdr.ipv6Frag") && used + 8 <= payload) {
      check("fraghdr.nxt", ours.get("hdr.ipv6Frag.nextHdr"), num(first("ipv6.fraghdr.nxt")));
      check(
        "fraghdr.offset",
        ours.get("hdr.ipv6Frag.fragOffset"),
        num(first("ipv6.fraghdr.offset")),
      );
      check("fraghdr.more", ours.get("hdr.ipv6Frag.more"), num(first("ipv6.fraghdr.more")));
      check(
        "fraghdr.ident",
        ours.get("hdr.ipv6Frag.identification"),
        num(first("ipv6.fraghdr.ident")),
      );
    }
  }
  if (valid.has("hdr.gre")) {
    check("gre.proto", ours.get("hdr.gre.protocol"), num(first("gre.proto")));
    if (valid.has("hdr.greChecksum"))
      check(
        "gre.checksum",
        String(BigInt(ours.get("hdr.greChecksum.value")!) >> 16n),
        num(first("gre.checksum")),
      );
    // PPTP's enhanced GRE (version 1): Wireshark splits the key into payload length and call id.
    if (valid.has("hdr.greKey") && ours.get("hdr.gre.version") === "1") {
      const key = BigInt(ours.get("hdr.greKey.value")!);
      check("gre.key.payload_length", String(key >> 16n), num(first("gre.key.payload_length")));
      check("gre.key.call_id", String(key & 0xffffn), num(first("gre.key.call_id")));
    } else if (valid.has("hdr.greKey"))
      check("gre.key", ours.get("hdr.greKey.value"), num(first("gre.key")));
    if (valid.has("hdr.greSeq"))
      check("gre.seq", ours.get("hdr.greSeq.value"), num(first("gre.sequence_number")));
  }
  if (valid.has("hdr.vxlan"))
    check("vxlan.vni", ours.get("hdr.vxlan.vni"), num(first("vxlan.vni")));
  if (valid.has("hdr.geneve")) {
    check("geneve.vni", ours.get("hdr.geneve.vni"), num(first("geneve.vni")));
    check("geneve.proto", ours.get("hdr.geneve.protocol"), num(first("geneve.proto_type")));
  }
  if (valid.has("hdr.inner.ethernet")) {
    check("inner eth.dst", mac(ours.get("hdr.inner.ethernet.dst")!), nth("eth.dst", 1));
    check("inner eth.src", mac(ours.get("hdr.inner.ethernet.src")!), nth("eth.src", 1));
  }
  if (valid.has("hdr.inner.ipv4")) {
    const n = valid.has("hdr.ipv4") ? 1 : 0;
    check("inner ip.src", ipv4(ours.get("hdr.inner.ipv4.src")!), nth("ip.src", n));
    check("inner ip.dst", ipv4(ours.get("hdr.inner.ipv4.dst")!), nth("ip.dst", n));
    check("inner ip.proto", ours.get("hdr.inner.ipv4.protocol"), num(nth("ip.proto", n)));
  }
  if (valid.has("hdr.inner.ipv6")) {
    const n = valid.has("hdr.ipv6") ? 1 : 0;
    check("inner ipv6.src", ipv6(ours.get("hdr.inner.ipv6.src")!), nth("ipv6.src", n));
    check("inner ipv6.dst", ipv6(ours.get("hdr.inner.ipv6.dst")!), nth("ipv6.dst", n));
  }
  if (valid.has("hdr.inner.ports")) {
    const proto = valid.has("hdr.inner.ipv4")
      ? ours.get("hdr.inner.ipv4.protocol")
      : ours.get("hdr.inner.ipv6.nextHdr");
    const l4 = proto === "6" ? "tcp" : proto === "17" ? "udp" : "sctp";
    const n = valid.has("hdr.ports") && ours.get("meta.ipProto") === proto ? 1 : 0;
    check(`inner ${l4}.srcport`, ours.get("hdr.inner.ports.src"), num(nth(`${l4}.srcport`, n)));
    check(`inner ${l4}.dstport`, ours.get("hdr.inner.ports.dst"), num(nth(`${l4}.dstport`, n)));
  }
}
