// Wireshark as an independent oracle: the standard and tunnels examples' flow keys (from the
// interpreter) against `tshark -T fields` on every packet of the own corpus and the shared one
// (where it exists). Only key parts the
// P4 parser marked valid are compared, each with the first occurrence of the matching protocol in
// tshark's dissection. The keys hold what a connection shares (addresses, protocols, ports, VLAN
// IDs, MPLS labels, tunnel IDs), so per-packet fields (lengths, TTLs, TCP sequence numbers) are
// not compared.
// Mappings and their deliberate limits:
// - eth.type only when it is an EtherType (>= 0x0600), not an 802.3 length;
// - ARP only for Ethernet/IPv4 ARP (tshark's hlen 6, plen 4): P4 reads the fixed 28-byte layout;
// - ports from tcp/udp/sctp chosen by the parser's own IP protocol (tshark also shows inner,
//   tunnelled ports);
// - IP defragmentation is off, so tshark decodes each fragment on its own as P4 does;
// - PPTP's enhanced GRE (version 1): Wireshark splits the key into payload length and call id;
// - the own corpus's malformed captures are not compared: Wireshark shows no fields of a broken
//   header (an IPv4 IHL below 5, say), where a P4 parser has read its bytes.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKey } from "../../src/interp/decode.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import { corpora, corpusCaptures, corpusDirOf } from "../support/packets.js";
import { malformedCaptures } from "../support/own-corpus.js";
import { packetsWithRows, tsharkAvailable } from "../support/tshark.js";
import { compileFile } from "../support/compile.js";

const root = join(import.meta.dirname, "..", "..");

