// `p4flow run` on captures as a user runs it (the built CLI): streaming from files and standard
// input, worker threads giving the same bytes as one, every output format, flows, Parquet read
// back by DuckDB, link types, damaged captures, readers that stop early, and a capture larger
// than the memory the process is allowed.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  // 10,000 packets: three batches of 4,096, so workers interleave.
  writeFileSync(big, generatedCapture(10_000));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[], input?: Uint8Array) => cli(["run", example, ...args], input);

describe("workers and formats", () => {
  const cases: [string, string[]][] = [
    ["text", []],
    ["jsonl", ["--format", "jsonl"]],
    ["csv", ["--format", "csv"]],
    ["parquet", ["--format", "parquet"]],
    ["flows text", ["--aggregate"]],
    ["flows jsonl by bytes", ["--aggregate", "--format", "jsonl", "--sort", "bytes"]],
    ["flows csv top 5", ["--aggregate", "--format", "csv", "--top", "5"]],
    ["flows parquet", ["--aggregate", "--format", "parquet"]],
  ];
  it.each(cases)("%s: --jobs 2 writes the same bytes as --jobs 1", (_name, args) => {
    const one = run(["--pcap", big, "--jobs", "1", ...args]);
    const two = run(["--pcap", big, "--jobs", "2", ...args]);
    expect(one.stderr).toBe("");
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(one.stdout.length).toBeGreaterThan(1000);
    expect(two.stdout.equals(one.stdout)).toBe(true);
  });

  it("reads standard input (--pcap -) as it reads a file", () => {
    const file = run(["--pcap", big, "--format", "jsonl"]);
    const piped = run(["--pcap", "-", "--format", "jsonl"], readFileSync(big));
    expect(piped.code).toBe(0);
    expect(piped.stdout.equals(file.stdout)).toBe(true);
    expect(file.stdout.toString().trim().split("\n")).toHaveLength(10_000);
  });

  it("writes --output FILE as it writes standard output", () => {
    const out = join(dir, "out.csv");
    const r = run(["--pcap", big, "--format", "csv", "--output", out]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(0);
    expect(readFileSync(out).equals(run(["--pcap", big, "--format", "csv"]).stdout)).toBe(true);
  });

  it("counts every packet into flows, rejected packets under their own keys", () => {
    const capture = pcapFile([...frames, frames[0]!, frames[0]!.subarray(0, 20)]);
    const r = run(["--pcap", "-", "--aggregate", "--format", "jsonl"], capture);
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
    const top = run(["--pcap", "-", "--aggregate", "--format", "jsonl", "--top", "2"], capture);
    expect(top.stdout.toString().trim().split("\n")).toHaveLength(2);
  });

  it("prints addresses as people write them in text, raw in jsonl unless asked", () => {
    const capture = pcapFile(frames.slice(0, 3));
    const text = run(["--pcap", "-"], capture).stdout.toString();
    expect(text).toMatch(/hdr\.ipv4\.src +10\.0\.0\.1\n/);
    expect(text).toMatch(/hdr\.ethernet\.dst +00:11:22:33:44:66\n/);
    expect(text).toMatch(/hdr\.ipv6\.src +2001:db8::1\n/);
    expect(text).toMatch(/hdr\.ipv6\.dst +fe80::2\n/);
    expect(text).toMatch(/hdr\.ipv4\.ttl +64\n/);
    const raw = run(["--pcap", "-", "--format", "jsonl"], capture).stdout.toString();
    expect(JSON.parse(raw.split("\n")[0]!).fields["hdr.ipv4.src"]).toBe("167772161");
    const readable = run(
      ["--pcap", "-", "--format", "jsonl", "--addresses", "readable"],
      capture,
    ).stdout.toString();
    expect(JSON.parse(readable.split("\n")[0]!).fields["hdr.ipv4.src"]).toBe("10.0.0.1");
    const rawText = run(["--pcap", "-", "--addresses", "raw"], capture).stdout.toString();
    expect(rawText).toMatch(/hdr\.ipv4\.src +167772161\n/);
  });
});

describe("Parquet", () => {
  it("holds what jsonl holds, read back by DuckDB, with typed columns", async () => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const file = join(dir, "packets.parquet");
    expect(run(["--pcap", big, "--format", "parquet", "--output", file]).code).toBe(0);
    const jsonl = run(["--pcap", big, "--format", "jsonl", "--addresses", "readable"])
      .stdout.toString()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    const rows = (
      await c.runAndReadAll(`SELECT * FROM read_parquet('${file}') ORDER BY packet`)
    ).getRowObjects();
    expect(rows).toHaveLength(jsonl.length);
    const types = (
      await c.runAndReadAll(
        `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${file}'))`,
      )
    ).getRows();
    const typeOf = new Map(types.map(([n, t]) => [String(n), String(t)]));
    expect(typeOf.get("packet")).toBe("UBIGINT");
    expect(typeOf.get("hdr.ipv4.ttl")).toBe("UTINYINT");
    expect(typeOf.get("hdr.ports.src")).toBe("USMALLINT");
    expect(typeOf.get("hdr.ipv4.src")).toBe("VARCHAR");
    jsonl.forEach((j, i) => {
      const row = rows[i]!;
      expect(Number(row.packet)).toBe(j.packet);
      expect(row.outcome).toBe(j.outcome);
      expect(row.error).toBe(j.error);
      expect(row.valid).toBe(j.valid.join(" "));
      for (const [path, value] of Object.entries(row)) {
        if (!path.includes(".")) continue;
        const want = j.fields[path];
        if (want === undefined) expect(value, path).toBeNull();
        else if (typeof value === "bigint") expect(value, path).toBe(BigInt(want));
        else expect(String(value), path).toBe(want);
      }
    });
    const flows = join(dir, "flows.parquet");
    expect(run(["--pcap", big, "--aggregate", "--format", "parquet", "--output", flows]).code).toBe(
      0,
    );
    const sum = (
      await c.runAndReadAll(
        `SELECT sum(packets), count(*), min(first) <= min(last) FROM read_parquet('${flows}')`,
      )
    ).getRows()[0]!;
    expect(Number(sum[0])).toBe(10_000);
    expect(Number(sum[1])).toBe(
      run(["--pcap", big, "--aggregate", "--format", "jsonl"]).stdout.toString().trim().split("\n")
        .length,
    );
    expect(sum[2]).toBe(true);
  });
});

