// The spec's parser semantics, end to end: P4 source → IR → reference interpreter → key bytes,
// read back through the layout. Each test states the packet and what the spec says comes out.
import { describe, expect, it } from "vitest";
import { renderText } from "../../src/diagnostics/render-text.js";
import { decodeKey, type KeyView } from "../../src/interp/decode.js";
import { createInterpreter, type InterpOptions } from "../../src/interp/interpreter.js";
import type { LayoutOptions } from "../../src/layout/layout.js";
import { compileText, compileTextResult } from "../support/compile.js";
import {
  BODY,
  ETH_IP,
  LOOP,
  MPLS,
  STRUCT_FIELDS,
  SUB,
  U,
  VB,
  W,
  WIDE,
} from "../support/feature-programs.js";

function build(
  body: string,
  options: { layout?: LayoutOptions; maxParserIterations?: number } = {},
) {
  const text = `#include <core.p4>\n#include <p4flow.p4>\n${body}\nFlowExtract(P()) main;\n`;
  return compileText(text, options);
}

function runner(
  body: string,
  options: InterpOptions & { layout?: LayoutOptions; maxParserIterations?: number } = {},
) {
  const r = build(body, options);
  const run = createInterpreter(r.ir!, r.layout!, options);
  return (hex: string): KeyView & { key: Uint8Array } => {
    const res = run(Uint8Array.from(Buffer.from(hex.replace(/\s/g, ""), "hex")));
    return { ...decodeKey(r.layout!, res.key), key: res.key };
  };
}

const field = (v: KeyView, path: string) => v.fields.find(([p]) => p === path)?.[1];

describe("extract and select", () => {
  const run = runner(ETH_IP);
  const eth = "0102030405060a0b0c0d0e0f";

  it("extracts non-byte-aligned fields", () => {
    const v = run(eth + "0800" + "45 1c 0040");
    expect(v).toMatchObject({ outcome: "accept", error: "NoError", valid: ["hdr.eth", "hdr.ip"] });
    expect([
      field(v, "hdr.ip.version"),
      field(v, "hdr.ip.ihl"),
      field(v, "hdr.ip.tos"),
      field(v, "hdr.ip.len"),
    ]).toEqual(["4", "5", "28", "64"]);
    expect(field(v, "hdr.eth.dst")).toBe("0x010203040506");
    expect(field(v, "meta.seen")).toBe("1");
  });

  it("matches masks and ranges, and rejects with NoMatch when nothing matches", () => {
    expect(field(run(eth + "86d5"), "meta.seen")).toBe("6");
    expect(run(eth + "9042")).toMatchObject({ outcome: "accept", valid: ["hdr.eth"] });
    expect(run(eth + "1234")).toMatchObject({
      outcome: "reject",
      error: "NoMatch",
      valid: ["hdr.eth"],
    });
    // An explicit `transition reject` leaves the error as it was.
    expect(run(eth + "9100")).toMatchObject({
      outcome: "reject",
      error: "NoError",
      valid: ["hdr.eth"],
    });
  });

  it("rejects a truncated header with PacketTooShort and keeps what came before", () => {
    const v = run(eth + "0800" + "4500");
    expect(v).toMatchObject({ outcome: "reject", error: "PacketTooShort", valid: ["hdr.eth"] });
    expect(field(v, "hdr.ip.len")).toBeUndefined();
    expect(run("0102")).toMatchObject({ outcome: "reject", error: "PacketTooShort", valid: [] });
  });

  it("writes zeros for invalid headers and padding, so keys compare as bytes", () => {
    const a = run(eth + "86d0");
    const b = run(eth + "86d0" + "ffffffffffff");
    expect(Buffer.from(a.key).equals(Buffer.from(b.key))).toBe(true);
    const layout = build(ETH_IP).layout!;
    // A rejected packet too: its error code must not spill into padding.
    const rejected = run(eth + "0800" + "45");
    expect(rejected.error).toBe("PacketTooShort");
    for (const key of [a.key, rejected.key]) {
      for (const f of layout.fields.filter((x) => x.kind === "padding" || x.header === "hdr.ip")) {
        expect(
          [...key.subarray(f.offset, f.offset + f.size)].every((x) => x === 0),
          f.path,
        ).toBe(true);
      }
    }
  });

  it("puts multi-byte fields in host order when asked", () => {
    const net = build(ETH_IP).layout!;
    const host = build(ETH_IP, { layout: { byteOrder: "host", packed: false } }).layout!;
    const off = net.fields.find((f) => f.path === "hdr.eth.type")!.offset;
    const vNet = runner(ETH_IP)(eth + "0800" + "45000040").key;
    const vHost = runner(ETH_IP, { layout: { byteOrder: "host", packed: false } })(
      eth + "0800" + "45000040",
    ).key;
    expect([vNet[off], vNet[off + 1]]).toEqual([0x08, 0x00]);
    expect([vHost[off], vHost[off + 1]]).toEqual([0x00, 0x08]);
    expect(host.endianness).toBe("little");
  });
});

