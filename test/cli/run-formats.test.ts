// `run`'s per-packet records are written as bytes straight from the key (run-formats.ts); the
// library's decodeKey view formatted by formatJsonl/formatText (and csv from that view) is the
// oracle. Every corpus packet through every example, in every text format and address style,
// gives the same bytes; and `@p4flow_format` decides which fields are addresses.

import fc from "fast-check";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { compileInterpreter } from "../../src/interp/compiled.js";
import { AsciiWriter } from "../../src/interp/ascii-writer.js";
import {
  decodeKey,
  fieldTexts,
  formatJsonl,
  formatText,
  type AddressStyle,
} from "../../src/interp/decode.js";
import { dissectorEntry } from "../../src/ir/flow-keys.js";
import { nodeHost } from "../../src/node-host.js";
import {
  civilTime,
  flowWriter,
  isoTime,
  keyColumns,
  packetWriter,
  type FlowCounts,
  type TextFormat,
} from "../../src/cli/run-formats.js";
import { runCli } from "../support/cli.js";
import { allCorpusPackets } from "../support/packets.js";
import { frames, pcapngFile, root } from "../support/captures.js";

const programs = [
  "examples/standard.p4",
  "examples/tunnels.p4",
  "examples/ovs/ovs.p4",
  "examples/flow_dissector/flow_dissector.p4",
];

/** The csv record as the view gives it (the header's columns, empty where not valid). */
function csvOracle(
  layout: Parameters<typeof keyColumns>[0],
  packet: number,
  key: Uint8Array,
  style: AddressStyle,
): string {
  const view = decodeKey(layout, key);
  const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const texts = new Map(fieldTexts(view, style));
  return (
    [
      String(packet),
      view.outcome,
      cell(view.error),
      cell(view.valid.join(" ")),
      ...keyColumns(layout).map((f) => cell(texts.get(f.path) ?? "")),
    ].join(",") + "\n"
  );
}

/** A flow's record as the view gives it (as `run --aggregate` printed flows before). */
function flowOracle(
  format: TextFormat,
  layout: Parameters<typeof keyColumns>[0],
  rank: number,
  flow: FlowCounts,
  key: Uint8Array,
  style: AddressStyle,
): string {
  const view = decodeKey(layout, key);
  const fields = fieldTexts(view, style);
  const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const [first, last] = [isoTime(flow.first), isoTime(flow.last)];
  switch (format) {
    case "text": {
      const width = Math.max(0, ...fields.map(([p]) => p.length));
      return (
        `flow ${rank}: ${flow.packets} packets, ${flow.bytes} bytes, ${first} to ${last}; ` +
        `${view.outcome}${view.error === "NoError" ? "" : ` (${view.error})`}; valid: ${view.valid.join(", ") || "none"}\n` +
        fields.map(([p, v]) => `  ${p.padEnd(width)}  ${v}\n`).join("")
      );
    }
    case "jsonl":
      return (
        JSON.stringify({
          flow: rank,
          packets: flow.packets,
          bytes: flow.bytes,
          first,
          last,
          outcome: view.outcome,
          error: view.error,
          valid: view.valid,
          fields: Object.fromEntries(fields),
        }) + "\n"
      );
    case "csv": {
      const texts = new Map(fields);
      return (
        [
          String(rank),
          String(flow.packets),
          String(flow.bytes),
          first,
          last,
          view.outcome,
          cell(view.error),
          cell(view.valid.join(" ")),
          ...keyColumns(layout).map((f) => cell(texts.get(f.path) ?? "")),
        ].join(",") + "\n"
      );
    }
  }
}

describe("records written from key bytes", () => {
  it.each(programs)(
    "%s: every corpus packet, every format and style, as the view prints it",
    (file) => {
      const r = compile({ file: join(root, file), host: nodeHost(), stopAfter: "ir" });
      const { ir, layout } = r;
      expect(ir && layout).toBeTruthy();
      const run = compileInterpreter(ir!, layout!);
      const packets = allCorpusPackets();
      // Keys back to back in one buffer, at offsets that are not multiples of 8.
      const size = layout!.size;
      const keys = new Uint8Array(3 + packets.length * size);
      packets.forEach((p, i) => {
        const entry = ir!.dissector ? dissectorEntry(ir!.dissector, p, 0) : undefined;
        keys.set(run(p, entry).key, 3 + i * size);
      });
      const oracle: Record<
        TextFormat,
        (n: number, key: Uint8Array, style: AddressStyle) => string
      > = {
        jsonl: (n, key, style) => formatJsonl(n, decodeKey(layout!, key), style),
        text: (n, key, style) => formatText(n, decodeKey(layout!, key), style),
        csv: (n, key, style) => csvOracle(layout!, n, key, style),
      };
      for (const format of ["jsonl", "text", "csv"] as const)
        for (const style of ["raw", "readable"] as const) {
          const write = packetWriter(format, layout!, style);
          const w = new AsciiWriter();
          let want = "";
          packets.forEach((_, i) => {
            write(w, keys, 3 + i * size, i + 1);
            want += oracle[format](i + 1, keys.subarray(3 + i * size, 3 + (i + 1) * size), style);
          });
          expect(Buffer.from(w.take()).toString("latin1"), `${format} ${style}`).toBe(want);
          // Flow records likewise (--aggregate), with counts and times of every size.
          const writeFlow = flowWriter(format, layout!, style);
          let wantFlows = "";
          packets.forEach((_, i) => {
            const flow: FlowCounts = {
              packets: i + 1,
              bytes: 60 * i + 2 ** (i % 40),
              first: { seconds: 1_700_000_000 + i, nanos: (i * 7919) % 1e9 },
              last: { seconds: 1_700_000_000 + 3 * i, nanos: (i * 104729) % 1e9 },
            };
            writeFlow(w, i + 1, flow, keys, 3 + i * size);
            const key = keys.subarray(3 + i * size, 3 + (i + 1) * size);
            wantFlows += flowOracle(format, layout!, i + 1, flow, key, style);
          });
          expect(Buffer.from(w.take()).toString("latin1"), `flows ${format} ${style}`).toBe(
            wantFlows,
          );
        }
    },
  );
});

