// `p4flow run` end to end on a large generated capture (scripts/gen-capture.mjs; default 300,000
// frames of 128 bytes, BENCH_PACKETS to change it): packets per second, start-up included, for
// one worker and for every core, per output format and with --aggregate, next to
// `tshark -T fields` extracting the same fields from the same capture. Prints figures and ratios;
// the aims (3 million packets/s per core with --aggregate, 30 times tshark) are not tests.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const packets = Number(process.env.BENCH_PACKETS ?? 300_000);
const dir = mkdtempSync(join(tmpdir(), "p4flow-bench-captures-"));
const capture = join(dir, "bench.pcap");
const cores = availableParallelism();

function seconds(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return s;
}

try {
  seconds(process.execPath, [
    "scripts/gen-capture.mjs",
    "--packets",
    String(packets),
    "--out",
    capture,
  ]);
  const mb = statSync(capture).size / 1e6;
  console.log(
    `capture: ${packets.toLocaleString("en-US")} packets, ${mb.toFixed(0)} MB; ${cores} cores; load average ${loadavg()[0].toFixed(1)} (a shared machine makes these figures noisy)`,
  );
  const fields = [
    "eth.dst",
    "eth.src",
    "vlan.id",
    "ip.src",
    "ip.dst",
    "ip.proto",
    "ipv6.src",
    "ipv6.dst",
    "tcp.srcport",
    "tcp.dstport",
    "udp.srcport",
    "udp.dstport",
    "arp.src.proto_ipv4",
  ];
  let tsharkRate;
  try {
    const s = seconds("tshark", [
      "-r",
      capture,
      "-T",
      "fields",
      ...fields.flatMap((f) => ["-e", f]),
    ]);
    tsharkRate = packets / s;
    console.log(
      `tshark -T fields (${fields.length} fields): ${Math.round(tsharkRate).toLocaleString("en-US")} packets/s`,
    );
  } catch (e) {
    console.log(`tshark: not run (${e.message.split("\n")[0]})`);
  }
  const modes = [
    ["--aggregate", ["--aggregate", "--format", "jsonl"]],
    ["jsonl", ["--format", "jsonl"]],
    ["csv", ["--format", "csv"]],
    ["text", ["--format", "text"]],
    ["parquet", ["--format", "parquet"]],
  ];
  console.log(
    `\n${"run".padEnd(14)}${"1 job".padStart(16)}${`${cores} jobs`.padStart(16)}${"vs tshark".padStart(12)}`,
  );
  for (const [name, args] of modes) {
    const rates = [1, cores].map((jobs) => {
      const s = seconds(process.execPath, [
        "bin/p4flow.js",
        "run",
        "examples/standard.p4",
        "--pcap",
        capture,
        "--jobs",
        String(jobs),
        "--output",
        "/dev/null",
        ...args,
      ]);
      return packets / s;
    });
    const best = Math.max(...rates);
    console.log(
      `${name.padEnd(14)}${rates.map((r) => `${Math.round(r).toLocaleString("en-US")}/s`.padStart(16)).join("")}${(tsharkRate ? `${(best / tsharkRate).toFixed(1)}x` : "-").padStart(12)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