describe("header stacks, loops and the iteration bound", () => {
  it("extracts into next, reads last and lastIndex", () => {
    const v = runner(MPLS)("00001040 00002140");
    expect(v).toMatchObject({ outcome: "accept", valid: ["hdr.mpls[0]", "hdr.mpls[1]"] });
    expect([
      field(v, "hdr.mpls[0].label"),
      field(v, "hdr.mpls[1].label"),
      field(v, "hdr.mpls[1].bos"),
      field(v, "meta.depth"),
    ]).toEqual(["1", "2", "1", "2"]);
  });
  it("rejects with StackOutOfBounds past the stack's size", () => {
    expect(runner(MPLS)("00001040 00002040 00003040 00004140")).toMatchObject({
      outcome: "reject",
      error: "StackOutOfBounds",
    });
  });
  it("rejects with ParserTimeout past the iteration bound", () => {
    expect(runner(LOOP, { maxParserIterations: 4 })("0102030405060708")).toMatchObject({
      outcome: "reject",
      error: "ParserTimeout",
    });
    expect(runner(LOOP, { maxParserIterations: 4 })("0102")).toMatchObject({
      outcome: "reject",
      error: "PacketTooShort",
    });
  });
});

describe("verify, lookahead, advance, tuples, value sets", () => {
  it("looks ahead at odd widths without moving, verifies, and advances by a run-time amount", () => {
    const v = runner(BODY)("12 ffff 0bcd");
    expect(v).toMatchObject({ outcome: "accept", valid: ["hdr.a", "hdr.b"] });
    expect([field(v, "meta.peek"), field(v, "meta.after")]).toEqual(["0", "3021"]);
    expect(runner(BODY)("f0")).toMatchObject({ outcome: "reject", error: "BadVersion" });
    expect(runner(BODY)("13 ffff")).toMatchObject({ outcome: "reject", error: "PacketTooShort" });
  });
  it("matches value sets with the entries userspace gave", () => {
    const withSet = runner(BODY, { valueSets: new Map([[0, [[2n, 0n]]]]) });
    expect(withSet("20 abcd").valid).toEqual(["hdr.a", "hdr.b"]);
    expect(withSet("30 abcd").valid).toEqual(["hdr.a"]);
  });
});

