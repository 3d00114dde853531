// The project's own corpus (test/support/own-corpus.ts): Wireshark, an independent dissector,
// decodes every well-formed capture with no malformed packet and no error-level expert item,
// checksums validated (so the builder's lengths, type fields and checksums are right), and flags
// every packet of malformed.pcap; and the corpus covers what the examples parse: every header of
// standard.p4, tunnels.p4 and flow_dissector.p4 is valid in some packet, every field of the Open
// vSwitch key is set by some packet, and the parser errors each example can raise are raised.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { decodeKey } from "../../src/interp/decode.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import { dissectorEntry } from "../../src/ir/flow-keys.js";
import { nodeHost } from "../../src/node-host.js";
import { build, ethernet, ipv4, tcp } from "../support/packet-builder.js";
import { writePcap } from "../support/pcap-writer.js";
import { ownCorpus } from "../support/own-corpus.js";
import { corpusDirOf, corpusPackets } from "../support/packets.js";
import { tsharkAvailable } from "../support/tshark.js";

const root = join(import.meta.dirname, "..", "..");
const ERROR = 0x00800000; // Wireshark's PI_ERROR severity

/** Per packet: whether Wireshark marked it malformed, and its error-level expert messages. */
function wiresharkErrors(file: string): string[][] {
  const out = execFileSync(
    "tshark",
    [
      "-r",
      file,
      ...["ip", "tcp", "udp"].flatMap((p) => ["-o", `${p}.check_checksum:TRUE`]),
      ...["-o", "sctp.checksum:crc32c", "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE"],
      ...["-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|"],
      ...["-e", "_ws.malformed", "-e", "_ws.expert.severity", "-e", "_ws.expert.message"],
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
  );
  return out
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => {
      const [malformed = "", severities = "", messages = ""] = l.split("\t");
      const sev = severities.split("|");
      const msg = messages.split("|");
      return [
        ...(malformed ? ["malformed"] : []),
        ...sev.flatMap((s, i) => (Number(s) >= ERROR ? [msg[i] ?? "?"] : [])),
      ];
    });
}

describe("the own corpus as Wireshark sees it", () => {
  const dir = corpusDirOf("own");
  for (const c of ownCorpus())
    it(`${c.file}: ${c.wellFormed ? "no malformed packet, no error" : "every packet flagged"}`, (ctx) => {
      if (!tsharkAvailable((m) => ctx.skip(m))) return;
      const errors = wiresharkErrors(join(dir, c.file));
      expect(errors.length).toBe(c.packets.length);
      if (c.wellFormed)
        expect(errors.flatMap((e, i) => e.map((m) => `packet ${i + 1}: ${m}`))).toEqual([]);
      else
        expect(errors.map((e, i) => (e.length > 0 ? "flagged" : `packet ${i + 1}`))).toEqual(
          errors.map(() => "flagged"),
        );
    });

  const scratch = mkdtempSync(join(tmpdir(), "p4flow-i14-corpus-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  it("would notice a wrong checksum (the check validates them)", (ctx) => {
    if (!tsharkAvailable((m) => ctx.skip(m))) return;
    const good = build(ethernet(), ipv4(), tcp({ sport: 1234, dport: 80 }));
    const bad = Uint8Array.from(good);
    bad[14 + 20 + 17]! ^= 0xff; // the TCP checksum's low byte
    const file = join(scratch, "checksum.pcap");
    writeFileSync(file, writePcap([good, bad].map((data, i) => ({ data, timeUs: i }))));
    const errors = wiresharkErrors(file);
    expect(errors[0]).toEqual([]);
    expect(errors[1]!.length).toBeGreaterThan(0);
  });
});

describe("the own corpus covers what the examples parse", () => {
  const packets = corpusPackets("own");
  const run = (file: string) => {
    const r = compile({ file: join(root, "examples", file), host: nodeHost(), stopAfter: "ir" });
    expect(r.ir && r.layout).toBeTruthy();
    const interp = createInterpreter(r.ir!, r.layout!);
    return { layout: r.layout!, keys: packets.map((p) => interp(p).key) };
  };

  for (const [file, errors] of [
    ["standard.p4", ["NoError", "PacketTooShort", "StackOutOfBounds", "HeaderTooShort"]],
    ["tunnels.p4", ["NoError", "PacketTooShort", "StackOutOfBounds", "HeaderTooShort"]],
  ] as const)
    it(`${file}: every header is valid in some packet; errors ${errors.join(", ")} are raised`, () => {
      const { layout, keys } = run(file);
      const views = keys.map((k) => decodeKey(layout, k));
      const valid = new Set(views.flatMap((v) => v.valid));
      expect(layout.headers.map((h) => h.path).filter((h) => !valid.has(h))).toEqual([]);
      const raised = new Set(views.map((v) => v.error));
      expect(errors.filter((e) => !raised.has(e))).toEqual([]);
    });

  it("flow_dissector.p4: every header is valid in some packet (from the network header, under each flag)", () => {
    const r = compile({
      file: join(root, "examples", "flow_dissector", "flow_dissector.p4"),
      host: nodeHost(),
      stopAfter: "ir",
    });
    const dissector = r.ir!.dissector!;
    const interp = createInterpreter(r.ir!, r.layout!);
    const layout = r.layout!;
    const keys = packets
      .filter((p) => p.length >= 14)
      .flatMap((p) =>
        [0, 1, 2, 4].map((flags) => interp(p, dissectorEntry(dissector, p, flags)).key),
      );
    const valid = new Set(keys.flatMap((k) => decodeKey(layout, k).valid));
    expect(layout.headers.map((h) => h.path).filter((h) => !valid.has(h))).toEqual([]);
  });

  it("ovs.p4: every field of the Open vSwitch key is set by some packet", () => {
    const { layout, keys } = run(join("ovs", "ovs.p4"));
    const unset = layout.fields
      .filter((f) => f.slot !== undefined)
      .filter(
        (f) => !keys.some((k) => k.subarray(f.offset, f.offset + f.size).some((b) => b !== 0)),
      )
      .map((f) => f.path);
    expect(unset).toEqual([]);
  });
});
