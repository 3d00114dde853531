// `p4flow run` on a large generated capture (scripts/gen-capture.mjs; default 1,000,000 frames of
// 128 bytes, BENCH_PACKETS to change it) against `tshark -T fields` extracting the same fields
// from the same capture, measured in interleaved rounds (BENCH_ROUNDS, default 3; medians), for
// one job and for every core, per output format and with --aggregate. Start-up is measured on
// its own (the same command on a one-packet capture) and reported apart: packets per second end
// to end, and in steady state (the packets over the time beyond start-up). Prints figures and
// ratios; the aims (3 million packets/s per core with --aggregate, 30 times tshark) are not tests.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const packets = Number(process.env.BENCH_PACKETS ?? 1_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), "p4flow-bench-captures-"));
const capture = join(dir, "bench.pcap");
const tiny = join(dir, "one.pcap");
const cores = availableParallelism();

function seconds(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return s;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (r) => `${Math.round(r).toLocaleString("en-US")}/s`;

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
const tshark = (file) => [
  "tshark",
  ["-r", file, "-T", "fields", ...fields.flatMap((f) => ["-e", f])],
];
const modes = [
  ["--aggregate", ["--aggregate", "--format", "jsonl"]],
  ["jsonl", ["--format", "jsonl"]],
  ["csv", ["--format", "csv"]],
  ["text", ["--format", "text"]],
  ["parquet", ["--format", "parquet"]],
];
const p4flow = (file, jobs, args) => [
  process.execPath,
  [
    "bin/p4flow.js",
    "run",
    "examples/standard.p4",
    "--pcap",
    file,
    "--jobs",
    String(jobs),
    "--output",
    join(dir, "out"),
    ...args,
  ],
];

try {
  seconds(process.execPath, [
    "scripts/gen-capture.mjs",
    "--packets",
    String(packets),
    "--out",
    capture,
  ]);
  seconds(process.execPath, ["scripts/gen-capture.mjs", "--packets", "1", "--out", tiny]);
  const mb = statSync(capture).size / 1e6;
  console.log(
    `capture: ${packets.toLocaleString("en-US")} packets, ${mb.toFixed(0)} MB; ${cores} cores; load average ${loadavg()[0].toFixed(1)} (a shared machine makes these figures noisy); ${rounds} interleaved rounds, medians`,
  );
  let haveTshark = true;
  try {
    seconds(...tshark(tiny));
  } catch (e) {
    haveTshark = false;
    console.log(`tshark: not run (${e.message.split("\n")[0]})`);
  }
  // Every command on the large and on the one-packet capture, round after round.
  const runs = [
    ...(haveTshark ? [{ name: "tshark -T fields", cmd: tshark }] : []),
    ...modes.flatMap(([name, args]) =>
      [1, cores].map((jobs) => ({ name, jobs, cmd: (file) => p4flow(file, jobs, args) })),
    ),
  ].map((r) => ({ ...r, full: [], startup: [] }));
  for (let round = 0; round < rounds; round++)
    for (const r of runs) {
      r.startup.push(seconds(...r.cmd(tiny)));
      r.full.push(seconds(...r.cmd(capture)));
    }
  const figures = runs.map((r) => {
    const full = median(r.full);
    const startup = median(r.startup);
    return { ...r, end: packets / full, steady: packets / Math.max(1e-3, full - startup), startup };
  });
  const base = figures.find((f) => f.name.startsWith("tshark"));
  console.log(
    `\n${"".padEnd(18)}${"jobs".padStart(5)}${"start-up".padStart(11)}${"end to end".padStart(14)}${"steady".padStart(14)}${"vs tshark".padStart(11)}${"steady vs".padStart(11)}`,
  );
  for (const f of figures)
    console.log(
      `${f.name.padEnd(18)}${String(f.jobs ?? "").padStart(5)}${`${Math.round(f.startup * 1000)} ms`.padStart(11)}${rate(f.end).padStart(14)}${rate(f.steady).padStart(14)}${(base ? `${(f.end / base.end).toFixed(1)}x` : "-").padStart(11)}${(base ? `${(f.steady / base.steady).toFixed(1)}x` : "-").padStart(11)}`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