describe("@p4flow_format", () => {
  const program = `#include <core.p4>
#include <p4flow.p4>
header eth_t {
    @p4flow_format("mac") bit<48> a;
    bit<48> src;
    @p4flow_format("number") bit<48> dst;
    @p4flow_format("ipv4") bit<16> bad;
    @p4flow_format("fancy") bit<16> t;
}
struct key_t { eth_t eth; }
struct meta_t { @p4flow_format("ipv4") bit<32> x; bit<32> y; }
parser P(packet_in pkt, out key_t key, inout meta_t meta) {
    state start { pkt.extract(key.eth); meta.x = 0x0a000001; meta.y = 5; transition accept; }
}
FlowExtract(P()) main;
`;
  it("marks a field an address, or never one, whatever its name; warns about a bad one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "p4flow-s5-17-format-"));
    try {
      const file = join(dir, "prog.p4");
      writeFileSync(file, program);
      const frame = "020000000001" + "020000000002" + "020000000003" + "0800" + "aaaa";
      const r = await runCli(["run", file, "--hex", frame]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/key\.eth\.a +02:00:00:00:00:01\n/);
      // By its name, as before.
      expect(r.stdout).toMatch(/key\.eth\.src +02:00:00:00:00:02\n/);
      expect(r.stdout).toMatch(/key\.eth\.dst +0x020000000003\n/);
      expect(r.stdout).toMatch(/key\.eth\.bad +2048\n/);
      expect(r.stdout).toMatch(/meta\.x +10\.0\.0\.1\n/);
      expect(r.stdout).toMatch(/meta\.y +5\n/);
      expect(r.stderr).toContain(
        `warning P4F4112[bad-field-format]: The @p4flow_format annotation on 'bad' is left out: "ipv4" is for a bit<32> field.`,
      );
      expect(r.stderr).toContain(
        `warning P4F4112[bad-field-format]: The @p4flow_format annotation on 't' is left out: it takes one of "ipv4", "ipv6", "mac" or "number".`,
      );
      // The layout says so, only where the program does.
      const out = join(dir, "out");
      expect((await runCli([file, "--emit", "json", "-o", out])).code).toBe(0);
      const name = readdirSync(out).find((f) => f.endsWith(".layout.json"))!;
      const layout = JSON.parse(readFileSync(join(out, name), "utf8"));
      const format = (path: string) =>
        layout.fields.find((f: { path: string }) => f.path === path)?.format;
      expect([format("key.eth.a"), format("key.eth.src"), format("key.eth.dst")]).toEqual([
        "mac",
        undefined,
        "number",
      ]);
      expect([format("key.eth.bad"), format("meta.x"), format("meta.y")]).toEqual([
        undefined,
        "ipv4",
        undefined,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("flow timestamps", () => {
  it("are the calendar's dates wherever a Date reaches, including leap days and year 10000+", () => {
    const viaDate = (s: number) => new Date(s * 1000).toISOString().slice(0, -5);
    for (const s of [0, 951782400, 951868799, 253402300799, 253402300800, 8.64e12 - 1])
      expect(civilTime(s)).toBe(viaDate(s));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8.64e12 - 1 }), (s) => civilTime(s) === viaDate(s)),
      { numRuns: 5000 },
    );
    expect(isoTime({ seconds: 8.64e12 - 1, nanos: 5 })).toBe("+275760-09-12T23:59:59.000000005Z");
  });

  it("beyond year 275,760 (a pcapng timestamp's high word all ones) are written, not a crash", async () => {
    const dir = mkdtempSync(join(tmpdir(), "p4flow-far-time-"));
    try {
      const file = join(dir, "far.pcapng");
      writeFileSync(file, pcapngFile(frames.slice(0, 2), 1, 0xffffffff));
      const args = ["run", "examples/standard.p4", "--pcap", file, "--aggregate", "--jobs", "1"];
      // Ticks 0xffffffff * 2^32 + 10^6 (k + 1) microseconds: 18,446,744,069,415 + k seconds.
      const jsonl = await runCli([...args, "--format", "jsonl"], root);
      expect(jsonl.stderr).toBe("");
      expect(jsonl.code).toBe(0);
      const flows = jsonl.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(flows.map((f) => [f.first, f.last])).toEqual([
        ["+586524-01-19T06:50:15.584320000Z", "+586524-01-19T06:50:15.584320000Z"],
        ["+586524-01-19T06:50:16.584320000Z", "+586524-01-19T06:50:16.584320000Z"],
      ]);
      const csv = await runCli([...args, "--format", "csv"], root);
      expect(csv.code).toBe(0);
      expect(csv.stdout).toContain(",+586524-01-19T06:50:15.584320000Z,");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
