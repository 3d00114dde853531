// eBPF figures for the standard, tunnels and Open vSwitch examples, XDP: ns/packet from BPF_PROG_TEST_RUN `repeat` minus an
// empty XDP program measured in the same run, verifier-processed instructions, xlated and jited
// sizes. Needs root, clang and bpftool; prints figures only.
import { spawnSync } from "node:child_process";
import { load, nsPerPacket } from "./lib/kernel.mjs";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile } from "../dist/src/compile.js";
import { buildProgram } from "../dist/src/backend-ebpf/build.js";
import {
  buildObject,
  LoadedProgram,
  nativeRunner,
} from "../dist/src/backend-ebpf/kernel-runner.js";
import { DiagnosticSink } from "../dist/src/diagnostics/sink.js";
import { nodeHost } from "../dist/src/node-host.js";

const work = mkdtempSync(join(tmpdir(), "p4flow-bench-"));
const pin = `/sys/fs/bpf/p4flow-bench-${process.pid}`;

try {
  const r = compile({
    file: new URL("../examples/standard.p4", import.meta.url).pathname,
    host: nodeHost(),
    stopAfter: "ir",
  });
  const sink = new DiagnosticSink();
  const built = buildProgram(r.ir, r.layout, "standard", { target: "xdp", object: true }, sink);
  if (!built) throw new Error(sink.diagnostics.map((d) => d.message).join("\n"));
  writeFileSync(join(work, "standard.bpf.o"), built.obj);
  writeFileSync(
    join(work, "empty.bpf.c"),
    '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\nSEC("xdp") int empty(struct xdp_md *ctx) { return XDP_PASS; }\nchar LICENSE[] SEC("license") = "GPL";\n',
  );
  const emptyObj = buildObject(work, "empty", sink);
  if (!emptyObj) throw new Error(sink.diagnostics.map((d) => d.message).join("\n"));
  writeFileSync(join(work, "standard.h"), built.h);
  writeFileSync(
    join(work, "hand.bpf.c"),
    readFileSync(new URL("baseline/standard.c", import.meta.url)),
  );
  const handObj = buildObject(work, "hand", sink);
  if (!handObj) throw new Error(sink.diagnostics.map((d) => d.message).join("\n"));
  const p4 = load(join(work, "standard.bpf.o"), "standard", "xdp", pin);
  const hand = load(handObj, "hand", "xdp", pin);
  const empty = load(emptyObj, "empty", "xdp", pin);
  const packets = {
    "eth/ipv4/tcp":
      "ffffffffffff00112233445508004500002800010000400611e60a0000010a000002003500500000000000000000500220000000000000",
    "eth/vlan/ipv6/udp":
      "ffffffffffff0011223344558100002a86dd60000000000811402001" +
      "0db8000000000000000000000001" +
      "20010db8000000000000000000000002" +
      "003500350008000000000000",
  };
  console.log("standard example, XDP (figures from this machine; noisy when shared)");
  console.log(
    `  verifier-processed instructions: p4flow ${p4.processed}, hand-written ${hand.processed}, empty ${empty.processed} (limit 1000000)`,
  );
  console.log(
    `  xlated/jited bytes: p4flow ${p4.info.bytes_xlated}/${p4.info.bytes_jited}, hand-written ${hand.info.bytes_xlated}/${hand.info.bytes_jited}`,
  );
  for (const [name, hex] of Object.entries(packets)) {
    const pkt = Buffer.from(hex, "hex");
    const [floor, p4ns, handns] = nsPerPacket([empty.path, p4.path, hand.path], pkt, 100000, work);
    const ours = p4ns - floor;
    const base = handns - floor;
    console.log(
      `  ${name}: parse cost p4flow ${ours} ns, hand-written ${base} ns, ratio ${(ours / Math.max(1, base)).toFixed(2)} (above an empty program's ${floor} ns; medians of 9 interleaved runs of 100000; aim: ratio <= 1.0)`,
    );
  }

  // The tunnels example: no hand-written baseline; its figures next to the standard example's.
  const t = compile({
    file: new URL("../examples/tunnels.p4", import.meta.url).pathname,
    host: nodeHost(),
    stopAfter: "ir",
  });
  const tb = buildProgram(t.ir, t.layout, "tunnels", { target: "xdp", object: true }, sink);
  if (!tb) throw new Error(sink.diagnostics.map((d) => d.message).join("\n"));
  writeFileSync(join(work, "tunnels.bpf.o"), tb.obj);
  const tun = load(join(work, "tunnels.bpf.o"), "tunnels", "xdp", pin);
  console.log("tunnels example, XDP");
  console.log(
    `  verifier-processed instructions ${tun.processed}; xlated/jited bytes ${tun.info.bytes_xlated}/${tun.info.bytes_jited}`,
  );
  const vxlan =
    "ffffffffffff001122334455080045000046000100004011f9640a0000010a000002c35312b5003200000800000000002a00" +
    "0202020202020303030303030800450000140001000040067cd0c0a80001c0a80002";
  for (const [name, hex] of Object.entries({ ...packets, "eth/ipv4/udp/vxlan/eth/ipv4": vxlan })) {
    const pkt = Buffer.from(hex, "hex");
    const [floor, ns] = nsPerPacket([empty.path, tun.path], pkt, 100000, work);
    console.log(`  ${name}: parse cost ${ns - floor} ns above the empty program`);
  }

  // The Open vSwitch example against its hand-written baseline (bench/baseline/ovs.c).
  const o = compile({
    file: new URL("../examples/ovs/ovs.p4", import.meta.url).pathname,
    host: nodeHost(),
    stopAfter: "ir",
  });
  const ob = buildProgram(o.ir, o.layout, "ovs", { target: "xdp", object: true }, sink);
  if (!ob) throw new Error(sink.diagnostics.map((d) => d.message).join("\n"));
  writeFileSync(join(work, "ovs.bpf.o"), ob.obj);
  writeFileSync(join(work, "ovs.h"), ob.h);
  writeFileSync(
    join(work, "ovshand.bpf.c"),
    readFileSync(new URL("baseline/ovs.c", import.meta.url)),
  );
  const ovsHandObj = buildObject(work, "ovshand", sink);
  if (!ovsHandObj) throw new Error(sink.diagnostics.map((d) => d.message).join("\n"));
  const ovs = load(join(work, "ovs.bpf.o"), "ovs", "xdp", pin);
  const ovsHand = load(ovsHandObj, "ovshand", "xdp", pin);
  console.log("Open vSwitch example, XDP");
  console.log(
    `  verifier-processed instructions: p4flow ${ovs.processed}, hand-written ${ovsHand.processed}`,
  );
  console.log(
    `  xlated/jited bytes: p4flow ${ovs.info.bytes_xlated}/${ovs.info.bytes_jited}, hand-written ${ovsHand.info.bytes_xlated}/${ovsHand.info.bytes_jited}`,
  );
  const ovsPackets = {
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
  };
  for (const [name, hex] of Object.entries(ovsPackets)) {
    const pkt = Buffer.from(hex, "hex");
    const [floor, p4ns, handns] = nsPerPacket(
      [empty.path, ovs.path, ovsHand.path],
      pkt,
      100000,
      work,
    );
    const ours = p4ns - floor;
    const base = handns - floor;
    console.log(
      `  ${name}: parse cost p4flow ${ours} ns, hand-written ${base} ns, ratio ${(ours / Math.max(1, base)).toFixed(2)} (above an empty program's ${floor} ns; medians of 9 interleaved runs of 100000)`,
    );
  }

  // The kernel runner the differential tests use: packets per second through BPF_PROG_TEST_RUN.
  const runSink = new DiagnosticSink();
  const runDir = mkdtempSync(join(tmpdir(), "p4flow-bench-run-"));
  writeFileSync(join(runDir, "standard.h"), built.h);
  writeFileSync(
    join(runDir, "standard.bpf.c"),
    built.c.replace("BPF_MAP_TYPE_PERCPU_ARRAY", "BPF_MAP_TYPE_ARRAY"),
  );
  const runObj = buildObject(runDir, "standard", runSink);
  const loaded = runObj && LoadedProgram.load(runObj, "xdp", "StandardParser_keys", runSink);
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
  spawnSync("sh", ["-c", `rm -f ${pin}-*`]);
  rmSync(work, { recursive: true, force: true });
}
