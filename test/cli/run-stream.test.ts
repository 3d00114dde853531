// `p4flow run` on captures as a user runs it (the built CLI): streaming from files and standard
// input, worker threads giving the same bytes as one, every output format, flows, Parquet read
// back by DuckDB, link types, damaged captures, readers that stop early, and a capture larger
// than the memory the process is allowed.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { readCapture } from "../../src/interp/pcap.js";
import { formatIpv4, formatIpv6 } from "../../src/interp/format-values.js";
import { main } from "../../src/cli/main.js";
import { nodeHost } from "../../src/node-host.js";
import { runCli } from "../support/cli.js";
import { kernelAvailable } from "../support/kernel.js";
import {
  cli,
  frames,
  generatedCapture,
  pcapFile,
  pcapngFile,
  root,
  sll,
  sll2,
} from "../support/captures.js";

const example = join(root, "examples", "standard.p4");
let dir: string;
let big: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "p4flow-i17-run-"));
  big = join(dir, "big.pcap");
  // 6,000 packets: two batches of 4,096 and 1,904, so both workers get one.
  writeFileSync(big, generatedCapture(6_000));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[], input?: Uint8Array) => cli(["run", example, ...args], input);
/** In process (one job, no worker threads, no process start): the output as bytes. */
async function inProcess(
  args: string[],
): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  const r = await runCli(["run", example, ...args]);
  return { ...r, stdout: Buffer.from(r.stdout, "latin1") };
}
/** A capture written to a file of the test folder. */
function saved(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe("workers and formats", () => {
  const cases: [string, string[]][] = [
    ["text", []],
    ["jsonl", ["--format", "jsonl"]],
    ["csv", ["--format", "csv"]],
    ["parquet", ["--format", "parquet"]],
    ["flows jsonl by bytes", ["--aggregate", "--format", "jsonl", "--sort", "bytes"]],
    ["flows parquet", ["--aggregate", "--format", "parquet"]],
  ];
  it.each(cases)("%s: --jobs 2 writes the same bytes as one job", async (_name, args) => {
    const one = await inProcess(["--pcap", big, "--jobs", "1", ...args]);
    const two = run(["--pcap", big, "--jobs", "2", ...args]);
    expect(one.stderr).toBe("");
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(one.stdout.length).toBeGreaterThan(1000);
    expect(two.stdout.equals(one.stdout)).toBe(true);
  });

  it("reads standard input (--pcap -) as it reads a file, and --output FILE", async () => {
    const file = await inProcess(["--pcap", big, "--format", "jsonl"]);
    const piped = run(["--pcap", "-", "--format", "jsonl", "--jobs", "1"], readFileSync(big));
    expect(piped.code).toBe(0);
    expect(piped.stdout.equals(file.stdout)).toBe(true);
    expect(file.stdout.toString().trim().split("\n")).toHaveLength(6_000);
    const out = join(dir, "out.jsonl");
    const r = await inProcess(["--pcap", big, "--format", "jsonl", "--output", out]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(0);
    expect(readFileSync(out).equals(file.stdout)).toBe(true);
  });

  it("counts every packet into flows, rejected packets under their own keys", async () => {
    const capture = saved(
      "flows.pcap",
      pcapFile([...frames, frames[0]!, frames[0]!.subarray(0, 20)]),
    );
    const r = await inProcess(["--pcap", capture, "--aggregate", "--format", "jsonl"]);
    expect(r.code).toBe(0);
    const flows = r.stdout
      .toString()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(flows.reduce((n, f) => n + f.packets, 0)).toBe(7);
    expect(flows[0]).toMatchObject({ flow: 1, packets: 2, bytes: 2 * frames[0]!.length });
    expect(flows[0].first).toBe("1970-01-01T00:16:40.000000000Z");
    expect(flows[0].last).toBe("1970-01-01T00:16:45.000050000Z");
    const rejected = flows.filter((f) => f.outcome === "reject");
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ packets: 1, bytes: 20, error: "PacketTooShort" });
    const top = await inProcess([
      "--pcap",
      capture,
      "--aggregate",
      "--format",
      "jsonl",
      "--top",
      "2",
    ]);
    expect(top.stdout.toString().trim().split("\n")).toHaveLength(2);
  });

  it("prints addresses as people write them in text, raw in jsonl unless asked", async () => {
    const capture = saved("addresses.pcap", pcapFile(frames.slice(0, 3)));
    const text = (await inProcess(["--pcap", capture])).stdout.toString();
    expect(text).toMatch(/key\.ipv4\.src +10\.0\.0\.1\n/);
    expect(text).toMatch(/key\.ethernet\.dst +00:11:22:33:44:66\n/);
    expect(text).toMatch(/key\.ipv6\.src +2001:db8::1\n/);
    expect(text).toMatch(/key\.ipv6\.dst +fe80::2\n/);
    expect(text).toMatch(/key\.ipv4\.protocol +\d+\n/);
    const raw = (await inProcess(["--pcap", capture, "--format", "jsonl"])).stdout.toString();
    expect(JSON.parse(raw.split("\n")[0]!).fields["key.ipv4.src"]).toBe("167772161");
    const readable = (
      await inProcess(["--pcap", capture, "--format", "jsonl", "--addresses", "readable"])
    ).stdout.toString();
    expect(JSON.parse(readable.split("\n")[0]!).fields["key.ipv4.src"]).toBe("10.0.0.1");
    const rawText = (await inProcess(["--pcap", capture, "--addresses", "raw"])).stdout.toString();
    expect(rawText).toMatch(/key\.ipv4\.src +167772161\n/);
  });
});

