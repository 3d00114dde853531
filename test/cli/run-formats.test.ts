// `run`'s per-packet records are written as bytes straight from the key (run-formats.ts); the
// library's decodeKey view formatted by formatJsonl/formatText (and csv from that view) is the
// oracle. Every corpus packet through every example, in every text format and address style,
// gives the same bytes; and `@p4flow_format` decides which fields are addresses.

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
import { keyColumns, packetWriter, type TextFormat } from "../../src/cli/run-formats.js";
import { runCli } from "../support/cli.js";
import { allCorpusPackets } from "../support/packets.js";
import { root } from "../support/captures.js";

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

describe("per-packet records written from key bytes", () => {
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
    const { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync } =
      await import("node:fs");
    const { tmpdir } = await import("node:os");
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
