// `p4flow run` on a large generated capture (scripts/gen-capture.mjs; default 1,000,000 frames of
// 128 bytes, BENCH_PACKETS to change it) against `tshark -T fields` extracting the same fields
// from the same capture, measured in interleaved rounds (BENCH_ROUNDS, default 3; medians), for
// one job and for every core, per output format and with --aggregate. Start-up is measured on
// its own (the same command on a one-packet capture) and reported apart: packets per second end
// to end, and in steady state (the packets over the time beyond start-up). Prints figures and
// ratios; the aims (3 million packets/s per core with --aggregate, 30 times tshark) are not tests.
// On a shared machine wall-clock figures mostly measure the load: each command's CPU time (user
// plus system, all threads, from /usr/bin/time) is reported too, as packets per CPU-second beyond
// start-up. BENCH_BASE=DIR (a built checkout of another commit) runs its p4flow too, interleaved
// with this one, for before/after figures under the same load; BENCH_MODES=--aggregate,jsonl
// limits the output modes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const packets = Number(process.env.BENCH_PACKETS ?? 1_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), "p4flow-bench-captures-"));
const capture = join(dir, "bench.pcap");
const tiny = join(dir, "one.pcap");
const cores = availableParallelism();
const baseRoot = process.env.BENCH_BASE;
const onlyModes = process.env.BENCH_MODES?.split(",");
const TIME = "/usr/bin/time";
const haveTime = existsSync(TIME);

/** Runs a command: its wall-clock seconds, and its CPU seconds (NaN without /usr/bin/time). */
function measure(cmd, args, cwd = root) {
  const cpuFile = join(dir, "cpu");
  const [c, a] = haveTime ? [TIME, ["-f", "%U %S", "-o", cpuFile, cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(c, a, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  const cpu = haveTime
    ? readFileSync(cpuFile, "utf8")
        .trim()
        .split("\n")
        .at(-1)
        .split(" ")
        .reduce((x, y) => x + Number(y), 0)
    : NaN;
  return { wall, cpu };
}
const seconds = (cmd, args) => measure(cmd, args).wall;
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
].filter(([name]) => !onlyModes || onlyModes.includes(name));
const p4flow = (file, jobs, args, at = root) => [
  process.execPath,
  [
    join(at, "bin/p4flow.js"),
    "run",
    join(at, "examples/standard.p4"),
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
  const builds = [
    { label: "", at: root },
    ...(baseRoot ? [{ label: " (base)", at: baseRoot }] : []),
  ];
  const runs = [
    ...(haveTshark ? [{ name: "tshark -T fields", cmd: tshark }] : []),
    ...modes.flatMap(([name, args]) =>
      [1, cores].flatMap((jobs) =>
        builds.map((b) => ({
          name: name + b.label,
          jobs,
          cmd: (file) => p4flow(file, jobs, args, b.at),
        })),
      ),
    ),
  ].map((r) => ({ ...r, full: [], startup: [] }));
  for (let round = 0; round < rounds; round++)
    for (const r of runs) {
      r.startup.push(measure(...r.cmd(tiny)));
      r.full.push(measure(...r.cmd(capture)));
    }
  const figures = runs.map((r) => {
    const full = median(r.full.map((m) => m.wall));
    const startup = median(r.startup.map((m) => m.wall));
    const cpuFull = median(r.full.map((m) => m.cpu));
    const cpuStartup = median(r.startup.map((m) => m.cpu));
    return {
      ...r,
      end: packets / full,
      steady: packets / Math.max(1e-3, full - startup),
      startup,
      cpuStartup,
      cpuSteady: packets / Math.max(1e-3, cpuFull - cpuStartup),
    };
  });
  const base = figures.find((f) => f.name.startsWith("tshark"));
  const cpuCell = (x, show) => (Number.isNaN(x) ? "-" : show(x));
  console.log(
    `\n${"".padEnd(26)}${"jobs".padStart(5)}${"start-up".padStart(11)}${"end to end".padStart(14)}${"steady".padStart(14)}${"vs tshark".padStart(11)}${"steady vs".padStart(11)}${"CPU start".padStart(11)}${"pkt/CPU-s".padStart(14)}`,
  );
  for (const f of figures)
    console.log(
      `${f.name.padEnd(26)}${String(f.jobs ?? "").padStart(5)}${`${Math.round(f.startup * 1000)} ms`.padStart(11)}${rate(f.end).padStart(14)}${rate(f.steady).padStart(14)}${(base ? `${(f.end / base.end).toFixed(1)}x` : "-").padStart(11)}${(base ? `${(f.steady / base.steady).toFixed(1)}x` : "-").padStart(11)}${cpuCell(f.cpuStartup, (x) => `${Math.round(x * 1000)} ms`).padStart(11)}${cpuCell(f.cpuSteady, rate).padStart(14)}`,
    );
  console.log(
    "\npkt/CPU-s: packets per CPU-second (user + system, every thread) beyond start-up's CPU time.",
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
