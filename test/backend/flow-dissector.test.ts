// The flow_dissector target on examples/flow_dissector: test vectors for each protocol case and
// every flag, with the struct bpf_flow_keys the kernel returns (BPF_PROG_TEST_RUN's data_out)
// checked against values written out by hand; then the kernel against the interpreter on the
// vectors, the corpus, truncations and random packets, for the flow keys, the key map and the
// verdict.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { renderText } from "../../src/diagnostics/render-text.js";
import { buildObject, LoadedProgram } from "../../src/backend-ebpf/kernel-runner.js";
import { dissectorEntry, FLOW_DISSECTOR_FLAGS, FLOW_KEYS_FIELDS } from "../../src/ir/flow-keys.js";
import { flowKeysValues, kernelFlowKeys } from "../../src/interp/flow-keys.js";
import { compileInterpreter } from "../../src/interp/compiled.js";
import { nodeHost } from "../../src/node-host.js";
import { kernelAvailable } from "../support/kernel.js";
import { buildInKernel, compareWithInterpreter, type Built } from "../support/kernel-compare.js";
import {
  allCorpusPackets,
  biasedPackets,
  corpora,
  corpusPackets,
  type CorpusName,
} from "../support/packets.js";
import {
  bytes,
  ether,
  gre,
  icmp,
  ipv4,
  ipv6,
  ipv6Fragment,
  ipv6Options,
  mplsLabel,
  tcp,
  udp,
  v6,
  vlanTag,
} from "../support/frames.js";

const file = join(
  import.meta.dirname,
  "..",
  "..",
  "examples",
  "flow_dissector",
  "flow_dissector.p4",
);

const baselineSource = join(
  import.meta.dirname,
  "..",
  "..",
  "bench",
  "baseline",
  "flow_dissector.c",
);

const { PARSE_1ST_FRAG, STOP_AT_FLOW_LABEL, STOP_AT_ENCAP } = FLOW_DISSECTOR_FLAGS;
const BPF_OK = 0;
const BPF_DROP = 2;

type Fields = Record<string, number | bigint>;

/** The flow keys as numbers (addresses as bigints), from the 56 bytes of the C struct. */
function decode(b: Uint8Array): Fields {
  const out: Fields = {};
  for (const f of FLOW_KEYS_FIELDS) {
    let v = 0n;
    for (let i = 0; i < f.size; i++)
      v = (v << 8n) | BigInt(b[f.offset + (f.order === "host" ? f.size - 1 - i : i)]!);
    out[f.name] = f.size > 4 ? v : Number(v);
  }
  return out;
}

const addr = (last: number) => BigInt("0x" + Buffer.from(v6(last)).toString("hex"));

interface Vector {
  readonly name: string;
  readonly frame: Uint8Array;
  /** What the kernel must return for the flags; fields not named are zero (flags: the flags). */
  expect(flags: number): { verdict: number; fields: Fields };
}

const v4 = (src = 0x0a000001, dst = 0x0a000002) => ({
  addr_proto: 0x0800,
  ipv4_src: src,
  ipv4_dst: dst,
  ipv6_src: (BigInt(src) << 96n) | (BigInt(dst) << 64n),
});
// The two families share the union's bytes: ipv4_src/ipv4_dst read the IPv6 source's first half.
const v6addrs = (src = 1, dst = 2) => ({
  addr_proto: 0x86dd,
  ipv4_src: 0x20010db8,
  ipv4_dst: 0,
  ipv6_src: addr(src),
  ipv6_dst: addr(dst),
});
const ok = (fields: Fields) => ({ verdict: BPF_OK, fields });