describe("link types", () => {
  const keysOf = (capture: Uint8Array) =>
    run(["--pcap", "-", "--format", "jsonl"], capture)
      .stdout.toString()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .map((k) => ({
        ...k,
        fields: { ...k.fields, "hdr.ethernet.dst": 0, "hdr.ethernet.src": 0 },
      }));
  const ip = [frames[0]!, frames[1]!, frames[2]!];

  it("Linux cooked v1 and v2 and raw IP give the keys of the Ethernet frames", () => {
    const want = keysOf(pcapFile(ip));
    expect(want).toHaveLength(3);
    expect(keysOf(pcapFile(ip.map(sll), 113))).toEqual(want);
    expect(keysOf(pcapFile(ip.map(sll2), 276))).toEqual(want);
    expect(
      keysOf(
        pcapFile(
          ip.map((f) => f.subarray(14)),
          101,
        ),
      ),
    ).toEqual(want);
    expect(keysOf(pcapFile([ip[0]!.subarray(14)], 228))).toEqual(want.slice(0, 1));
    expect(keysOf(pcapFile([ip[2]!.subarray(14)], 229))).toEqual([{ ...want[2], packet: 1 }]);
    expect(keysOf(pcapngFile(ip.map(sll), 113))).toEqual(want);
  });

  it("reads a link-type field with FCS bits as its low 16 bits, without the FCS", () => {
    const withFcs = frames.map((f) => Buffer.concat([f, Buffer.from([1, 2, 3, 4])]));
    // 0x14000001 would be 1 word; 0x24000001: F bit and FCS length 2 (16-bit words, 4 bytes).
    const r = run(["--pcap", "-", "--format", "jsonl"], pcapFile(withFcs, 0x24000001));
    expect(r.code).toBe(0);
    expect(
      r.stdout.equals(run(["--pcap", "-", "--format", "jsonl"], pcapFile(frames)).stdout),
    ).toBe(true);
    expect(run(["--pcap", "-"], pcapFile(frames, 0x04000001)).code).toBe(0);
  });

  it("names a link type it does not read", () => {
    const r = run(["--pcap", "-"], pcapFile(frames, 127));
    expect(r.code).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toContain(
      "error P4F4105[unsupported-link-type]: '<stdin>' has link type 127 (802.11 radiotap); p4flow reads Ethernet (1), Linux cooked v1 (113) and v2 (276), raw IP (101), raw IPv4 (228) and raw IPv6 (229).",
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

  it("run with neither --pcap nor --hex says what it needs", () => {
    const r = run([]);
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

describe("large captures", () => {
  it("streams 1.5 GB through a pipe with a 48 MB heap, memory flat", async () => {
    // 1,000,000 frames of 1,500 bytes: 1.5 GB of pcap, far beyond the heap (48 MB) and the RSS
    // allowed (300 MB); sampled every 100 ms, the last third of the run may not exceed the
    // first third by more than 40 MB.
    const packets = 1_000_000;
    const child = spawn(
      "bash",
      [
        "-c",
        `node scripts/gen-capture.mjs --packets ${packets} --size 1500 | exec node --max-old-space-size=48 bin/p4flow.js run examples/standard.p4 --pcap - --aggregate --format jsonl --jobs 1`,
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
    const capture = generatedCapture(5000);
    const interp = run(["--pcap", "-", "--format", "jsonl"], capture);
    const kernel = run(["--pcap", "-", "--format", "jsonl", "--kernel"], capture);
    expect(kernel.stderr).toBe("");
    expect(kernel.code).toBe(0);
    expect(kernel.stdout.equals(interp.stdout)).toBe(true);
    expect(kernel.stdout.toString().trim().split("\n")).toHaveLength(5000);
  }, 120_000);
});
