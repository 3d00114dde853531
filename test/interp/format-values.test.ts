// The readable forms of address fields: which fields are addresses (by width and name) and the
// text of each form (dotted IPv4, RFC 5952 IPv6, colon MAC), checked against Node's own parser.

import { isIPv6 } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addressKind,
  formatFieldValue,
  formatIpv4,
  formatIpv6,
  formatMac,
  nameWords,
} from "../../src/interp/format-values.js";

const field = (path: string, bits: number, kind: "uint" | "int" | "bytes" = "uint") => ({
  path,
  bits,
  kind,
});

describe("which fields are addresses", () => {
  it.each([
    ["hdr.ipv4.srcAddr", 32, "ipv4"],
    ["hdr.ipv4.dst", 32, "ipv4"],
    ["hdr.arp.spa", 32, "ipv4"],
    ["meta.ipv4_src", 32, "ipv4"],
    ["hdr.inner[1].dstAddr", 32, "ipv4"],
    ["hdr.ethernet.dst", 48, "mac"],
    ["hdr.arp.sha", 48, "mac"],
    ["meta.nd_tll", 48, "mac"],
    ["meta.eth_src", 48, "mac"],
    ["hdr.ipv6.src", 128, "ipv6"],
    ["meta.nd_target", 128, "ipv6"],
  ] as const)("%s (bit<%d>) is %s", (path, bits, kind) => {
    expect(addressKind(field(path, bits, bits > 64 ? "bytes" : "uint"))).toBe(kind);
  });

  it.each([
    ["hdr.tcp.seq", 32],
    ["hdr.tcp.srcPort", 16],
    ["meta.ingress_global_timestamp", 48],
    ["hdr.ipv4.src", 31],
    ["meta.mpls_lse0", 32],
    ["hdr.x", 32],
  ] as const)("%s (bit<%d>) is not", (path, bits) => {
    expect(addressKind(field(path, bits))).toBeUndefined();
  });

  it("a signed field is never an address", () => {
    expect(addressKind(field("hdr.ipv4.src", 32, "int"))).toBeUndefined();
  });

  it("splits camel case and underscores", () => {
    expect(nameWords("hdr.ipv4.srcAddr")).toEqual(["src", "addr"]);
    expect(nameWords("hdr.mpls[2].ipv4_dst")).toEqual(["ipv4", "dst"]);
  });
});

describe("readable forms", () => {
  it("IPv4 dotted quad", () => {
    expect(formatIpv4(0x0a000001)).toBe("10.0.0.1");
    expect(formatIpv4(0xffffffffn)).toBe("255.255.255.255");
    expect(formatFieldValue(field("hdr.ipv4.dst", 32), 0xc0a80101n)).toBe("192.168.1.1");
    expect(formatFieldValue(field("hdr.ipv4.ttl", 8), 64n)).toBeUndefined();
  });

  it("MAC with colons, lower case", () => {
    expect(formatMac(0x02005e0000abn)).toBe("02:00:5e:00:00:ab");
    expect(formatMac(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff))).toBe("ff:ff:ff:ff:ff:ff");
  });

  it.each([
    ["20010db8000000000000000000000001", "2001:db8::1"],
    ["20010db8000000010001000100010001", "2001:db8:0:1:1:1:1:1"], // one zero group stays
    ["20010db8000000000001000000000001", "2001:db8::1:0:0:1"], // first of equal runs
    ["20010000000000010000000000000000", "2001:0:0:1::"], // longest run wins
    ["00000000000000000000000000000000", "::"],
    ["00000000000000000000000000000001", "::1"],
    ["fe800000000000000000000000000000", "fe80::"],
    ["00000000000000000000ffffc0000201", "::ffff:192.0.2.1"],
    ["20010DB8AAAABBBBCCCCDDDDEEEEFFFF".toLowerCase(), "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff"],
  ])("IPv6 %s is %s (RFC 5952)", (hex, text) => {
    expect(formatIpv6(BigInt(`0x${hex}`))).toBe(text);
    expect(formatIpv6(Buffer.from(hex, "hex"))).toBe(text);
  });

  it("IPv6 text is valid, canonical and round-trips for any address", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const text = formatIpv6(bytes);
        expect(isIPv6(text)).toBe(true);
        expect(text).not.toMatch(/(^|:)0[0-9a-f]/); // no leading zeros in a group
        expect(text.split("::").length).toBeLessThanOrEqual(2);
        expect(ipv6Bytes(text)).toEqual([...bytes]);
      }),
    );
  });
});

/** An IPv6 text back to its 16 bytes, independently of the formatter. */
function ipv6Bytes(text: string): number[] {
  let t = text;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(t);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    t = t.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = t.split("::") as [string, string?];
  const parse = (s: string) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const h = parse(head);
  const tl = tail === undefined ? [] : parse(tail);
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - tl.length).fill(0), ...tl];
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}
