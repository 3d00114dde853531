import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { parseHexPacket } from "../../src/interp/hex.js";
import { readCapture } from "../../src/interp/pcap.js";
import { ownCorpus } from "../support/own-corpus.js";
import {
  corpora,
  corpusCaptures,
  corpusDirOf,
  sharedCorpusDir,
  type CorpusName,
} from "../support/packets.js";

/** Packets per capture: the own corpus's from its definition, the shared one's from its manifest. */
function expectedCounts(corpus: CorpusName): Map<string, number> {
  if (corpus === "own") return new Map(ownCorpus().map((c) => [c.file, c.packets.length]));
  return new Map(
    readFileSync(join(sharedCorpusDir, "MANIFEST.tsv"), "utf8")
      .split("\n")
      .filter((l) => l && !l.startsWith("#") && !l.startsWith("file\t"))
      .map((l) => l.split("\t"))
      .map((cols) => [cols[0]!, Number(cols[3])] as const),
  );
}

function read(bytes: Uint8Array, name = "t.pcap") {
  const sink = new DiagnosticSink();
  const capture = readCapture(bytes, name, sink);
  return { capture, diags: sink.diagnostics.map((d) => `${d.name}: ${d.message}`) };
}

/** A classic pcap file: header then records of [seconds, fraction, bytes]. */
function pcap(
  records: [number, number, number[], number?][],
  opts: { little?: boolean; nano?: boolean; linkType?: number } = {},
): Uint8Array {
  const le = opts.little ?? true;
  const parts: number[] = [];
  const u32 = (v: number) => {
    const b = [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
    parts.push(...(le ? b.reverse() : b));
  };
  const u16 = (v: number) => {
    const b = [(v >>> 8) & 255, v & 255];
    parts.push(...(le ? b.reverse() : b));
  };
  u32(opts.nano ? 0xa1b23c4d : 0xa1b2c3d4);
  u16(2);
  u16(4);
  u32(0);
  u32(0);
  u32(65535);
  u32(opts.linkType ?? 1);
  for (const [sec, frac, data, incl] of records) {
    u32(sec);
    u32(frac);
    u32(incl ?? data.length);
    u32(data.length);
    parts.push(...data);
  }
  return Uint8Array.from(parts);
}

for (const corpus of corpora)
  describe(`the ${corpus} corpus`, () => {
    const dir = corpusDirOf(corpus);
    const files = corpusCaptures(corpus);
    const counts = expectedCounts(corpus);
    // The own corpus's truncated.pcap has frames cut by the snap length (captured < on the wire).
    const sample = join(dir, corpus === "own" ? "truncated.pcap" : "dns_udp.pcap");
    it("has the files the manifest lists", () => {
      expect(files.length).toBe(counts.size);
    });
    for (const f of files) {
      it(`${f}: every packet is read`, () => {
        const { capture, diags } = read(readFileSync(join(dir, f)), f);
        expect(diags).toEqual([]);
        expect(capture?.linkType).toBe(1);
        expect(capture?.packets.length).toBe(counts.get(f));
      });
    }

    it("agrees with tshark on lengths and timestamps", (ctx) => {
      let out: string;
      try {
        out = execFileSync(
          "tshark",
          [
            "-r",
            sample,
            "-T",
            "fields",
            "-e",
            "frame.time_epoch",
            "-e",
            "frame.len",
            "-e",
            "frame.cap_len",
          ],
          { encoding: "utf8" },
        );
      } catch {
        if (process.env.P4FLOW_REQUIRE_KERNEL === "1")
          throw new Error("tshark is required (P4FLOW_REQUIRE_KERNEL=1) but cannot be run");
        ctx.skip("tshark is not installed: apt-get install tshark");
        return;
      }
      const { capture } = read(readFileSync(sample));
      const ours = capture!.packets.map((p) => [
        (Number(p.timestampNs / 1000n) / 1e6).toFixed(6),
        String(p.origLen),
        String(p.data.length),
      ]);
      const theirs = out
        .trim()
        .split("\n")
        .map((l) => l.split("\t"))
        .map(([t, len, cap]) => [Number(t).toFixed(6), len, cap]);
      expect(ours).toEqual(theirs);
    });
  });

describe("hostile captures", () => {
  it("reads both byte orders and the nanosecond magic", () => {
    for (const little of [true, false]) {
      const { capture } = read(pcap([[1, 500, [1, 2, 3]]], { little }));
      expect(capture?.packets).toEqual([
        { data: Uint8Array.from([1, 2, 3]), origLen: 3, timestampNs: 1_000_500_000n, index: 1 },
      ]);
    }
    expect(read(pcap([[1, 500, [9]]], { nano: true })).capture?.packets[0]?.timestampNs).toBe(
      1_000_000_500n,
    );
  });

  it("rejects what is not a capture", () => {
    expect(read(Uint8Array.from([1, 2, 3, 4, 5])).diags).toEqual([
      "not-a-capture: 't.pcap' is not a pcap or pcapng capture (it starts with 01 02 03 04).",
    ]);
    expect(read(new Uint8Array()).diags).toEqual([
      "not-a-capture: 't.pcap' is not a pcap or pcapng capture (it starts with nothing).",
    ]);
  });

  it("keeps the records before a truncated one", () => {
    const full = pcap([
      [0, 0, [1, 2]],
      [0, 0, [3, 4, 5, 6]],
    ]);
    const { capture, diags } = read(full.subarray(0, full.length - 2));
    expect(capture?.packets.length).toBe(1);
    expect(diags).toEqual([
      "record-past-end: 't.pcap' packet 2 at byte 42: its 4 captured bytes runs past the end of the file; the packets before it are used.",
    ]);
  });

  it("refuses a 4 GB captured length without allocating it", () => {
    const { capture, diags } = read(
      pcap([
        [0, 0, [1]],
        [0, 0, [2], 0xffffffff],
      ]),
    );
    expect(capture?.packets.length).toBe(1);
    expect(diags[0]).toMatch(
      /^absurd-record-length: 't.pcap' packet 2 at byte 41: a captured length of 4294967295 bytes/,
    );
  });

  it("skips empty records with a warning and refuses other link types", () => {
    expect(
      read(
        pcap([
          [0, 0, []],
          [0, 0, [7]],
        ]),
      ).diags,
    ).toEqual(["empty-record: 't.pcap' packet 1 at byte 24 holds no bytes; it is skipped."]);
    expect(read(pcap([[0, 0, [7]]], { linkType: 105 })).diags).toEqual([
      "unsupported-link-type: 't.pcap' has link type 105 (IEEE 802.11); p4flow reads Ethernet (1), Linux cooked v1 (113) and v2 (276), raw IP (101), raw IPv4 (228) and raw IPv6 (229).",
    ]);
  });

  it("reads pcapng with unknown blocks, simple packets and a timestamp resolution", () => {
    const le = (v: number, n: number) => Array.from({ length: n }, (_, i) => (v >>> (8 * i)) & 255);
    const block = (type: number, body: number[]) => {
      const padded = [...body, ...new Array((4 - (body.length % 4)) % 4).fill(0)];
      const len = padded.length + 12;
      return [...le(type, 4), ...le(len, 4), ...padded, ...le(len, 4)];
    };
    const shb = block(0x0a0d0d0a, [
      ...le(0x1a2b3c4d, 4),
      1,
      0,
      0,
      0,
      ...le(0xffffffff, 4),
      ...le(0xffffffff, 4),
    ]);
    const idb = block(1, [
      ...le(1, 2),
      0,
      0,
      ...le(0, 4),
      ...le(9, 2),
      ...le(1, 2),
      9,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    const epb = block(6, [
      ...le(0, 4),
      ...le(0, 4),
      ...le(2_000_000_000, 4),
      ...le(3, 4),
      ...le(3, 4),
      1,
      2,
      3,
    ]);
    const unknown = block(0x0bad, [1, 2, 3, 4]);
    const spb = block(3, [...le(2, 4), 9, 8]);
    const { capture, diags } = read(
      Uint8Array.from([...shb, ...idb, ...unknown, ...epb, ...spb]),
      "t.pcapng",
    );
    expect(diags).toEqual([]);
    expect(capture?.format).toBe("pcapng");
    expect(capture?.packets.map((p) => [[...p.data], p.timestampNs, p.index])).toEqual([
      [[1, 2, 3], 2_000_000_000n, 1],
      [[9, 8], 0n, 2],
    ]);
  });

  it("never throws on random bytes or truncations of a real capture", () => {
    const real = readFileSync(join(corpusDirOf("own"), "dns_udp.pcap"));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.nat(real.length).map((n) => real.subarray(0, n)),
        ),
        (bytes) => {
          read(bytes);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("hex packets", () => {
  const hex = (t: string) => {
    const sink = new DiagnosticSink();
    const bytes = parseHexPacket(t, sink);
    return { bytes: bytes && [...bytes], diags: sink.diagnostics.map((d) => d.message) };
  };
  it("accepts separators and a 0x prefix", () => {
    expect(hex("0x01:02-03 0a\nFF").bytes).toEqual([1, 2, 3, 10, 255]);
  });
  it("names the bad character, or the odd length", () => {
    expect(hex("01 0g").diags).toEqual([
      "The packet '01 0g' is not hexadecimal: 'g' at character 5 is not a hex digit.",
    ]);
    expect(hex("012").diags).toEqual([
      "The packet '012' is not hexadecimal: it has an odd number of digits (3).",
    ]);
    expect(hex("").diags).toEqual(["The packet '' is not hexadecimal: it is empty."]);
  });
});
