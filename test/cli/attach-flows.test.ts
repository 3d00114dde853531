// `p4flow attach`, `flows`, `dump` and `detach` for real: two network namespaces made by the test
// joined by a veth pair, the standard example attached (built from P4) to the server's end, one
// TCP connection of many packets sent across while a packet socket captures what the interface
// received. `flows` must show that connection as one entry whose count is the number of packets,
// and the decoded keys must be the interpreter's for the captured frames; `detach` removes exactly
// what attach made. The CLI runs inside the server's namespace through nsenter.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { keyObject } from "../../src/cli/flow-view.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import { kernelAvailable } from "../support/kernel.js";
import { requireTool } from "../support/toolchain.js";
import { compileFile } from "../support/compile.js";

const root = join(import.meta.dirname, "..", "..");
const example = join(root, "examples", "standard.p4");
const suffix = String(process.pid % 100000);
const client = `p4f-i15-c${suffix}`;
const server = `p4f-i15-s${suffix}`;
const vethC = `i15c${suffix}`;
const vethS = `i15s${suffix}`;
const pin = `/sys/fs/bpf/p4flow-i15-${suffix}`;
const work = mkdtempSync(join(tmpdir(), "p4flow-i15-attach-"));
const env = { ...process.env, P4FLOW_STATE_DIR: join(work, "state") };
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });
const inNs = (ns: string, cmd: string, args: string[]) =>
  spawnSync("nsenter", [`--net=/run/netns/${ns}`, cmd, ...args], {
    encoding: "utf8",
    env,
    maxBuffer: 1 << 26,
  });
const cli = (...args: string[]) =>
  inNs(server, process.execPath, [join(root, "bin", "p4flow.js"), ...args]);

