// Captures built in the tests for `run`: classic pcap (any link type, with its FCS bits) and
// pcapng (section, interfaces, enhanced packets, a bad block), a few Ethernet frames of common
// kinds, and the same frames re-framed as Linux cooked v1/v2 or raw IP. Independent of the
// shared corpus and of packets.ts.

import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const root = join(import.meta.dirname, "..", "..");

/** A little-endian classic pcap: the file header, then a record per frame. */
export function pcapFile(frames: readonly Uint8Array[], linkTypeField = 1, tsStart = 1000): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(linkTypeField >>> 0, 20);
  parts.push(head);
  frames.forEach((f, i) => {
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(tsStart + i, 0);
    rec.writeUInt32LE(i * 10, 4);
    rec.writeUInt32LE(f.length, 8);
    rec.writeUInt32LE(f.length, 12);
    parts.push(rec, Buffer.from(f));
  });
  return Buffer.concat(parts);
}

function block(type: number, body: Buffer): Buffer {
  const pad = (4 - (body.length % 4)) % 4;
  const len = 12 + body.length + pad;
  const b = Buffer.alloc(len);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(len, 4);
  body.copy(b, 8);
  b.writeUInt32LE(len, len - 4);
  return b;
}

/**
 * A pcapng file: a section, one Ethernet interface, and an enhanced packet block per frame, its
 * timestamp's high word `tsHigh` (microseconds).
 */
export function pcapngFile(frames: readonly Uint8Array[], linkType = 1, tsHigh = 0): Buffer {
  const shb = Buffer.alloc(16);
  shb.writeUInt32LE(0x1a2b3c4d, 0);
  shb.writeUInt16LE(1, 4);
  shb.writeBigInt64LE(-1n, 8);
  const idb = Buffer.alloc(8);
  idb.writeUInt16LE(linkType, 0);
  idb.writeUInt32LE(65535, 4);
  const blocks = [block(0x0a0d0d0a, shb), block(1, idb)];
  frames.forEach((f, i) => {
    const head = Buffer.alloc(20);
    head.writeUInt32LE(0, 0);
    head.writeUInt32LE(tsHigh, 4);
    head.writeUInt32LE(1_000_000 * (i + 1), 8);
    head.writeUInt32LE(f.length, 12);
    head.writeUInt32LE(f.length, 16);
    blocks.push(block(6, Buffer.concat([head, Buffer.from(f)])));
  });
  return Buffer.concat(blocks);
}

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));

/** Ethernet frames: IPv4/TCP, IPv4/UDP, IPv6/UDP, VLAN IPv4/TCP, ARP. */
export const frames: readonly Uint8Array[] = [
  hex(
    "001122334466 001122334455 0800 4500002800010000400611e60a0000010a000002 003500500000000000000000500220000000000000",
  ),
  hex(
    "001122334466 001122334455 0800 4500001c00010000401166cdc0a8010bd157f912 abbe0035000800000000",
  ),
  hex(
    "333300000001 00112233445a 86dd 6000000000081140 20010db8000000000000000000000001 fe800000000000000000000000000002 04d2003500080000",
  ),
  hex(
    "001122334466 001122334455 8100 002a 0800 4500002800010000400611e60a0000010a000002 003500500000000000000000500220000000000000",
  ),
  hex(
    "ffffffffffff 001122334455 0806 0001080006040001 001122334455 0a000001 000000000000 0a000002",
  ),
];

/** A frame as Linux cooked v1 (16-byte header: outgoing, ARPHRD_ETHER, the source MAC). */
export function sll(frame: Uint8Array): Uint8Array {
  const h = Buffer.alloc(16);
  h.writeUInt16BE(4, 0);
  h.writeUInt16BE(1, 2);
  h.writeUInt16BE(6, 4);
  Buffer.from(frame.subarray(6, 12)).copy(h, 6);
  Buffer.from(frame.subarray(12, 14)).copy(h, 14);
  return Buffer.concat([h, frame.subarray(14)]);
}

/** A frame as Linux cooked v2 (20-byte header). */
export function sll2(frame: Uint8Array): Uint8Array {
  const h = Buffer.alloc(20);
  Buffer.from(frame.subarray(12, 14)).copy(h, 0);
  h.writeUInt32BE(2, 4);
  h.writeUInt16BE(1, 8);
  h[10] = 4;
  h[11] = 6;
  Buffer.from(frame.subarray(6, 12)).copy(h, 12);
  return Buffer.concat([h, frame.subarray(14)]);
}

/** Runs the built CLI (bin/p4flow.js) with `input` on standard input. */
export function cli(
  args: readonly string[],
  input?: Uint8Array,
  env: NodeJS.ProcessEnv = {},
): { code: number; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, "bin", "p4flow.js"), ...args], {
    input,
    maxBuffer: 1 << 30,
    env: { ...process.env, ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** A generated capture of `packets` frames (scripts/gen-capture.mjs). */
export function generatedCapture(packets: number, size = 128): Buffer {
  const r = spawnSync(
    process.execPath,
    [
      join(root, "scripts", "gen-capture.mjs"),
      "--packets",
      String(packets),
      "--size",
      String(size),
    ],
    { maxBuffer: 1 << 30 },
  );
  if (r.status !== 0) throw new Error(`gen-capture failed: ${r.stderr}`);
  return r.stdout;
}