const FIELDS = [
  "eth.dst",
  "eth.src",
  "eth.type",
  "vlan.id",
  "ieee8021ad.id",
  "arp.hw.type",
  "arp.proto.type",
  "arp.hw.size",
  "arp.proto.size",
  "arp.opcode",
  "arp.src.proto_ipv4",
  "arp.dst.proto_ipv4",
  "ip.proto",
  "ip.src",
  "ip.dst",
  "ipv6.src",
  "ipv6.dst",
  "ipv6.nxt",
  "ipv6.flow",
  "tcp.srcport",
  "tcp.dstport",
  "udp.srcport",
  "udp.dstport",
  "sctp.srcport",
  "sctp.dstport",
  "icmp.type",
  "icmp.code",
  "icmpv6.type",
  "icmpv6.code",
  // tunnels.p4 only
  "gre.key",
  "gre.key.payload_length",
  "gre.key.call_id",
  "vxlan.vni",
  "geneve.vni",
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
      const files = corpusCaptures(corpus).filter(
        (f) => corpus !== "own" || !malformedCaptures.has(f),
      );
      const r = compileFile(join(root, "examples", example));
      const run = r.ir && r.layout ? createInterpreter(r.ir, r.layout) : undefined;

      for (const file of files) {
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
            if (valid.has("key.ethernet")) {
              check("eth.dst", mac(ours.get("key.ethernet.dst")!), first("eth.dst"));
              check("eth.src", mac(ours.get("key.ethernet.src")!), first("eth.src"));
              const type = Number(ours.get("key.ethernet.etherType"));
              if (type >= 0x600) check("eth.type", String(type), num(first("eth.type")));
            }
            // Wireshark names an 802.1ad (0x88a8) tag ieee8021ad and an 802.1Q (0x8100) tag vlan;
            // the parser follows a second tag only after an 802.1Q one.
            const seen = { vlan: 0, ieee8021ad: 0 };
            [0, 1].forEach((k) => {
              if (!valid.has(`key.vlan[${k}]`)) return;
              const tpid = k === 0 ? ours.get("key.ethernet.etherType") : String(0x8100);
              const proto = tpid === String(0x88a8) ? "ieee8021ad" : "vlan";
              const n = seen[proto]++;
              check(
                `vlan[${k}].vid`,
                ours.get(`key.vlan[${k}].vid`),
                ts[`${proto}.id`]?.[n] || undefined,
              );
            });
            if (
              valid.has("key.arp") &&
              first("arp.hw.size") === "6" &&
              first("arp.proto.size") === "4" &&
              first("arp.hw.type") === "1" &&
              first("arp.proto.type") === "0x0800"
            ) {
              check("arp.opcode", ours.get("key.arp.op"), num(first("arp.opcode")));
              check("arp.spa", ipv4(ours.get("key.arp.spa")!), first("arp.src.proto_ipv4"));
              check("arp.tpa", ipv4(ours.get("key.arp.tpa")!), first("arp.dst.proto_ipv4"));
            }
            if (valid.has("key.ipv4")) {
              check("ip.proto", ours.get("key.ipv4.protocol"), num(first("ip.proto")));
              check("ip.src", ipv4(ours.get("key.ipv4.src")!), first("ip.src"));
              check("ip.dst", ipv4(ours.get("key.ipv4.dst")!), first("ip.dst"));
            }
            if (valid.has("key.ipv6")) {
              check("ipv6.src", ipv6(ours.get("key.ipv6.src")!), first("ipv6.src"));
              check("ipv6.dst", ipv6(ours.get("key.ipv6.dst")!), first("ipv6.dst"));
              check("ipv6.nxt", ours.get("key.ipv6.nextHdr"), num(first("ipv6.nxt")));
              check("ipv6.flow", ours.get("key.ipv6.flowLabel"), num(first("ipv6.flow")));
            }
            if (valid.has("key.ports")) {
              const proto = ours.get("meta.ipProto");
              const l4 = proto === "6" ? "tcp" : proto === "17" ? "udp" : "sctp";
              check(`${l4}.srcport`, ours.get("key.ports.src"), num(first(`${l4}.srcport`)));
              check(`${l4}.dstport`, ours.get("key.ports.dst"), num(first(`${l4}.dstport`)));
            }
            if (valid.has("key.icmp")) {
              const v6 = valid.has("key.ipv6");
              check(
                "icmp.type",
                ours.get("key.icmp.type"),
                num(first(v6 ? "icmpv6.type" : "icmp.type")),
              );
              check(
                "icmp.code",
                ours.get("key.icmp.code"),
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
 * tunnels.p4's key parts. Inner ones are compared with the occurrence after the outer ones of the
 * same protocol (tshark lists layers in packet order).
 */
function compareTunnels(
  ours: Map<string, string>,
  valid: Set<string>,
  ts: Record<string, string[]>,
  check: Check,
): void {
  const nth = (f: string, n: number) => ts[f]?.[n] || undefined;
  const first = (f: string) => nth(f, 0);
  if (valid.has("key.greKey")) {
    const pptp = first("gre.key.call_id");
    const key = ours.get("key.greKey.id")!;
    if (pptp === undefined) check("gre.key", key, num(first("gre.key")));
    else {
      check(
        "gre.key.payload_length",
        String(BigInt(key) >> 16n),
        num(first("gre.key.payload_length")),
      );
      check("gre.key.call_id", String(BigInt(key) & 0xffffn), num(pptp));
    }
  }
  if (valid.has("key.vni")) {
    const vxlan = ours.get("key.ports.dst") === "4789";
    check(
      vxlan ? "vxlan.vni" : "geneve.vni",
      ours.get("key.vni.id"),
      num(first(vxlan ? "vxlan.vni" : "geneve.vni")),
    );
  }
  if (valid.has("key.inner.ethernet")) {
    check("inner eth.dst", mac(ours.get("key.inner.ethernet.dst")!), nth("eth.dst", 1));
    check("inner eth.src", mac(ours.get("key.inner.ethernet.src")!), nth("eth.src", 1));
  }
  if (valid.has("key.inner.ipv4")) {
    const n = valid.has("key.ipv4") ? 1 : 0;
    check("inner ip.src", ipv4(ours.get("key.inner.ipv4.src")!), nth("ip.src", n));
    check("inner ip.dst", ipv4(ours.get("key.inner.ipv4.dst")!), nth("ip.dst", n));
    check("inner ip.proto", ours.get("key.inner.ipv4.protocol"), num(nth("ip.proto", n)));
  }
  if (valid.has("key.inner.ipv6")) {
    const n = valid.has("key.ipv6") ? 1 : 0;
    check("inner ipv6.src", ipv6(ours.get("key.inner.ipv6.src")!), nth("ipv6.src", n));
    check("inner ipv6.dst", ipv6(ours.get("key.inner.ipv6.dst")!), nth("ipv6.dst", n));
  }
  if (valid.has("key.inner.ports")) {
    const proto = valid.has("key.inner.ipv4")
      ? ours.get("key.inner.ipv4.protocol")
      : ours.get("key.inner.ipv6.nextHdr");
    const l4 = proto === "6" ? "tcp" : proto === "17" ? "udp" : "sctp";
    const n = valid.has("key.ports") && ours.get("meta.ipProto") === proto ? 1 : 0;
    check(`inner ${l4}.srcport`, ours.get("key.inner.ports.src"), num(nth(`${l4}.srcport`, n)));
    check(`inner ${l4}.dstport`, ours.get("key.inner.ports.dst"), num(nth(`${l4}.dstport`, n)));
  }
}
