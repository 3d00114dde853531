// Wireshark against examples/ovs on every packet of the own corpus and the shared one (where it exists): the Open vSwitch flow key
// from the interpreter, field by field, against `tshark -T fields`. A layer is compared when the
// key holds it (OVS leaves a cut or unknown layer zero, so zero fields are not evidence either
// way) and with tshark's first occurrence of the protocol, the outermost, which is the only one
// OVS reads. Limits of the mapping: the VLAN TCI's CFI bit is OVS's presence mark, so only VID and
// priority are compared; the EtherType is compared for untagged Ethernet II frames only;
// ND link-layer addresses only when tshark shows one option of the kind; the own corpus's
// malformed.pcap is not compared (Wireshark shows no fields of a broken header).
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
  "vlan.priority",
  "ieee8021ad.id",
  "ieee8021ad.priority",
  "mpls.label",
  "mpls.exp",
  "mpls.bottom",
  "mpls.ttl",
  "arp.opcode",
  "arp.src.hw_mac",
  "arp.src.proto_ipv4",
  "arp.dst.hw_mac",
  "arp.dst.proto_ipv4",
  "ip.src",
  "ip.dst",
  "ip.proto",
  "ip.dsfield",
  "ip.ttl",
  "ip.flags.mf",
  "ip.frag_offset",
  "ipv6.src",
  "ipv6.dst",
  "ipv6.tclass",
  "ipv6.hlim",
  "ipv6.flow",
  "tcp.srcport",
  "tcp.dstport",
  "tcp.flags",
  "udp.srcport",
  "udp.dstport",
  "sctp.srcport",
  "sctp.dstport",
  "icmp.type",
  "icmp.code",
  "icmpv6.type",
  "icmpv6.code",
  "icmpv6.nd.ns.target_address",
  "icmpv6.nd.na.target_address",
  "icmpv6.opt.src_linkaddr",
  "icmpv6.opt.target_linkaddr",
  "nsh.ttl",
  "nsh.mdtype",
  "nsh.nextproto",
  "nsh.spi",
  "nsh.si",
  "nsh.contextheader",
];

const big = (v: string | undefined) =>
  v === undefined || v === "" ? undefined : v === "True" ? 1n : v === "False" ? 0n : BigInt(v);
const macBig = (v: string | undefined) =>
  v === undefined || v === "" ? undefined : BigInt("0x" + v.replace(/:/g, ""));
const ipv4Big = (v: string | undefined) =>
  v === undefined || v === ""
    ? undefined
    : v.split(".").reduce((n, b) => (n << 8n) | BigInt(b), 0n);
function ipv6Big(v: string | undefined): bigint | undefined {
  if (v === undefined || v === "") return undefined;
  const [head, tail] = v.includes("::") ? v.split("::") : [v, undefined];
  const a = head ? head.split(":") : [];
  const b = tail ? tail.split(":") : [];
  const groups =
    tail === undefined ? a : [...a, ...new Array(8 - a.length - b.length).fill("0"), ...b];
  return groups.reduce((n, g) => (n << 16n) | BigInt(`0x${g}`), 0n);
}

