// Capture inputs for the fuzzer: the project's own generated corpus (test/support/own-corpus.ts)
// and, where it is beside the repository, the shared corpus's pcap and pcapng files (read from
// ../shared/corpus/pcaps at run time, never copied into the repository), mutated at the byte
// level and in their header fields, plus hex packets for `run --hex`.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Rng } from "./rng.js";
import { REPO } from "./run-cli.js";
import { writeOwnCorpus } from "../support/own-corpus.js";

export const CORPUS = join(REPO, "..", "shared", "corpus", "pcaps");

export function loadCaptures(): Uint8Array[] {
  const read = (dir: string) =>
    readdirSync(dir)
      .filter((f) => /\.pcap(ng)?$/.test(f))
      .sort()
      .map((f) => new Uint8Array(readFileSync(join(dir, f))));
  const own = read(writeOwnCorpus());
  return [minimalPcap(), ...own, ...(existsSync(CORPUS) ? read(CORPUS) : [])];
}

/** A one-packet Ethernet pcap: the smallest valid capture, a seed of its own. */
function minimalPcap(): Uint8Array {
  const packet = Buffer.from(
    "ffffffffffff00112233445508004500001c000100004011000000000000ffffffff",
    "hex",
  );
  const out = Buffer.alloc(24 + 16 + packet.length);
  out.writeUInt32LE(0xa1b2c3d4, 0);
  out.writeUInt16LE(2, 4);
  out.writeUInt16LE(4, 6);
  out.writeUInt32LE(65535, 16);
  out.writeUInt32LE(1, 20);
  out.writeUInt32LE(packet.length, 24 + 8);
  out.writeUInt32LE(packet.length, 24 + 12);
  packet.copy(out, 40);
  return out;
}

const INTERESTING_U32 = [
  0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x04000001, 65535,
  262144,
];

export function mutateCapture(rng: Rng, capture: Uint8Array): Uint8Array {
  let b = Buffer.from(capture);
  const edits = rng.range(1, 6);
  for (let e = 0; e < edits; e++) {
    switch (rng.int(7)) {
      case 0: // truncate anywhere, often inside a record header
        b = b.subarray(0, rng.int(b.length + 1));
        break;
      case 1: // flip bytes
        for (let k = rng.range(1, 8); k > 0 && b.length > 0; k--)
          b[rng.int(b.length)] = rng.int(256);
        break;
      case 2: // a 32-bit field near the front (file header, first record header) set to an edge value
        if (b.length >= 4) {
          const at = rng.int(Math.min(b.length - 3, 64)) & ~3;
          (rng.chance(0.5) ? b.writeUInt32LE.bind(b) : b.writeUInt32BE.bind(b))(
            rng.pick(INTERESTING_U32),
            at,
          );
        }
        break;
      case 3: // a 32-bit field anywhere set to an edge value (record lengths, block lengths)
        if (b.length >= 4) b.writeUInt32LE(rng.pick(INTERESTING_U32), rng.int(b.length - 3));
        break;
      case 4: {
        // duplicate a slice (repeated records or blocks)
        const s = rng.int(b.length + 1);
        const len = rng.int(Math.min(512, b.length - s + 1));
        b = Buffer.concat([b.subarray(0, s + len), b.subarray(s, s + len), b.subarray(s + len)]);
        break;
      }
      case 5: // delete a slice
        {
          const s = rng.int(b.length + 1);
          b = Buffer.concat([b.subarray(0, s), b.subarray(s + rng.int(64))]);
        }
        break;
      default: // random bytes appended
        b = Buffer.concat([b, Buffer.from(rng.bytes(rng.int(64)))]);
    }
  }
  return new Uint8Array(b);
}

export function randomHexPacket(rng: Rng): string {
  const forms = [
    () => Buffer.from(rng.bytes(rng.int(200))).toString("hex"),
    () => Buffer.from(rng.bytes(rng.int(20))).toString("hex") + "z",
    () => "0x" + Buffer.from(rng.bytes(rng.int(60))).toString("hex"),
    () =>
      Buffer.from(rng.bytes(rng.int(60)))
        .toString("hex")
        .replace(/(..)/g, "$1 "),
    () => "f",
    () => "",
    () => "ffffffffffff001122334455810000" + Buffer.from(rng.bytes(rng.int(80))).toString("hex"),
    () => "ffffffffffff00112233445586dd" + Buffer.from(rng.bytes(rng.int(80))).toString("hex"),
    () => "ab".repeat(rng.pick([9000, 60000])),
  ];
  return rng.pick(forms)();
}
