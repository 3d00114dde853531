// eBPF figures for the standard, tunnels and Open vSwitch examples, XDP: ns/packet from
// BPF_PROG_TEST_RUN `repeat` minus an empty XDP program measured in the same rounds,
// verifier-processed instructions, xlated and jited sizes, next to the hand-written baselines in
// bench/baseline/ (which the tests check against the interpreter); then the kernel runner's speed.
// Needs root, clang and bpftool; prints figures only.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bench } from "./lib/kernel.mjs";
import {
  buildObject,
  LoadedProgram,
  nativeRunner,
} from "../dist/src/backend-ebpf/kernel-runner.js";
import { DiagnosticSink } from "../dist/src/diagnostics/sink.js";
import { mapNames } from "../dist/src/backend-ebpf/map-names.js";

const packets = {
  "eth/ipv4/tcp":
    "ffffffffffff00112233445508004500002800010000400611e60a0000010a000002003500500000000000000000500220000000000000",
  "eth/vlan/ipv6/udp":
    "ffffffffffff0011223344558100002a86dd60000000000811402001" +
    "0db8000000000000000000000001" +
    "20010db8000000000000000000000002" +
    "003500350008000000000000",
};

const bench = new Bench("xdp", "xdp");
const sizes = (p) => `${p.info.bytes_xlated}/${p.info.bytes_jited}`;

/** An example next to its hand-written baseline: verifier work, sizes, cost per packet. */
function compare(title, rel, base, baseline, cases) {
  const p4 = bench.generated(bench.example(rel), base);
  const hand = bench.baseline(baseline, `${base}hand`);
  console.log(`${title}, XDP (figures from this machine; noisy when shared)`);
  console.log(
    `  verifier-processed instructions: p4flow ${p4.processed}, hand-written ${hand.processed} (limit 1000000)`,
  );
  console.log(`  xlated/jited bytes: p4flow ${sizes(p4)}, hand-written ${sizes(hand)}`);
  for (const [name, hex] of Object.entries(cases)) {
    const { floor, ns } = bench.costs(empty, [p4, hand], hex);
    console.log(
      `  ${name}: parse cost p4flow ${ns[0]} ns, hand-written ${ns[1]} ns, ratio ${(ns[0] / Math.max(1, ns[1])).toFixed(2)} (above an empty program's ${floor} ns; medians of 9 interleaved runs of 100000; aim: ratio <= 1.0)`,
    );
  }
  return p4;
}

let empty;
try {
  empty = bench.empty("struct xdp_md", "XDP_PASS");
  const standard = compare("standard example", "standard.p4", "standard", "standard.c", packets);

  // The tunnels example: no hand-written baseline; its figures next to the standard example's.
  const tun = bench.generated(bench.example("tunnels.p4"), "tunnels");
  console.log("tunnels example, XDP");
  console.log(
    `  verifier-processed instructions ${tun.processed}; xlated/jited bytes ${sizes(tun)}`,
  );
  const vxlan =
    "ffffffffffff001122334455080045000046000100004011f9640a0000010a000002c35312b5003200000800000000002a00" +
    "0202020202020303030303030800450000140001000040067cd0c0a80001c0a80002";
  for (const [name, hex] of Object.entries({ ...packets, "eth/ipv4/udp/vxlan/eth/ipv4": vxlan })) {
    const { ns } = bench.costs(empty, [tun], hex);
    console.log(`  ${name}: parse cost ${ns[0]} ns above the empty program`);
  }

  compare("Open vSwitch example", "ovs/ovs.p4", "ovs", "ovs.c", {
    ...packets,
    "eth/ipv6/icmpv6 neighbour solicitation + source lladdr":
      "333300000001001122334455" +
      "86dd6000000000203aff" +
      "fe800000000000000000000000000001" +
      "ff020000000000000000000000000001" +
      "870000000000000020010db80000000000000000000000090101001122334455",
    "eth/mpls x2/ipv4":
      "ffffffffffff0011223344558847" +
      "00064040" +
      "000c8140" +
      "4500001400010000400600000a0000010a000002",
  });

  // The kernel runner the differential tests use: packets per second through BPF_PROG_TEST_RUN.
  const runSink = new DiagnosticSink();
  const runDir = mkdtempSync(join(tmpdir(), "p4flow-bench-run-"));
  writeFileSync(join(runDir, "standard.h"), standard.built.h);
  writeFileSync(
    join(runDir, "standard.bpf.c"),
    standard.built.c.replace("BPF_MAP_TYPE_PERCPU_ARRAY", "BPF_MAP_TYPE_ARRAY"),
  );
  const runObj = buildObject(runDir, "standard", runSink);
  const loaded =
    runObj && LoadedProgram.load(runObj, "xdp", mapNames("StandardParser").keys, runSink);
  if (!loaded) throw new Error(runSink.diagnostics.map((d) => d.message).join("\n"));
  const many = Array.from({ length: 20000 }, (_, i) =>
    Buffer.from(Object.values(packets)[i % 2], "hex"),
  );
  const t0 = performance.now();
  const results = loaded.run(many, runSink);
  const secs = (performance.now() - t0) / 1000;
  loaded.unload();
  rmSync(runDir, { recursive: true, force: true });
  console.log(
    `kernel runner (${nativeRunner() ? "native" : "bpftool batch"}): ${Math.round(results.length / secs).toLocaleString("en")} packets/s run and read back (aim: 20,000)`,
  );
} finally {
  bench.close();
}