describe("progress", () => {
  /** `run` in process with stderr taken for a terminal. */
  async function onTerminal(args: string[]): Promise<{ stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    await main(["run", example, ...args], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      colorStderr: false,
      stderrIsTerminal: true,
      host: nodeHost(),
      cwd: root,
    });
    return { stdout, stderr };
  }

  it("shows a progress line on a terminal's stderr, never in the output; --quiet hides it", async () => {
    const shown = await onTerminal(["--pcap", big, "--aggregate", "--format", "jsonl"]);
    expect(shown.stderr).toMatch(
      /^\r\x1b\[K6,000 packets, [\d.]+ MB, [\d,]+ packets\/s, [\d.]+%, \S+ left/,
    );
    expect(shown.stderr.endsWith("\r\x1b[K")).toBe(true);
    expect(shown.stdout).not.toContain("packets/s");
    const quiet = await onTerminal(["--pcap", big, "--aggregate", "--format", "jsonl", "--quiet"]);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toBe(shown.stdout);
  });
});

describe("Parquet", () => {
  it("holds what jsonl holds, read back by DuckDB, with typed columns", async () => {
    const { DuckDBInstance, DuckDBBlobValue } = await import("@duckdb/node-api");
    const capture = saved(
      "parquet.pcap",
      pcapFile([...frames, ...frames.map((f) => f.subarray(0, 30))]),
    );
    const file = join(dir, "packets.parquet");
    expect(
      (await inProcess(["--pcap", capture, "--format", "parquet", "--output", file])).code,
    ).toBe(0);
    const jsonl = (
      await inProcess(["--pcap", capture, "--format", "jsonl", "--addresses", "readable"])
    ).stdout
      .toString()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    const rows = (
      await c.runAndReadAll(`SELECT * FROM read_parquet('${file}') ORDER BY packet`)
    ).getRowObjects();
    const types = (
      await c.runAndReadAll(
        `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${file}'))`,
      )
    ).getRows();
    const typeOf = new Map(types.map(([n, t]) => [String(n), String(t)]));
    expect(typeOf.get("packet")).toBe("UBIGINT");
    expect(typeOf.get("key.ipv4.protocol")).toBe("UTINYINT");
    expect(typeOf.get("key.ports.src")).toBe("USMALLINT");
    expect(typeOf.get("key.mpls[0].label")).toBe("UINTEGER");
    // Addresses in their natural types: IPv4 a 32-bit number, IPv6 and MACs their bytes.
    expect(typeOf.get("key.ipv4.src")).toBe("UINTEGER");
    expect(typeOf.get("key.ipv6.src")).toBe("BLOB");
    expect(typeOf.get("key.ethernet.dst")).toBe("BLOB");
    expect(typeOf.get("key.ethernet.etherType")).toBe("USMALLINT");
    // Each row back in jsonl's readable shape: integers as decimal text, addresses as written.
    const readable = (path: string, value: unknown): string => {
      if (value instanceof DuckDBBlobValue)
        return value.bytes.length === 16
          ? formatIpv6(value.bytes)
          : [...value.bytes].map((b) => b.toString(16).padStart(2, "0")).join(":");
      if (/ipv4\.(src|dst)$|arp\.[st]pa$/.test(path)) return formatIpv4(Number(value));
      return String(value);
    };
    const asJsonl = rows.map((row) => ({
      packet: Number(row.packet),
      outcome: row.outcome,
      error: row.error,
      valid: String(row.valid)
        .split(" ")
        .filter((v) => v),
      fields: Object.fromEntries(
        Object.entries(row)
          .filter(([path, value]) => path.includes(".") && value !== null)
          .map(([path, value]) => [path, readable(path, value)]),
      ),
    }));
    expect(asJsonl).toEqual(jsonl);
    expect(jsonl.filter((j) => j.outcome === "reject").length).toBeGreaterThan(0);
    const flows = join(dir, "flows.parquet");
    expect(
      (await inProcess(["--pcap", big, "--aggregate", "--format", "parquet", "--output", flows]))
        .code,
    ).toBe(0);
    const sum = (
      await c.runAndReadAll(
        `SELECT sum(packets), count(*), bool_and(first <= last) FROM read_parquet('${flows}')`,
      )
    ).getRows()[0]!;
    expect(Number(sum[0])).toBe(6_000);
    expect(Number(sum[1])).toBe(
      (await inProcess(["--pcap", big, "--aggregate", "--format", "csv"])).stdout
        .toString()
        .trim()
        .split("\n").length - 1,
    );
    expect(sum[2]).toBe(true);
  });
});

