// `p4flow run --kernel` on packets BPF_PROG_TEST_RUN refuses: each is named in a warning saying
// why (too short or too long for any target; on tc also an IPv4/IPv6 frame cut inside its network
// header, which the kernel's skb test run refuses) and the others still run.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, root } from "../support/captures.js";
import { kernelAvailable } from "../support/kernel.js";

const example = join(root, "examples", "standard.p4");
const tcpFrame =
  "ffffffffffff00112233445508004500002800010000400611e60a0000010a000002003500500000000000000000500220000000000000";
const cutIpv4 = tcpFrame.slice(0, 2 * 30);
const cutIpv6 = "ffffffffffff00112233445586dd6000000000081140";
const tooShort = "ffffffffffff0011";

const run = (target: string) =>
  cli([
    "run",
    example,
    "--kernel",
    "--target",
    target,
    "--format",
    "jsonl",
    ...[tooShort, cutIpv4, cutIpv6, tcpFrame].flatMap((h) => ["--hex", h]),
  ]);

describe("run --kernel on packets the kernel refuses", () => {
  it("tc: warns for each, with the reason, and runs the rest", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const r = run("tc");
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split("\n")).toEqual([
      "warning P4F3206[packet-not-runnable]: Packet 1 (8 bytes) is not run in the kernel: BPF_PROG_TEST_RUN takes 14 to 3500 bytes.",
      "warning P4F3251[packet-not-runnable-on-tc]: Packet 2 (30 bytes) is not run in the kernel: BPF_PROG_TEST_RUN refuses a tc packet whose EtherType says IPv4 with less than the 20 bytes of that header after the Ethernet header.",
      "warning P4F3251[packet-not-runnable-on-tc]: Packet 3 (22 bytes) is not run in the kernel: BPF_PROG_TEST_RUN refuses a tc packet whose EtherType says IPv6 with less than the 40 bytes of that header after the Ethernet header.",
    ]);
    const lines = r.stdout
      .toString()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.packet, l.outcome])).toEqual([[4, "accept"]]);
  });

  it("xdp runs the frames cut inside their network header (rejected as too short)", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const r = run("xdp");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("P4F3206");
    expect(r.stderr).not.toContain("P4F3251");
    const lines = r.stdout
      .toString()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.packet, l.outcome, l.error])).toEqual([
      [2, "reject", "PacketTooShort"],
      [3, "reject", "PacketTooShort"],
      [4, "accept", "NoError"],
    ]);
  });
});