const vectors: Vector[] = [
  {
    name: "IPv4/TCP",
    frame: bytes(ether(0x0800), ipv4({ proto: 6 }), tcp(1234, 80)),
    expect: () =>
      ok({ nhoff: 14, thoff: 34, n_proto: 0x0800, ip_proto: 6, sport: 1234, dport: 80, ...v4() }),
  },
  {
    name: "IPv4 with 8 bytes of options / UDP",
    frame: bytes(ether(0x0800), ipv4({ proto: 17, options: 8 }), udp(53, 5353)),
    expect: () =>
      ok({ nhoff: 14, thoff: 42, n_proto: 0x0800, ip_proto: 17, sport: 53, dport: 5353, ...v4() }),
  },
  {
    name: "IPv4 first fragment / UDP",
    frame: bytes(ether(0x0800), ipv4({ proto: 17, moreFragments: true }), udp(7, 9)),
    expect: (f) =>
      ok({
        nhoff: 14,
        thoff: 34,
        n_proto: 0x0800,
        ip_proto: 17,
        is_frag: 1,
        is_first_frag: 1,
        ...(f & PARSE_1ST_FRAG ? { sport: 7, dport: 9 } : {}),
        ...v4(),
      }),
  },
  {
    name: "IPv4 later fragment",
    frame: bytes(ether(0x0800), ipv4({ proto: 17, fragOffset: 100 }), udp(7, 9)),
    expect: () => ok({ nhoff: 14, thoff: 34, n_proto: 0x0800, ip_proto: 17, is_frag: 1, ...v4() }),
  },
  {
    name: "802.1Q / IPv4 / UDP",
    frame: bytes(ether(0x8100), vlanTag(10, 0x0800), ipv4({ proto: 17 }), udp(1, 2)),
    expect: () =>
      ok({ nhoff: 18, thoff: 38, n_proto: 0x0800, ip_proto: 17, sport: 1, dport: 2, ...v4() }),
  },
  {
    name: "QinQ (802.1ad + 802.1Q) / IPv6 / TCP",
    frame: bytes(
      ether(0x88a8),
      vlanTag(100, 0x8100),
      vlanTag(10, 0x86dd),
      ipv6({ next: 6 }),
      tcp(4000, 443),
    ),
    expect: () =>
      ok({
        nhoff: 22,
        thoff: 62,
        n_proto: 0x86dd,
        ip_proto: 6,
        sport: 4000,
        dport: 443,
        ...v6addrs(),
      }),
  },
  {
    name: "three VLAN tags",
    frame: bytes(
      ether(0x88a8),
      vlanTag(1, 0x8100),
      vlanTag(2, 0x8100),
      vlanTag(3, 0x0800),
      ipv4({ proto: 6 }),
    ),
    expect: () => ({ verdict: BPF_DROP, fields: { nhoff: 22, thoff: 22, n_proto: 0x8100 } }),
  },
  {
    name: "IPv6 with a flow label / UDP",
    frame: bytes(ether(0x86dd), ipv6({ next: 17, flowLabel: 0x12345 }), udp(1000, 2000)),
    expect: (f) =>
      ok({
        nhoff: 14,
        thoff: 54,
        n_proto: 0x86dd,
        ip_proto: 17,
        flow_label: 0x12345,
        ...(f & STOP_AT_FLOW_LABEL ? {} : { sport: 1000, dport: 2000 }),
        ...v6addrs(),
      }),
  },
  {
    name: "IPv6 hop-by-hop + destination options / TCP",
    frame: bytes(
      ether(0x86dd),
      ipv6({ next: 0 }),
      ipv6Options(60),
      ipv6Options(6, 1),
      tcp(22, 2222),
    ),
    expect: () =>
      ok({
        nhoff: 14,
        thoff: 78,
        n_proto: 0x86dd,
        ip_proto: 6,
        sport: 22,
        dport: 2222,
        ...v6addrs(),
      }),
  },
  {
    name: "IPv6 first fragment / UDP",
    frame: bytes(ether(0x86dd), ipv6({ next: 44 }), ipv6Fragment(17, 0, true), udp(5, 6)),
    expect: (f) =>
      ok({
        nhoff: 14,
        thoff: 62,
        n_proto: 0x86dd,
        ip_proto: 17,
        is_frag: 1,
        is_first_frag: 1,
        ...(f & PARSE_1ST_FRAG ? { sport: 5, dport: 6 } : {}),
        ...v6addrs(),
      }),
  },
  {
    name: "IPv6 later fragment",
    frame: bytes(ether(0x86dd), ipv6({ next: 44 }), ipv6Fragment(17, 185, false), udp(5, 6)),
    expect: () =>
      ok({ nhoff: 14, thoff: 62, n_proto: 0x86dd, ip_proto: 17, is_frag: 1, ...v6addrs() }),
  },
  {
    name: "MPLS, two labels / IPv4 / TCP",
    frame: bytes(
      ether(0x8847),
      mplsLabel(100, false),
      mplsLabel(200, true),
      ipv4({ proto: 6 }),
      tcp(1, 2),
    ),
    expect: () =>
      ok({ nhoff: 22, thoff: 42, n_proto: 0x0800, ip_proto: 6, sport: 1, dport: 2, ...v4() }),
  },
  {
    name: "IPv4 in IPv4 / UDP",
    frame: bytes(
      ether(0x0800),
      ipv4({ proto: 4 }),
      ipv4({ proto: 17, src: 0xc0a80001, dst: 0xc0a80002 }),
      udp(111, 222),
    ),
    expect: (f) =>
      f & STOP_AT_ENCAP
        ? ok({ nhoff: 14, thoff: 34, n_proto: 0x0800, ip_proto: 4, is_encap: 1, ...v4() })
        : ok({
            nhoff: 34,
            thoff: 54,
            n_proto: 0x0800,
            ip_proto: 17,
            is_encap: 1,
            sport: 111,
            dport: 222,
            ...v4(0xc0a80001, 0xc0a80002),
          }),
  },
  {
    name: "IPv6 in IPv4 / TCP",
    frame: bytes(ether(0x0800), ipv4({ proto: 41 }), ipv6({ next: 6, src: 9, dst: 10 }), tcp(3, 4)),
    expect: (f) =>
      f & STOP_AT_ENCAP
        ? ok({ nhoff: 14, thoff: 34, n_proto: 0x0800, ip_proto: 41, is_encap: 1, ...v4() })
        : ok({
            nhoff: 34,
            thoff: 74,
            n_proto: 0x86dd,
            ip_proto: 6,
            is_encap: 1,
            sport: 3,
            dport: 4,
            ...v4(),
            ...v6addrs(9, 10),
          }),
  },
  {
    name: "GRE with checksum, key and sequence / IPv4 / UDP",
    frame: bytes(
      ether(0x0800),
      ipv4({ proto: 47 }),
      gre({ proto: 0x0800, checksum: true, key: true, sequence: true }),
      ipv4({ proto: 17, src: 0xac100001, dst: 0xac100002 }),
      udp(4789, 99),
    ),
    expect: (f) =>
      f & STOP_AT_ENCAP
        ? ok({ nhoff: 14, thoff: 50, n_proto: 0x0800, ip_proto: 47, is_encap: 1, ...v4() })
        : ok({
            nhoff: 50,
            thoff: 70,
            n_proto: 0x0800,
            ip_proto: 17,
            is_encap: 1,
            sport: 4789,
            dport: 99,
            ...v4(0xac100001, 0xac100002),
          }),
  },
  {
    name: "GRE transparent Ethernet bridging / IPv6 / UDP",
    frame: bytes(
      ether(0x86dd),
      ipv6({ next: 47 }),
      gre({ proto: 0x6558, key: true }),
      ether(0x86dd),
      ipv6({ next: 17, src: 5, dst: 6 }),
      udp(8, 9),
    ),
    expect: (f) =>
      f & STOP_AT_ENCAP
        ? ok({ nhoff: 14, thoff: 62, n_proto: 0x86dd, ip_proto: 47, is_encap: 1, ...v6addrs() })
        : ok({
            nhoff: 76,
            thoff: 116,
            n_proto: 0x86dd,
            ip_proto: 17,
            is_encap: 1,
            sport: 8,
            dport: 9,
            ...v6addrs(5, 6),
          }),
  },
  {
    name: "GRE version 1 is not looked into",
    frame: bytes(
      ether(0x0800),
      ipv4({ proto: 47 }),
      gre({ proto: 0x880b, version: 1 }),
      new Uint8Array(8),
    ),
    expect: () => ok({ nhoff: 14, thoff: 34, n_proto: 0x0800, ip_proto: 47, ...v4() }),
  },
  {
    name: "ICMP",
    frame: bytes(ether(0x0800), ipv4({ proto: 1 }), icmp(8, 0)),
    expect: () => ok({ nhoff: 14, thoff: 34, n_proto: 0x0800, ip_proto: 1, ...v4() }),
  },
  {
    name: "TCP header length below 20 bytes",
    frame: bytes(ether(0x0800), ipv4({ proto: 6 }), tcp(1, 2, 4)),
    expect: () => ({
      verdict: BPF_DROP,
      fields: { nhoff: 14, thoff: 34, n_proto: 0x0800, ip_proto: 6, ...v4() },
    }),
  },
  {
    name: "IPv4 header cut short",
    frame: bytes(ether(0x0800), ipv4({ proto: 6 }).subarray(0, 12)),
    expect: () => ({ verdict: BPF_DROP, fields: { nhoff: 14, thoff: 14, n_proto: 0x0800 } }),
  },
  {
    name: "IPv4 header length below 5",
    frame: bytes(ether(0x0800), ipv4({ proto: 6, ihl: 4 }), tcp(1, 2)),
    expect: () => ({ verdict: BPF_DROP, fields: { nhoff: 14, thoff: 14, n_proto: 0x0800 } }),
  },
  {
    name: "an EtherType the dissector does not know (LLDP)",
    frame: bytes(ether(0x88cc), new Uint8Array(30)),
    expect: () => ({ verdict: BPF_DROP, fields: { nhoff: 14, thoff: 14, n_proto: 0x88cc } }),
  },
];