for (const corpus of corpora)
  describe(`examples/ovs against Wireshark on the ${corpus} corpus`, () => {
    const r = compileFile(join(root, "examples", "ovs", "ovs.p4"));
    const run = r.ir && r.layout ? createInterpreter(r.ir, r.layout) : undefined;
    const files = corpusCaptures(corpus);

    for (const file of files.filter((f) => corpus !== "own" || !malformedCaptures.has(f)))
      it(file, (ctx) => {
        if (!tsharkAvailable((m) => ctx.skip(m))) return;
        const packets = packetsWithRows(join(corpusDirOf(corpus), file), FIELDS);
        const mismatches: string[] = [];
        let compared = 0;
        packets.forEach((p) => {
          const view = decodeKey(r.layout!, run!(p.data).key);
          const k = Object.fromEntries(view.fields.map(([f, v]) => [f.slice(2), BigInt(v)]));
          const ts = p.row;
          const first = (f: string) => ts[f]?.[0] || undefined;
          const check = (what: string, mine: bigint | undefined, theirs: bigint | undefined) => {
            compared++;
            if (mine !== theirs)
              mismatches.push(`packet ${p.index} ${what}: p4flow ${mine}, tshark ${theirs}`);
          };
          // A frame shorter than an Ethernet header has no Ethernet layer in either.
          if (p.data.length >= 14) {
            check("eth.dst", k["eth_dst"], macBig(first("eth.dst")));
            check("eth.src", k["eth_src"], macBig(first("eth.src")));
          }
          const tagged = k["vlan_tpid"] !== 0n;
          const ethType = big(first("eth.type"));
          if (!tagged && ethType !== undefined && ethType >= 0x600n)
            check("eth.type", k["eth_type"], ethType);
          // Wireshark names an 802.1ad (0x88a8) tag ieee8021ad and an 802.1Q (0x8100) one vlan.
          const seen = { vlan: 0, ieee8021ad: 0 };
          for (const tag of ["vlan", "cvlan"]) {
            if (k[`${tag}_tpid`] === 0n) continue;
            const proto = k[`${tag}_tpid`] === 0x88a8n ? "ieee8021ad" : "vlan";
            const n = seen[proto]++;
            const tci = k[`${tag}_tci`]!;
            check(`${tag}.vid`, tci & 0xfffn, big(ts[`${proto}.id`]?.[n]));
            check(`${tag}.pcp`, tci >> 13n, big(ts[`${proto}.priority`]?.[n]));
          }
          ["mpls_lse0", "mpls_lse1", "mpls_lse2"].forEach((f, n) => {
            const lse = k[f]!;
            if (lse === 0n) return;
            check(`${f}.label`, lse >> 12n, big(ts["mpls.label"]?.[n]));
            check(`${f}.tc`, (lse >> 9n) & 7n, big(ts["mpls.exp"]?.[n]));
            check(`${f}.bos`, (lse >> 8n) & 1n, big(ts["mpls.bottom"]?.[n]));
            check(`${f}.ttl`, lse & 255n, big(ts["mpls.ttl"]?.[n]));
          });
          const type = k["eth_type"];
          if ((type === 0x0806n || type === 0x8035n) && k["arp_sha"] !== 0n) {
            const op = big(first("arp.opcode"));
            check("arp.op", k["ip_proto"], op !== undefined && op <= 255n ? op : 0n);
            check("arp.spa", k["ipv4_src"], ipv4Big(first("arp.src.proto_ipv4")));
            check("arp.tpa", k["ipv4_dst"], ipv4Big(first("arp.dst.proto_ipv4")));
            check("arp.sha", k["arp_sha"], macBig(first("arp.src.hw_mac")));
            check("arp.tha", k["arp_tha"], macBig(first("arp.dst.hw_mac")));
          }
          const l4 = () => {
            const proto = k["ip_proto"];
            if (k["ip_frag"] === 2n) return;
            if (k["tp_src"] === 0n && k["tp_dst"] === 0n && k["tcp_flags"] === 0n) return;
            const name =
              proto === 6n ? "tcp" : proto === 17n ? "udp" : proto === 132n ? "sctp" : undefined;
            if (name) {
              check(`${name}.srcport`, k["tp_src"], big(first(`${name}.srcport`)));
              check(`${name}.dstport`, k["tp_dst"], big(first(`${name}.dstport`)));
            }
            if (name === "tcp") {
              const flags = big(first("tcp.flags"));
              check("tcp.flags", k["tcp_flags"], flags === undefined ? undefined : flags & 0xfffn);
            }
            const icmp =
              proto === 1n && type === 0x0800n ? "icmp" : proto === 58n ? "icmpv6" : undefined;
            if (icmp) {
              check(`${icmp}.type`, k["tp_src"], big(first(`${icmp}.type`)));
              check(`${icmp}.code`, k["tp_dst"], big(first(`${icmp}.code`)));
            }
          };
          if (type === 0x0800n && (k["ip_ttl"] !== 0n || k["ipv4_src"] !== 0n)) {
            check("ip.src", k["ipv4_src"], ipv4Big(first("ip.src")));
            check("ip.dst", k["ipv4_dst"], ipv4Big(first("ip.dst")));
            check("ip.proto", k["ip_proto"], big(first("ip.proto")));
            check("ip.tos", k["ip_tos"], big(first("ip.dsfield")));
            check("ip.ttl", k["ip_ttl"], big(first("ip.ttl")));
            const later = (big(first("ip.frag_offset")) ?? 0n) !== 0n;
            const more = big(first("ip.flags.mf")) === 1n;
            check("ip.frag", k["ip_frag"], later ? 2n : more ? 1n : 0n);
            l4();
          }
          if (type === 0x86ddn && (k["ip_ttl"] !== 0n || k["ipv6_src"] !== 0n)) {
            check("ipv6.src", k["ipv6_src"], ipv6Big(first("ipv6.src")));
            check("ipv6.dst", k["ipv6_dst"], ipv6Big(first("ipv6.dst")));
            check("ipv6.tclass", k["ip_tos"], big(first("ipv6.tclass")));
            check("ipv6.hlim", k["ip_ttl"], big(first("ipv6.hlim")));
            check("ipv6.flow", k["ipv6_label"], big(first("ipv6.flow")));
            l4();
            if (k["nd_target"] !== 0n) {
              const target =
                first("icmpv6.nd.ns.target_address") ?? first("icmpv6.nd.na.target_address");
              check("nd.target", k["nd_target"], ipv6Big(target));
              const one = (f: string) =>
                ts[f]?.filter((x) => x !== "").length === 1 ? macBig(first(f)) : undefined;
              const sll = one("icmpv6.opt.src_linkaddr");
              if (sll !== undefined) check("nd.sll", k["nd_sll"], sll);
              const tll = one("icmpv6.opt.target_linkaddr");
              if (tll !== undefined) check("nd.tll", k["nd_tll"], tll);
            }
          }
          if (type === 0x894fn && view.outcome === "accept") {
            check("nsh.ttl", k["nsh_ttl"], big(first("nsh.ttl")));
            check("nsh.mdtype", k["nsh_mdtype"], big(first("nsh.mdtype")));
            check("nsh.np", k["nsh_np"], big(first("nsh.nextproto")));
            check("nsh.spi", k["nsh_path_hdr"]! >> 8n, big(first("nsh.spi")));
            check("nsh.si", k["nsh_path_hdr"]! & 255n, big(first("nsh.si")));
            if (k["nsh_mdtype"] === 1n)
              ["nsh_c1", "nsh_c2", "nsh_c3", "nsh_c4"].forEach((f, n) =>
                check(
                  f,
                  k[f],
                  big(ts["nsh.contextheader"]?.[n] ? `0x${ts["nsh.contextheader"][n]}` : undefined),
                ),
              );
          }
        });
        expect(mismatches.slice(0, 10)).toEqual([]);
        // Every capture is Ethernet: the two addresses of each packet at least were compared.
        expect(compared).toBeGreaterThanOrEqual(2 * packets.length);
      });
  });
