// The flow dissector example (examples/flow_dissector) against a hand-written C dissector doing
// the same extraction (bench/baseline/flow_dissector.c, checked against the interpreter by
// test/backend/flow-dissector.test.ts): ns/packet from BPF_PROG_TEST_RUN `repeat` above an empty
// flow_dissector program measured in the same rounds, verifier-processed instructions, xlated and
// jited sizes. p4flow is measured twice: building its P4 flow key too (the key map, the default)
// and with --key-output none (only the kernel's flow keys, as the hand-written one). Needs root,
// clang and bpftool; prints figures only.
import { spawnSync } from "node:child_process";
import { load, nsPerPacket } from "./lib/kernel.mjs";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile } from "../dist/src/compile.js";
import { buildProgram } from "../dist/src/backend-ebpf/build.js";
import { buildObject } from "../dist/src/backend-ebpf/kernel-runner.js";
import { DiagnosticSink } from "../dist/src/diagnostics/sink.js";
import { nodeHost } from "../dist/src/node-host.js";

const work = mkdtempSync(join(tmpdir(), "p4flow-bench-fd-"));
const pin = `/sys/fs/bpf/p4flow-bench-fd-${process.pid}`;
const fail = (sink) => {
  throw new Error(sink.diagnostics.map((d) => d.message).join("\n"));
};

try {
  const sink = new DiagnosticSink();
  const r = compile({
    file: new URL("../examples/flow_dissector/flow_dissector.p4", import.meta.url).pathname,
    host: nodeHost(),
    stopAfter: "ir",
  });
  if (!r.ir) fail({ diagnostics: r.diagnostics });
  const variants = { "p4flow (key map too)": ["map"], "p4flow --key-output none": [] };
  const programs = {};
  for (const [label, keyOutput] of Object.entries(variants)) {
    const base = `fd${Object.keys(programs).length}`;
    const built = buildProgram(
      r.ir,
      r.layout,
      base,
      { target: "flow_dissector", keyOutput, object: true },
      sink,
    );
    if (!built) fail(sink);
    writeFileSync(join(work, `${base}.bpf.o`), built.obj);
    programs[label] = load(join(work, `${base}.bpf.o`), base, "flow_dissector", pin);
  }
  writeFileSync(
    join(work, "hand.bpf.c"),
    readFileSync(new URL("baseline/flow_dissector.c", import.meta.url)),
  );
  const handObj = buildObject(work, "hand", sink);
  writeFileSync(
    join(work, "empty.bpf.c"),
    '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\nSEC("flow_dissector") int empty(struct __sk_buff *ctx) { return BPF_OK; }\nchar LICENSE[] SEC("license") = "GPL";\n',
  );
  const emptyObj = buildObject(work, "empty", sink);
  if (!handObj || !emptyObj) fail(sink);
  programs["hand-written C"] = load(handObj, "hand", "flow_dissector", pin);
  const empty = load(emptyObj, "empty", "flow_dissector", pin);

  console.log(
    "flow dissector example, flow_dissector (figures from this machine; noisy when shared)",
  );
  for (const [label, p] of Object.entries(programs))
    console.log(
      `  ${label}: verifier-processed instructions ${p.processed}, xlated/jited bytes ${p.info.bytes_xlated}/${p.info.bytes_jited}`,
    );
  const packets = {
    "eth/ipv4/tcp":
      "ffffffffffff00112233445508004500002800010000400611e60a0000010a000002003500500000000000000000500220000000000000",
    "eth/vlan/ipv6/udp":
      "ffffffffffff0011223344558100002a86dd600000000008114020010db8000000000000000000000001" +
      "20010db8000000000000000000000002003500350008000000000000",
    "eth/ipv4/gre(csum,key,seq)/ipv4/udp":
      "ffffffffffff00112233445508004500004400010000402f00000a0000010a000002" +
      "b0000800000000001111111122222222" +
      "4500001c00010000401100000a0000030a000004300012b500080000",
    "eth/ipv6/hop-by-hop/fragment/udp":
      "ffffffffffff00112233445586dd6000000000180040" +
      "20010db8000000000000000000000001" +
      "20010db8000000000000000000000002" +
      "2c000000000000001100000100000007" +
      "0035003500080000",
  };
  const labels = Object.keys(programs);
  for (const [name, hex] of Object.entries(packets)) {
    const pkt = Buffer.from(hex, "hex");
    const [floor, ...ns] = nsPerPacket(
      [empty.path, ...labels.map((l) => programs[l].path)],
      pkt,
      100000,
      work,
    );
    const cost = ns.map((x) => x - floor);
    const hand = cost[labels.indexOf("hand-written C")];
    console.log(
      `  ${name}: ${labels.map((l, i) => `${l} ${cost[i]} ns`).join(", ")}; ratio to hand-written ${labels
        .filter((l) => l !== "hand-written C")
        .map((l) => (cost[labels.indexOf(l)] / Math.max(1, hand)).toFixed(2))
        .join(
          " / ",
        )} (above an empty program's ${floor} ns; medians of 9 interleaved runs of 100000; aim <= 1.0)`,
    );
  }
  console.log(
    "  (the kernel's own BPF flow dissector, tools/testing/selftests/bpf/progs/bpf_flow.c, is not bundled: it needs its tail-call table filled and is not ours to copy)",
  );
} finally {
  spawnSync("sh", ["-c", `rm -f ${pin}-*`]);
  rmSync(work, { recursive: true, force: true });
}