const ALL_FLAGS = [0, 1, 2, 3, 4, 5, 6, 7];

type Case = { packet: Uint8Array; flags: number };
/** Every vector under every flag, cut at every length from the Ethernet header on. */
const vectorCuts = (): Case[] =>
  vectors.flatMap((v) =>
    ALL_FLAGS.flatMap((flags) =>
      Array.from({ length: v.frame.length - 13 }, (_, n) => ({
        packet: v.frame.subarray(0, 14 + n),
        flags,
      })),
    ),
  );
/** Every packet of a corpus (default: every corpus present) under every flag. */
const corpusCases = (corpus?: CorpusName): Case[] =>
  (corpus ? corpusPackets(corpus) : allCorpusPackets()).flatMap((packet) =>
    ALL_FLAGS.map((flags) => ({ packet, flags })),
  );
/** Random packets biased toward the program's select values, flags in turn. */
const randomCases = (ir: Parameters<typeof biasedPackets>[0]): Case[] =>
  biasedPackets(ir, 10_000).map((packet, i) => ({ packet, flags: i % 8 }));

describe("flow_dissector: examples/flow_dissector in the kernel", () => {
  let b: Built | undefined;
  const get = () => (b ??= buildInKernel({ file, host: nodeHost() }, { target: "flow_dissector" }));
  afterAll(() => b?.close());

  /** Runs each (packet, flags) pair in the kernel. */
  const run = (cases: readonly { packet: Uint8Array; flags: number }[], prog = get().prog) => {
    const sink = new DiagnosticSink();
    const out = prog.run(
      cases.map((c) => c.packet),
      sink,
      cases.map((c) => c.flags),
    );
    expect(renderText(sink.diagnostics)).toBe("");
    expect(out.length).toBe(cases.length);
    return out;
  };

  it("returns the hand-written flow keys for every test vector and every flag", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const cases = vectors.flatMap((v) => ALL_FLAGS.map((flags) => ({ v, flags, packet: v.frame })));
    const results = run(cases);
    const wrong: string[] = [];
    cases.forEach(({ v, flags }, i) => {
      const r = results[i];
      const want = v.expect(flags);
      const fields: Fields = {};
      for (const f of FLOW_KEYS_FIELDS) fields[f.name] = f.size > 4 ? 0n : 0;
      Object.assign(fields, want.fields, { flags });
      const got = r?.flowKeys ? decode(r.flowKeys) : undefined;
      const same =
        r?.retval === want.verdict && JSON.stringify(got, big) === JSON.stringify(fields, big);
      if (!same)
        wrong.push(
          `${v.name}, flags ${flags}: verdict ${r?.retval} (want ${want.verdict})\n  got  ${JSON.stringify(got, big)}\n  want ${JSON.stringify(fields, big)}`,
        );
    });
    expect(wrong).toEqual([]);
  });

  /**
   * The kernel's flow keys, key and verdict against the interpreter's, for each (packet, flags).
   * With `other`, that program runs instead of the generated one (the hand-written C dissector,
   * or one built without a key): its flow keys and verdicts must be the interpreter's too.
   */
  const differences = (cases: readonly Case[], other?: LoadedProgram) =>
    compareWithInterpreter(
      get(),
      cases.map((c) => c.packet),
      cases.map((c) => c.flags),
      other,
    );

  it("equals the interpreter on every vector, every flag and every truncation of the vectors", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const cases = vectorCuts();
    expect(differences(cases)).toEqual([]);
  });

  for (const corpus of corpora)
    it(`equals the interpreter on the ${corpus} corpus with each flag`, (ctx) => {
      if (!kernelAvailable((m) => ctx.skip(m))) return;
      const cases = corpusCases(corpus);
      expect(differences(cases)).toEqual([]);
    });

  it("equals the interpreter on every truncation of the corpora (first 120 bytes)", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const cases = allCorpusPackets().flatMap((p, i) =>
      Array.from({ length: Math.min(p.length, 120) + 1 }, (_, n) => ({
        packet: p.subarray(0, n),
        flags: i % 8,
      })),
    );
    expect(differences(cases)).toEqual([]);
  });

  it("equals the interpreter on 10,000 random packets biased toward its select values", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const cases = randomCases(get().ir);
    expect(differences(cases)).toEqual([]);
  });

  describe("the benchmark's hand-written baseline (bench/baseline/flow_dissector.c)", () => {
    let hand: LoadedProgram | undefined;
    const work = mkdtempSync(join(tmpdir(), "p4flow-hand-dissector-"));
    afterAll(() => {
      hand?.unload();
      rmSync(work, { recursive: true, force: true });
    });
    const load = () => {
      if (hand) return hand;
      writeFileSync(join(work, "hand.bpf.c"), readFileSync(baselineSource));
      const sink = new DiagnosticSink();
      const obj = buildObject(work, "hand", sink);
      hand = obj ? LoadedProgram.load(obj, "flow_dissector", "hand_keys", sink) : undefined;
      expect(renderText(sink.diagnostics)).toBe("");
      return hand!;
    };

    it("does what the P4 program does on the vectors, flags and truncations", (ctx) => {
      if (!kernelAvailable((m) => ctx.skip(m))) return;
      const cases = vectorCuts();
      expect(differences(cases, load())).toEqual([]);
    });

    it("does what the P4 program does on the corpus and 10,000 random packets", (ctx) => {
      if (!kernelAvailable((m) => ctx.skip(m))) return;
      const cases = [...corpusCases(), ...randomCases(get().ir)];
      expect(differences(cases, load())).toEqual([]);
    });
  });

  describe("with --key-output none (only the kernel's flow keys)", () => {
    let lean: Built | undefined;
    const load = () =>
      (lean ??= buildInKernel(
        { file, host: nodeHost() },
        { target: "flow_dissector", keyOutput: [] },
      ));
    afterAll(() => lean?.close());

    it("fills the same flow keys on the vectors, flags, truncations, corpus and random packets", (ctx) => {
      if (!kernelAvailable((m) => ctx.skip(m))) return;
      const cases = [...vectorCuts(), ...corpusCases(), ...randomCases(get().ir)];
      expect(differences(cases, load().prog)).toEqual([]);
    });
  });

  it("would notice a difference: the interpreter run with other flags disagrees", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const built = get();
    const tunnels = vectors.filter((v) => /GRE with|in IPv4/.test(v.name)).map((v) => v.frame);
    const results = run(tunnels.map((packet) => ({ packet, flags: 0 })));
    const interp = compileInterpreter(built.ir, built.layout);
    tunnels.forEach((packet, i) => {
      const entry = dissectorEntry(built.ir.dissector!, packet, STOP_AT_ENCAP);
      const values = flowKeysValues(built.layout, built.ir.dissector!, interp(packet, entry).key);
      const model = kernelFlowKeys(values, 14, packet.length);
      expect(Buffer.from(model).equals(Buffer.from(results[i]!.flowKeys!))).toBe(false);
    });
  });
});

function big(_: string, v: unknown): unknown {
  return typeof v === "bigint" ? `0x${v.toString(16)}` : v;
}