describe("link types", () => {
  const ip = [frames[0]!, frames[1]!, frames[2]!];
  /** The frames p4flow parses from a capture, with the MACs (not carried by raw IP) zeroed. */
  const framesOf = (capture: Uint8Array) => {
    const sink = new DiagnosticSink();
    const packets = readCapture(capture, "t", sink)!.packets.map((p) => {
      const f = Buffer.from(p.data);
      f.fill(0, 0, 12);
      return f.toString("hex");
    });
    expect(sink.diagnostics).toEqual([]);
    return packets;
  };

  it("Linux cooked v1 and v2 and raw IP become the Ethernet frames", () => {
    const want = framesOf(pcapFile(ip));
    expect(framesOf(pcapFile(ip.map(sll), 113))).toEqual(want);
    expect(framesOf(pcapFile(ip.map(sll2), 276))).toEqual(want);
    expect(
      framesOf(
        pcapFile(
          ip.map((f) => f.subarray(14)),
          101,
        ),
      ),
    ).toEqual(want);
    expect(framesOf(pcapFile([ip[0]!.subarray(14)], 228))).toEqual(want.slice(0, 1));
    expect(framesOf(pcapFile([ip[2]!.subarray(14)], 229))).toEqual(want.slice(2));
    expect(framesOf(pcapngFile(ip.map(sll2), 276))).toEqual(want);
    // The cooked header's source MAC is kept.
    const sink = new DiagnosticSink();
    const cooked = readCapture(pcapFile(ip.map(sll), 113), "t", sink)!.packets[0]!.data;
    expect(Buffer.from(cooked.subarray(6, 12)).equals(Buffer.from(ip[0]!.subarray(6, 12)))).toBe(
      true,
    );
  });

  it("runs a Linux cooked capture from standard input", () => {
    const r = run(["--pcap", "-", "--format", "jsonl", "--jobs", "1"], pcapFile(ip.map(sll), 113));
    expect(r.code).toBe(0);
    const keys = r.stdout
      .toString()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(keys.map((k) => k.fields["key.ipv4.src"] ?? k.fields["key.ipv6.src"])).toEqual([
      "167772161",
      "3232235787",
      "0x20010db8000000000000000000000001",
    ]);
  });

  it("reads a link-type field with FCS bits as its low 16 bits, without the FCS", () => {
    const withFcs = frames.map((f) => Buffer.concat([f, Buffer.from([1, 2, 3, 4])]));
    // 0x24000001: the F bit and an FCS of 2 16-bit words (4 bytes) on Ethernet.
    expect(framesOf(pcapFile(withFcs, 0x24000001))).toEqual(framesOf(pcapFile(frames)));
    // 0x04000001 (the F bit, FCS length 0) is Ethernet too.
    expect(framesOf(pcapFile(frames, 0x04000001))).toEqual(framesOf(pcapFile(frames)));
  });

  it("names a link type it does not read", async () => {
    const file = saved("radiotap.pcap", pcapFile(frames, 127));
    const r = await inProcess(["--pcap", file]);
    expect(r.code).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toContain(
      `error P4F4105[unsupported-link-type]: '${file}' has link type 127 (802.11 radiotap); p4flow reads Ethernet (1), Linux cooked v1 (113) and v2 (276), raw IP (101), raw IPv4 (228) and raw IPv6 (229).`,
    );
  });
});