describe("varbit, unions and wide fields", () => {
  it("extracts a varbit field with the two-argument extract", () => {
    const v = runner(VB)("02 07 abcd ee");
    expect(v).toMatchObject({ outcome: "accept" });
    expect([field(v, "hdr.o.len"), field(v, "hdr.o.data"), field(v, "hdr.o.tail")]).toEqual([
      "7",
      "0xabcd/16",
      "238",
    ]);
    expect(runner(VB)("05 00 0102030405 00")).toMatchObject({
      outcome: "reject",
      error: "HeaderTooShort",
    });
  });

  it("keeps one union member valid at a time", () => {
    expect(runner(U)("04 11 2222").valid).toEqual(["hdr.s", "hdr.ip.v4"]);
    expect(runner(U)("06 11 2222").valid).toEqual(["hdr.s", "hdr.ip.v6"]);
  });

  it("handles 128-bit fields and signed arithmetic", () => {
    const v = runner(W)("20010db8000000000000000000000001 fe");
    expect([
      field(v, "hdr.w.addr"),
      field(v, "hdr.w.delta"),
      field(v, "meta.sum"),
      field(v, "meta.top"),
    ]).toEqual(["0x20010db8000000000000000000000001", "-2", "-3", "32"]);
  });
});

describe("keyset values", () => {
  it("warns when a keyset value does not fit its key, and compares its low bits", () => {
    const body = `header h_t { bit<8> t; }
struct hs { h_t h; }
parser P(packet_in p, out hs hdr) { state start { p.extract(hdr.h); transition select(hdr.h.t) { 300: accept; default: reject; } } }`;
    const text = `#include <core.p4>\n#include <p4flow.p4>\n${body}\nFlowExtract(P()) main;\n`;
    const r = compileTextResult(text, { file: "/k.p4" });
    expect(renderText(r.diagnostics)).toContain(
      "warning P4F3003[keyset-too-wide]: The keyset value 300 does not fit the 8-bit key; only its low 8 bits are compared.",
    );
    expect(runner(body)("2c").outcome).toBe("accept");
    expect(runner(body)("2d").outcome).toBe("reject");
  });
});

describe("sub-parsers, header lookahead and whole-header assignment", () => {
  const run = runner(SUB);
  const fields = (v: KeyView, ...paths: string[]) => paths.map((p) => field(v, p));

  it("inlines each apply with copy-in arguments, locals re-initialized per call", () => {
    const v = run("0102 1234 20ff");
    expect(v).toMatchObject({
      outcome: "accept",
      error: "NoError",
      valid: ["hdr.first", "hdr.t0", "hdr.t1", "hdr.copy", "hdr.made"],
    });
    // d: 2 in the caller; the callee adds d and its local count (1): 3, then 10 + 1 = 11.
    expect(fields(v, "meta.depth", "hdr.t0.kind", "hdr.t0.id", "hdr.t1.kind", "hdr.t1.id")).toEqual(
      ["16", "1", "564", "2", "255"],
    );
  });

  it("reads a whole header with lookahead without moving the cursor", () => {
    const v = run("0102 1234 20ff");
    expect(fields(v, "meta.peek_kind", "meta.peek_id")).toEqual(["1", "564"]);
  });

  it("copies headers, builds one from a list, and invalidates with {#}", () => {
    const v = run("0102 1234 20ff");
    expect(fields(v, "hdr.copy.a", "hdr.copy.b", "hdr.made.a", "hdr.made.b")).toEqual([
      "1",
      "2",
      "2",
      "90",
    ]);
    const w = run("0009 1001 200f");
    expect(w.valid).toEqual(["hdr.t0", "hdr.t1", "hdr.copy", "hdr.made"]);
    expect(fields(w, "hdr.copy.a", "hdr.copy.b")).toEqual(["0", "9"]);
  });

  it("a reject inside the sub-parser rejects the caller; the rest of the state does not run", () => {
    const v = run("0708 f001");
    expect(v).toMatchObject({
      outcome: "reject",
      error: "NoError",
      valid: ["hdr.first", "hdr.t0"],
    });
    expect(field(v, "meta.depth")).toBe("3");
    const short = run("0002 1abc");
    expect(short).toMatchObject({ outcome: "reject", error: "PacketTooShort" });
    expect(short.valid).toEqual(["hdr.first", "hdr.t0"]);
    expect(field(short, "meta.depth")).toBe("16");
  });
});

