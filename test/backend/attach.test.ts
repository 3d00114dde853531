// The compiled program attached for real: two network namespaces made by the test joined by a
// veth pair, the object attached with `ip link ... xdp obj F sec xdp` and with
// `tc filter ... bpf da obj F sec tc`, pings sent across, the key map read back and decoded, and
// the flow table (--flow-table) dumped and decoded.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeKey } from "../../src/interp/decode.js";
import { runCli } from "../support/cli.js";
import { keyOf } from "../support/bpftool.js";
import { kernelAvailable } from "../support/kernel.js";
import { compileFile } from "../support/compile.js";

const root = join(import.meta.dirname, "..", "..");
const example = join(root, "examples", "standard.p4");
const suffix = String(process.pid % 100000);
const [nsA, nsB, vethA, vethB] = [
  `p4fa${suffix}`,
  `p4fb${suffix}`,
  `p4fva${suffix}`,
  `p4fvb${suffix}`,
];
const work = mkdtempSync(join(tmpdir(), "p4flow-attach-"));
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });

afterAll(() => {
  spawnSync("ip", ["netns", "del", nsA]);
  spawnSync("ip", ["netns", "del", nsB]);
  rmSync(work, { recursive: true, force: true });
});

function makeHosts(): void {
  sh("ip", ["netns", "add", nsA]);
  sh("ip", ["netns", "add", nsB]);
  sh("ip", ["link", "add", vethA, "type", "veth", "peer", "name", vethB]);
  sh("ip", ["link", "set", vethA, "netns", nsA]);
  sh("ip", ["link", "set", vethB, "netns", nsB]);
  sh("ip", ["-n", nsA, "addr", "add", "10.99.0.1/24", "dev", vethA]);
  sh("ip", ["-n", nsB, "addr", "add", "10.99.0.2/24", "dev", vethB]);
  for (const [ns, dev] of [
    [nsA, vethA],
    [nsB, vethB],
  ] as const) {
    // No IPv6 chatter: the last packet seen must be the test's own.
    sh("ip", ["netns", "exec", ns, "sysctl", "-qw", `net.ipv6.conf.${dev}.disable_ipv6=1`]);
    sh("ip", ["-n", ns, "link", "set", dev, "up"]);
  }
  // Static neighbours on both sides: no ARP, so the echo request is the last packet B receives.
  const macA = JSON.parse(sh("ip", ["-n", nsA, "-j", "link", "show", vethA]))[0].address as string;
  const macB = JSON.parse(sh("ip", ["-n", nsB, "-j", "link", "show", vethB]))[0].address as string;
  sh("ip", [
    "-n",
    nsA,
    "neigh",
    "replace",
    "10.99.0.2",
    "lladdr",
    macB,
    "dev",
    vethA,
    "nud",
    "permanent",
  ]);
  sh("ip", [
    "-n",
    nsB,
    "neigh",
    "replace",
    "10.99.0.1",
    "lladdr",
    macA,
    "dev",
    vethB,
    "nud",
    "permanent",
  ]);
}

/** The flow table of program `id`, dumped: each key with its packet count. */
function flowsOf(progId: number): { key: Uint8Array; packets: number; bytes: number }[] {
  const maps = JSON.parse(sh("bpftool", ["-j", "prog", "show", "id", String(progId)]))
    .map_ids as number[];
  for (const m of maps) {
    const info = JSON.parse(sh("bpftool", ["-j", "map", "show", "id", String(m)]));
    if (info.type !== "lru_hash") continue;
    const entries = JSON.parse(sh("bpftool", ["-j", "map", "dump", "id", String(m)])) as {
      key: string[];
      value: string[];
    }[];
    const bytes = (h: string[]) => Buffer.from(h.map((x) => parseInt(x, 16)));
    return entries.map((e) => ({
      key: bytes(e.key),
      packets: Number(bytes(e.value).readBigUInt64LE(0)),
      bytes: Number(bytes(e.value).readBigUInt64LE(8)),
    }));
  }
  throw new Error(`program ${progId} has no flow table`);
}

describe("attached to a veth in a network namespace", () => {
  const layout = compileFile(example).layout!;

  it("sees the ping with XDP and with tc", async (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    makeHosts();
    for (const target of ["xdp", "tc"] as const) {
      const out = join(work, target);
      expect(
        await runCli([
          example,
          "-o",
          out,
          "--target",
          target,
          "--key-map",
          "array",
          "--emit",
          "obj",
          "--flow-table",
          "1024",
        ]),
      ).toMatchObject({ code: 0 });
      const obj = join(out, "standard.bpf.o");
      let progId: number;
      if (target === "xdp") {
        sh("ip", ["-n", nsB, "link", "set", "dev", vethB, "xdp", "obj", obj, "sec", "xdp"]);
        progId = JSON.parse(sh("ip", ["-n", nsB, "-j", "link", "show", vethB]))[0].xdp.prog.id;
      } else {
        sh("ip", ["-n", nsB, "link", "set", "dev", vethB, "xdp", "off"]);
        sh("tc", ["-n", nsB, "qdisc", "add", "dev", vethB, "clsact"]);
        sh("tc", [
          "-n",
          nsB,
          "filter",
          "add",
          "dev",
          vethB,
          "ingress",
          "bpf",
          "da",
          "obj",
          obj,
          "sec",
          "tc",
        ]);
        const shown = sh("tc", ["-n", nsB, "filter", "show", "dev", vethB, "ingress"]);
        progId = Number(/ id (\d+)/.exec(shown)?.[1]);
      }
      sh("ip", ["netns", "exec", nsA, "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.99.0.2"]);
      const view = decodeKey(layout, keyOf(progId, layout.size));
      expect(view).toMatchObject({
        outcome: "accept",
        error: "NoError",
        valid: ["key.ethernet", "key.ipv4", "key.icmp"],
      });
      const f = new Map(view.fields);
      expect([
        f.get("key.ipv4.src"),
        f.get("key.ipv4.dst"),
        f.get("key.icmp.type"),
        f.get("key.icmp.code"),
      ]).toEqual([
        String((10 << 24) | (99 << 16) | 1),
        String((10 << 24) | (99 << 16) | 2),
        "8",
        "0",
      ]);
      // The flow table: standard.p4's flow key holds addresses and ICMP type and code, not the
      // IPv4 identification or checksum, so the three echo requests are one flow of three
      // packets of 98 bytes.
      const echo = flowsOf(progId).filter((e) => {
        const v = decodeKey(layout, e.key);
        const g = new Map(v.fields);
        return (
          g.get("key.icmp.type") === "8" &&
          g.get("key.ipv4.src") === String((10 << 24) | (99 << 16) | 1)
        );
      });
      expect(echo.map((e) => [e.packets, e.bytes])).toEqual([[3, 3 * 98]]);
    }
  });
});