describe("damaged captures and bad command lines", () => {
  it("a capture cut inside a record: the packets before it are written, then exit 2", () => {
    const whole = pcapFile(frames);
    const r = run(["--pcap", "-", "--format", "jsonl"], whole.subarray(0, whole.length - 10));
    expect(r.code).toBe(2);
    expect(r.stdout.toString().trim().split("\n")).toHaveLength(4);
    const offset = whole.length - 16 - frames[4]!.length;
    expect(r.stderr).toContain(
      `error P4F4102[record-past-end]: '<stdin>' packet 5 at byte ${offset}: its ${frames[4]!.length} captured bytes runs past the end of the file; the packets before it are used.`,
    );
  });

  it("a corrupt pcapng block: the packets before it are written, numbered as Wireshark's frames", () => {
    const good = pcapngFile(frames.slice(0, 2));
    const r = run(
      ["--pcap", "-", "--format", "jsonl"],
      Buffer.concat([good, Buffer.from([6, 0, 0, 0, 13, 0, 0, 0, 0, 0, 0, 0])]),
    );
    expect(r.code).toBe(2);
    const keys = r.stdout
      .toString()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).packet);
    expect(keys).toEqual([1, 2]);
    expect(r.stderr).toContain(
      `error P4F4106[bad-pcapng-block]: '<stdin>' block 5 at byte ${good.length}: its length 13 is not a multiple of 4 of at least 12; the file is read no further.`,
    );
  });

  it("a 10-byte pcap is a cut header, not 'not a pcap'", () => {
    const r = run(["--pcap", "-"], pcapFile([]).subarray(0, 10));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "error P4F4109[capture-header-cut]: '<stdin>' ends after 10 bytes, inside its pcap file header of 24 bytes; it holds no packets.",
    );
  });

  it("with --jobs 2 (workers started before the input is opened) a bad input or program still ends the run", () => {
    const notCapture = run(["--pcap", "-", "--jobs", "2"], Buffer.from("not a capture at all"));
    expect(notCapture.code).toBe(2);
    expect(notCapture.stderr).toContain("P4F4101");
    const bad = saved(
      "bad.p4",
      Buffer.from("parser P(packet_in p) { state start { transition nowhere; } }"),
    );
    const broken = cli(["run", bad, "--pcap", big, "--jobs", "2"]);
    expect(broken.code).toBe(1);
    expect(broken.stdout.length).toBe(0);
  });

  it("run with neither --pcap nor --hex says what it needs", async () => {
    const r = await inProcess([]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      "error P4F4111[no-packet-source]: 'p4flow run' needs packets: give --pcap FILE (- reads standard input) or --hex PACKET.",
    );
  });

  it("a reader that stops early ends the run quietly", () => {
    const r = spawnSync(
      "bash",
      [
        "-c",
        `node scripts/gen-capture.mjs --packets 300000 | node bin/p4flow.js run examples/standard.p4 --pcap - --format jsonl 2>"${dir}/err" | head -3; echo "status \${PIPESTATUS[1]}"`,
      ],
      { cwd: root, encoding: "utf8" },
    );
    expect(
      r.stdout
        .split("\n")
        .slice(0, 3)
        .every((l) => l.startsWith('{"packet":')),
    ).toBe(true);
    expect(r.stdout).toMatch(/status 0\n$/);
    expect(readFileSync(join(dir, "err"), "utf8")).toBe("");
  });
});