afterAll(() => {
  spawnSync("ip", ["netns", "del", client]);
  spawnSync("ip", ["netns", "del", server]);
  rmSync(pin, { recursive: true, force: true });
  rmSync(`${pin}-tc`, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

let made = false;
function makeHosts(): void {
  if (made) return;
  made = true;
  sh("ip", ["netns", "add", client]);
  sh("ip", ["netns", "add", server]);
  sh("ip", ["link", "add", vethC, "type", "veth", "peer", "name", vethS]);
  sh("ip", ["link", "set", vethC, "netns", client]);
  sh("ip", ["link", "set", vethS, "netns", server]);
  const hosts = [
    [client, vethC, "10.215.0.1"],
    [server, vethS, "10.215.0.2"],
  ] as const;
  for (const [ns, dev, addr] of hosts) {
    // No IPv6 chatter and no ARP (static neighbours): the TCP connection is all the traffic.
    sh("ip", ["netns", "exec", ns, "sysctl", "-qw", `net.ipv6.conf.${dev}.disable_ipv6=1`]);
    sh("ip", ["-n", ns, "addr", "add", `${addr}/24`, "dev", dev]);
    sh("ip", ["-n", ns, "link", "set", dev, "up"]);
  }
  const mac = (ns: string, dev: string) =>
    JSON.parse(sh("ip", ["-n", ns, "-j", "link", "show", dev]))[0].address as string;
  for (const [[ns, dev], [peerNs, peerDev, peerAddr]] of [
    [hosts[0], hosts[1]],
    [hosts[1], hosts[0]],
  ] as const) {
    const args = ["neigh", "replace", peerAddr, "lladdr", mac(peerNs, peerDev), "dev", dev];
    sh("ip", ["-n", ns, ...args, "nud", "permanent"]);
  }
}

describe("attach, flows, dump and detach on a veth pair", () => {
  it("counts one TCP connection as one flow, decoded as the interpreter decodes it", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    if (!requireTool("python3", (m) => ctx.skip(m), "apt-get install python3")) return;
    makeHosts();
    const attached = cli("attach", example, "--dev", vethS, "--pin", pin);
    expect(attached.stderr).toBe("");
    expect(attached.status).toBe(0);
    expect(attached.stdout).toContain(
      `pinned in ${pin}: Standard_flows, Standard_keys, Standard_state, prog`,
    );
    // The kernel shows every map under its whole name (at most 15 characters).
    const maps = (JSON.parse(sh("bpftool", ["-j", "map", "list"])) as { name?: string }[])
      .map((m) => m.name)
      .filter((n) => n?.startsWith("Standard_"));
    expect(maps).toEqual(
      expect.arrayContaining(["Standard_flows", "Standard_keys", "Standard_state"]),
    );

    const messages = 40;
    const exchange = inNs(server, "python3", [
      join(root, "test", "support", "tcp-exchange.py"),
      vethS,
      "10.215.0.2",
      "7415",
      client,
      String(messages),
    ]);
    expect(exchange.stderr).toBe("");
    const frames = exchange.stdout
      .trim()
      .split("\n")
      .map((h) => Uint8Array.from(Buffer.from(h, "hex")));
    // At least the handshake, every message and its acknowledgement, and the close.
    expect(frames.length).toBeGreaterThan(messages);

    // What the table must hold: the interpreter's keys of the received frames, counted.
    const r = compileFile(example);
    const interp = createInterpreter(r.ir!, r.layout!);
    const expected = new Map<string, { packets: number; bytes: number }>();
    for (const f of frames) {
      const k = JSON.stringify(keyObject(r.layout!, interp(f).key));
      const e = expected.get(k) ?? { packets: 0, bytes: 0 };
      expected.set(k, { packets: e.packets + 1, bytes: e.bytes + f.length });
    }
    expect(expected.size).toBe(1);

    const flows = cli("flows");
    expect(flows.stderr).toBe("");
    expect(flows.status).toBe(0);
    const lines = flows.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    const [flow] = lines;
    expect(flow.packets).toBe(frames.length);
    expect(
      new Map([[JSON.stringify(flow.key), { packets: flow.packets, bytes: flow.bytes }]]),
    ).toEqual(expected);
    expect(flow.key.fields).toMatchObject({
      "key.ipv4.src": "10.215.0.1",
      "key.ipv4.dst": "10.215.0.2",
      "key.ipv4.protocol": "6",
      "key.ports.dst": "7415",
    });

    // dump: the last key each CPU wrote, decoded the same way: one of the connection's.
    const dump = cli("dump");
    expect(dump.status).toBe(0);
    const keys = dump.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).key);
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(JSON.stringify(k)).toBe(JSON.stringify(flow.key));

    // A layout the program was not built for is refused, naming both fingerprints.
    const other = compileFile(join(root, "examples", "tunnels.p4"));
    execFileSync(process.execPath, [
      join(root, "bin", "p4flow.js"),
      join(root, "examples", "tunnels.p4"),
      "-o",
      work,
      "--emit",
      "json",
    ]);
    const refused = cli("flows", "--layout", join(work, "tunnels.layout.json"));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("P4F3101[layout-mismatch]");
    expect(refused.stderr).toContain(r.layout!.fingerprint);
    expect(refused.stderr).toContain(other.layout!.fingerprint);

    // detach undoes exactly what attach did: the XDP program, the pins and the record.
    const links = () => inNs(server, "bpftool", ["-j", "net", "show", "dev", vethS]).stdout;
    expect(JSON.parse(links())[0].xdp).toHaveLength(1);
    const detached = cli("detach", "--pin", pin);
    expect(detached.stderr).toBe("");
    expect(detached.status).toBe(0);
    expect(JSON.parse(links())[0].xdp).toHaveLength(0);
    expect(existsSync(pin)).toBe(false);
    expect(readdirSync(join(work, "state"))).toEqual([]);
    const again = cli("detach", "--pin", pin);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("P4F4032[nothing-attached]");
  }, 120_000);

  it("attaches with tc beside another filter, and detach leaves that filter and its qdisc", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    makeHosts();
    const tc = (...args: string[]) => inNs(server, "tc", args);
    expect(tc("qdisc", "add", "dev", vethS, "clsact").status).toBe(0);
    // Someone else's filter: only the bpf classifier is sure to be there, so a BPF one, which
    // returns TC_ACT_UNSPEC so that the next filter (ours) runs.
    writeFileSync(
      join(work, "theirs.c"),
      [
        '__attribute__((section("tc"), used)) int theirs(void *skb) { return -1; }',
        'char LICENSE[] __attribute__((section("license"), used)) = "GPL";',
      ].join("\n"),
    );
    const obj = join(work, "theirs.o");
    execFileSync("clang", ["-O2", "-target", "bpf", "-c", join(work, "theirs.c"), "-o", obj]);
    const theirs = [
      "filter",
      "add",
      "dev",
      vethS,
      "ingress",
      "pref",
      "10",
      "bpf",
      "da",
      "obj",
      obj,
      "sec",
      "tc",
    ];
    expect(tc(...theirs).status).toBe(0);
    const tcPin = `${pin}-tc`;
    const attached = cli("attach", example, "--dev", vethS, "--target", "tc", "--pin", tcPin);
    expect(attached.stderr).toBe("");
    expect(attached.status).toBe(0);
    expect(inNs(client, "ping", ["-c", "2", "-i", "0.2", "-W", "2", "10.215.0.2"]).status).toBe(0);
    const flows = cli("flows", "--pin", tcPin);
    expect(flows.status).toBe(0);
    const echo = flows.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter((f) => f.key.fields["key.icmp.type"] === "8");
    expect(echo.map((f) => f.packets)).toEqual([2]);
    const detached = cli("detach", "--dev", vethS, "--target", "tc");
    expect(detached.stderr).toBe("");
    expect(detached.status).toBe(0);
    const left = JSON.parse(tc("-j", "filter", "show", "dev", vethS, "ingress").stdout) as {
      pref: number;
      kind?: string;
    }[];
    expect([...new Set(left.map((f) => f.pref))]).toEqual([10]);
    expect(tc("qdisc", "show", "dev", vethS).stdout).toContain("clsact");
    expect(existsSync(tcPin)).toBe(false);
  }, 60_000);
});
