// The streaming capture reader: a capture fed in pieces cut anywhere gives the same packets and
// the same diagnostics as the whole file at once (pcap and pcapng, whole and cut short).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { CaptureParser } from "../../src/interp/capture-stream.js";
import { frames, generatedCapture, pcapFile, pcapngFile, sll } from "../support/captures.js";

function read(chunks: readonly Uint8Array[]) {
  const sink = new DiagnosticSink();
  const parser = new CaptureParser("t", sink);
  const packets = chunks.flatMap((c) => parser.push(c));
  packets.push(...parser.end());
  return {
    packets: packets.map((p) => [
      p.index,
      p.origLen,
      p.timestampNs,
      Buffer.from(p.data).toString("hex"),
    ]),
    diags: sink.diagnostics.map((d) => d.message),
  };
}

/** The bytes cut at the given (sorted, deduplicated) positions. */
function cut(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const points = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  return out;
}

const captures: [string, Uint8Array][] = [
  ["generated pcap", generatedCapture(300)],
  ["pcapng", pcapngFile(frames)],
  ["Linux cooked pcapng", pcapngFile(frames.map(sll), 113)],
];

describe("streaming reader", () => {
  it.each(captures)("%s: any cuts give the packets of the whole file", (_name, bytes) => {
    const whole = read([bytes]);
    expect(whole.diags).toEqual([]);
    expect(whole.packets.length).toBeGreaterThan(3);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (at) => {
        expect(read(cut(bytes, at))).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it("a file cut short reports the same damage however it arrives", () => {
    const bytes = pcapFile(frames);
    fc.assert(
      fc.property(fc.nat(bytes.length), fc.array(fc.nat(), { maxLength: 10 }), (end, at) => {
        const short = bytes.subarray(0, end);
        expect(read(cut(short, at))).toEqual(read([short]));
      }),
      { numRuns: 200 },
    );
  });

  it("names a pcapng interface's link type it does not read, keeping the packets before it", () => {
    const ok = pcapngFile(frames.slice(0, 2));
    const radio = pcapngFile([frames[0]!], 105).subarray(28); // its interface and packet blocks
    const r = read([Buffer.concat([ok, radio])]);
    expect(r.packets.map((p) => p[0])).toEqual([1, 2]);
    expect(r.diags).toEqual([
      `'t' interface 1 (block 5 at byte ${ok.length}) has link type 105 (IEEE 802.11); p4flow reads Ethernet (1), Linux cooked v1 (113) and v2 (276), raw IP (101), raw IPv4 (228) and raw IPv6 (229); the packets before it are used and the file is read no further.`,
    ]);
  });

  it("numbers pcapng packets as frames, whatever blocks come between", () => {
    expect(read([pcapngFile(frames)]).packets.map((p) => p[0])).toEqual([1, 2, 3, 4, 5]);
  });
});