describe("a live capture on standard input", () => {
  it("prints packets as they arrive, without waiting for a full buffer or the end", async () => {
    // Like `tcpdump -w - | p4flow run ...`: two packets, then the pipe stays open and silent.
    const child = spawn(
      "node",
      ["bin/p4flow.js", "run", "examples/standard.p4", "--pcap", "-", "--format", "jsonl"],
      { cwd: root },
    );
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const firstLines = new Promise<string>((resolve) =>
      child.stdout.on("data", (d) => {
        stdout += d;
        if (stdout.split("\n").length > 2) resolve(stdout);
      }),
    );
    child.stdin.write(pcapFile(frames.slice(0, 2)));
    const silentFor = new Promise<string>((resolve) => setTimeout(resolve, 20_000, "timeout"));
    const seen = await Promise.race([firstLines, silentFor]);
    const closed = new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? -1)));
    child.stdin.end();
    const code = await closed;
    expect(seen).not.toBe("timeout");
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => JSON.parse(l).packet)).toEqual([1, 2]);
  }, 60_000);
});

describe("large captures", () => {
  it("streams 1.6 GB through a pipe with a 48 MB heap, memory flat", async () => {
    // 200,000 frames of 8,000 bytes (jumbo frames, so the test costs the bytes rather than the
    // packets): 1.6 GB of pcap, far beyond the heap (48 MB) and the RSS allowed (300 MB);
    // sampled every 100 ms, the last third of the run may not exceed the first by 40 MB.
    const packets = 200_000;
    const child = spawn(
      "bash",
      [
        "-c",
        `node scripts/gen-capture.mjs --packets ${packets} --size 8000 | exec node --max-old-space-size=48 bin/p4flow.js run examples/standard.p4 --pcap - --aggregate --format jsonl --jobs 1`,
      ],
      { cwd: root },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const samples: number[] = [];
    const timer = setInterval(() => {
      const pid = spawnSync("pgrep", ["-P", String(child.pid), "-f", "p4flow.js"], {
        encoding: "utf8",
      }).stdout.trim();
      const status = pid
        ? spawnSync("cat", [`/proc/${pid.split("\n")[0]}/status`], { encoding: "utf8" }).stdout
        : "";
      const rss = /VmRSS:\s+(\d+) kB/.exec(status);
      if (rss) samples.push(Number(rss[1]) / 1024);
    }, 100);
    const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? -1)));
    clearInterval(timer);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const flows = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(flows.reduce((n, f) => n + f.packets, 0)).toBe(packets);
    expect(samples.length).toBeGreaterThan(10);
    const third = Math.floor(samples.length / 3);
    const early = Math.max(...samples.slice(0, third));
    const late = Math.max(...samples.slice(2 * third));
    expect(Math.max(...samples)).toBeLessThan(300);
    expect(late).toBeLessThan(early + 40);
  }, 180_000);
});

describe("--kernel", () => {
  it("streams batches through the kernel and prints what the interpreter prints", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const capture = generatedCapture(5_000);
    const interp = run(["--pcap", "-", "--format", "jsonl"], capture);
    const kernel = run(["--pcap", "-", "--format", "jsonl", "--kernel"], capture);
    expect(kernel.stderr).toBe("");
    expect(kernel.code).toBe(0);
    expect(kernel.stdout.equals(interp.stdout)).toBe(true);
    expect(kernel.stdout.toString().trim().split("\n")).toHaveLength(5000);
  }, 120_000);
});