describe("structs inside headers", () => {
  const run = runner(STRUCT_FIELDS);
  const fields = (v: KeyView, ...paths: string[]) => paths.map((p) => field(v, p));

  it("extracts them in line, reads, writes and copies their fields, and selects on them", () => {
    const v = run("07 15 23 40 beef 05 a7");
    expect(v).toMatchObject({
      outcome: "accept",
      error: "NoError",
      valid: ["hdr.h", "hdr.s[0]", "hdr.s[1]"],
    });
    expect(
      fields(v, "hdr.h.kind", "hdr.h.p.hi", "hdr.h.p.lo", "hdr.h.q.a.hi", "hdr.h.q.a.lo"),
    ).toEqual(["7", "1", "10", "2", "3"]);
    expect(fields(v, "hdr.h.q.b", "hdr.h.tail")).toEqual(["64", "48879"]);
    // meta.b = q.b + p.lo as extracted (5), before p.lo is overwritten with 0xa.
    expect(fields(v, "meta.hi", "meta.copy.hi", "meta.copy.lo", "meta.b")).toEqual([
      "1",
      "2",
      "3",
      "69",
    ]);
    expect(run("07 25 23 40 beef").outcome).toBe("reject");
    expect(run("07 25 24 40 beef").outcome).toBe("accept");
    expect(run("07 15")).toMatchObject({ outcome: "reject", error: "PacketTooShort" });
  });

  it("reads a struct inside the header of the stack's last element", () => {
    const v = run("07 15 23 40 beef 05 a7");
    expect(fields(v, "hdr.s[0].p.hi", "hdr.s[1].p.hi", "hdr.s[1].p.lo", "meta.last_lo")).toEqual([
      "0",
      "10",
      "7",
      "7",
    ]);
    expect(run("07 15 23 40 beef 01 01")).toMatchObject({
      outcome: "reject",
      error: "StackOutOfBounds",
    });
  });
});

describe("select on keys wider than 64 bits", () => {
  it("matches 128-bit values, masks and ranges, and 128-bit tuples", () => {
    const run = runner(WIDE);
    const zero64 = "0000000000000000";
    const cases: [string, string][] = [
      ["20010db8000000000000000000000001" + zero64 + zero64, "1"],
      ["fe800000000000000000000000000abc" + zero64 + zero64, "2"],
      ["febf0000000000000000000000000000" + zero64 + zero64, "2"],
      ["fec00000000000000000000000000000" + zero64 + zero64, "6"],
      ["ff0fffffffffffffffffffffffffffff" + zero64 + zero64, "3"],
      ["ff100000000000000000000000000000" + "0123456789abcdef" + "fedcba9876543210", "4"],
      ["00".repeat(16) + "0123456700000000" + "1111111111111111", "5"],
      ["00".repeat(16) + "1111111111111111" + "00000000000000ff", "6"],
      ["00".repeat(16) + "1111111111111111" + "0000000000000100", "0"],
    ];
    for (const [hex, which] of cases)
      expect([hex, field(run(hex), "meta.which")]).toEqual([hex, which]);
  });
});

describe("constructs the lowering does not support yet", () => {
  it("says so with a diagnostic instead of guessing", () => {
    const text = `#include <core.p4>\n#include <p4flow.p4>
header h_t { bit<8> a; }
struct hs { h_t h; }
parser Sub(packet_in p, out hs hdr) { state start { transition accept; } }
parser P(packet_in p, out hs hdr) { Sub() sub; state start { if (true) { sub.apply(p, hdr); } transition accept; } }
FlowExtract(P()) main;`;
    const r = compileTextResult(text, { file: "/u.p4" });
    expect(r.ir).toBeUndefined();
    expect(renderText(r.diagnostics)).toContain(
      "p4flow cannot compile a sub-parser apply inside a block or conditional (apply it at the top level of a state) yet.",
    );
  });
});
