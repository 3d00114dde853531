// Writes a synthetic pcap of any size to stdout or a file, fast, for `run`'s large-capture test
// and its benchmark: Ethernet frames of a few kinds (IPv4 TCP/UDP, IPv6 UDP, VLAN-tagged IPv4 TCP,
// ARP) over a set of flows, padded to a chosen size, with increasing microsecond timestamps.
//
//   node scripts/gen-capture.mjs (--packets N | --bytes B) [--size S] [--flows F] [--out FILE]
//
// --packets N writes N frames; --bytes B stops once the file reaches B bytes; one of them is
// required (a capture without an end fills the disk). --size S pads every frame to S bytes
// (default 128); --flows F distinct 5-tuples (default 256). Anything else is refused (exit 2).
import { createWriteStream } from "node:fs";

const USAGE =
  "usage: node scripts/gen-capture.mjs (--packets N | --bytes B) [--size S] [--flows F] [--out FILE]";
const args = process.argv.slice(2);
const values = new Map();
for (let i = 0; i < args.length; i += 2) {
  const name = args[i].replace(/^--/, "");
  if (!args[i].startsWith("--") || !["packets", "bytes", "size", "flows", "out"].includes(name))
    fail(`unknown argument '${args[i]}'`);
  if (i + 1 >= args.length) fail(`--${name} needs a value`);
  values.set(name, args[i + 1]);
}
function fail(why) {
  process.stderr.write(`gen-capture: ${why}\n${USAGE}\n`);
  process.exit(2);
}
const count = (name, def, min) => {
  if (!values.has(name)) return def;
  const v = Number(values.get(name));
  if (!Number.isSafeInteger(v) || v < min) fail(`--${name} must be a whole number >= ${min}`);
  return v;
};
const maxPackets = count("packets", Infinity, 0);
const maxBytes = count("bytes", Infinity, 24);
if (maxPackets === Infinity && maxBytes === Infinity) fail("give --packets or --bytes");
const size = count("size", 128, 1);
const flows = count("flows", 256, 1);
const outPath = values.get("out");

function frame(i) {
  const b = new Uint8Array(Math.max(size, 80));
  const dv = new DataView(b.buffer);
  b.set([0x02, 0, 0, 0, (i >> 8) & 255, i & 255], 0);
  b.set([0x02, 0, 0, 1, (i >> 8) & 255, i & 255], 6);
  const kind = i % 5;
  let at = 12;
  if (kind === 3) {
    dv.setUint16(at, 0x8100);
    dv.setUint16(at + 2, 100 + (i % 7));
    at += 4;
  }
  if (kind === 4) {
    dv.setUint16(at, 0x0806);
    b.set([0, 1, 8, 0, 6, 4, 0, 1], at + 2);
    b.set(b.subarray(6, 12), at + 10);
    b.set([10, 0, (i >> 8) & 255, i & 255], at + 16);
    b.set([10, 0, 0, 1], at + 26);
    return b;
  }
  if (kind === 2) {
    dv.setUint16(at, 0x86dd);
    const ip = at + 2;
    dv.setUint32(ip, 0x60000000);
    dv.setUint16(ip + 4, b.length - ip - 40);
    b[ip + 6] = 17;
    b[ip + 7] = 64;
    b.set([0x20, 0x01, 0x0d, 0xb8], ip + 8);
    dv.setUint16(ip + 22, i);
    b.set([0x20, 0x01, 0x0d, 0xb8], ip + 24);
    b[ip + 39] = 1;
    dv.setUint16(ip + 40, 1024 + i);
    dv.setUint16(ip + 42, 53);
    return b;
  }
  dv.setUint16(at, 0x0800);
  const ip = at + 2;
  b[ip] = 0x45;
  dv.setUint16(ip + 2, b.length - ip);
  b[ip + 8] = 64;
  b[ip + 9] = kind === 1 ? 17 : 6;
  b.set([10, 1, (i >> 8) & 255, i & 255], ip + 12);
  b.set([192, 168, 0, 1], ip + 16);
  dv.setUint16(ip + 20, 1024 + i);
  dv.setUint16(ip + 22, kind === 1 ? 53 : 443);
  if (kind !== 1) b[ip + 32] = 0x50;
  return b;
}

const templates = Array.from({ length: flows }, (_, i) => frame(i));
const out = outPath ? createWriteStream(outPath) : process.stdout;
out.on("error", (e) => {
  if (e.code !== "EPIPE") throw e;
  process.exit(0);
});
const header = new Uint8Array(24);
const hv = new DataView(header.buffer);
hv.setUint32(0, 0xa1b2c3d4, true);
hv.setUint16(4, 2, true);
hv.setUint16(6, 4, true);
hv.setUint32(16, 65535, true);
hv.setUint32(20, 1, true);

const CHUNK = 1 << 20;
let written = 24;
let n = 0;
let ts = 1_700_000_000_000_000; // microseconds
function fill() {
  const buf = Buffer.allocUnsafe(CHUNK + 16 + size + 80);
  let at = 0;
  while (at < CHUNK && n < maxPackets && written + at < maxBytes) {
    const t = templates[(n * 7919) % flows];
    buf.writeUInt32LE(Math.floor(ts / 1e6), at);
    buf.writeUInt32LE(ts % 1e6, at + 4);
    buf.writeUInt32LE(t.length, at + 8);
    buf.writeUInt32LE(t.length, at + 12);
    buf.set(t, at + 16);
    at += 16 + t.length;
    n++;
    ts += 7;
  }
  written += at;
  return buf.subarray(0, at);
}
function pump() {
  for (;;) {
    const chunk = fill();
    if (chunk.length === 0) {
      out.end?.();
      return;
    }
    if (!out.write(chunk)) {
      out.once("drain", pump);
      return;
    }
  }
}
out.write(header);
pump();
