// The flow dissector example (examples/flow_dissector) against a hand-written C dissector doing
// the same extraction (bench/baseline/flow_dissector.c, checked against the interpreter by
// test/backend/flow-dissector.test.ts): ns/packet from BPF_PROG_TEST_RUN `repeat` above an empty
// flow_dissector program measured in the same rounds, verifier-processed instructions, xlated and
// jited sizes. p4flow is measured twice: building its P4 flow key too (the key map, the default)
// and with --key-output none (only the kernel's flow keys, as the hand-written one). Needs root,
// clang and bpftool; prints figures only.
import { Bench } from "./lib/kernel.mjs";

const bench = new Bench("fd", "flow_dissector");

try {
  const r = bench.example("flow_dissector/flow_dissector.p4");
  const programs = {
    "p4flow (key map too)": bench.generated(r, "fd0", { keyOutput: ["map"] }),
    "p4flow --key-output none": bench.generated(r, "fd1", { keyOutput: [] }),
    "hand-written C": bench.baseline("flow_dissector.c", "hand"),
  };
  const empty = bench.empty("struct __sk_buff", "BPF_OK");

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
    const { floor, ns } = bench.costs(empty, Object.values(programs), hex);
    const hand = ns[labels.indexOf("hand-written C")];
    const ratios = ns.slice(0, -1).map((x) => (x / Math.max(1, hand)).toFixed(2));
    console.log(
      `  ${name}: ${labels.map((l, i) => `${l} ${ns[i]} ns`).join(", ")}; ratio to hand-written ${ratios.join(" / ")} (above an empty program's ${floor} ns; medians of 9 interleaved runs of 100000; aim <= 1.0)`,
    );
  }
  // The kernel's own dissector is measured side by side by bench/bpf-flow.mjs.
  console.log("  (against the kernel's own bpf_flow.c: bench/bpf-flow.mjs)");
} finally {
  bench.close();
}
