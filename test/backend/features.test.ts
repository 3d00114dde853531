// Each IR feature in the kernel against the interpreter (VB, BODY's lookahead<bit<3>>, ETH_IP's
// ranges, WIDE's 128-bit keys and U's unions are programs p4c's eBPF backend refuses): non-byte-aligned fields, masks, ranges
// and explicit reject; stacks and loops with the iteration bound; lookahead, verify, run-time
// advance, tuples; varbit; unions; 128-bit fields and signed arithmetic; sub-parsers,
// header lookahead and whole-header assignment; structs inside headers; stack shifts; a stack's last read right after its extract. Random packets start
// with bytes the program selects on; every truncation of each sample is run too (padded to the
// 14 bytes BPF_PROG_TEST_RUN needs, which the interpreter sees identically).
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { memoryHost } from "../../src/frontend/host.js";
import * as F from "../support/feature-programs.js";
import { kernelAvailable } from "../support/kernel.js";
import { buildInKernel, compareWithInterpreter, type Built } from "../support/kernel-compare.js";
import { allCorpusPackets } from "../support/packets.js";

const SAMPLES: Record<keyof typeof F, string[]> = {
  ETH_IP: [
    "0102030405060a0b0c0d0e0f0800451c0040",
    "0102030405060a0b0c0d0e0f86d5",
    "0102030405060a0b0c0d0e0f9042",
    "0102030405060a0b0c0d0e0f1234",
    "0102030405060a0b0c0d0e0f9100",
  ],
  MPLS: ["0000104000002140", "00001040000020400000304000004140", "00000140"],
  LOOP: ["0102030405060708090a0b0c0d0e0f10"],
  BODY: ["12ffff0bcd", "f0", "13ffff", "20abcd", "0100000000000000000000000000"],
  VB: ["0207abcdee", "05000102030405", "0408a1b2c3d4e5"],
  U: ["04112222", "06112222", "06"],
  W: ["20010db8000000000000000000000001fe", "ffffffffffffffffffffffffffffffff80"],
  VALID: ["01aabbccddeeff0011", "02", "01ffffffffffffffff", "03"],
  ARITH: [
    "ff01807f ffffffff 00000002 ffffffffffff ffffffffffffffff f8",
    "10000102 80000000 80000000 000000000001 8000000000000001 37",
    "7f7f7f80 12345678 9abcdef0 123456789abc 0123456789abcdef 0f",
  ],
  WIDE: [
    "20010db8000000000000000000000001 0000000000000000 0000000000000000",
    "fe800000000000000000000000000abc 0000000000000000 0000000000000000",
    "febf0000000000000000000000000000 0000000000000000 0000000000000000",
    "ff020000000000000000000000000001 0000000000000000 0000000000000000",
    "ff0fffffffffffffffffffffffffffff 0000000000000000 0000000000000000",
    "ff100000000000000000000000000000 0123456789abcdef fedcba9876543210",
    "00000000000000000000000000000000 0123456700000000 1111111111111111",
    "00000000000000000000000000000000 1111111111111111 00000000000000ff",
    "00000000000000000000000000000000 1111111111111111 0000000000000100",
  ],
  SUB: ["0102123420ff", "00021abc", "0708f001", "09091001f00f"],
  STRUCT_FIELDS: ["07152340beef05a7", "07252340beef", "07f0ffff0001", "07152340beef0101", "0715"],
  SHIFT: ["0105", "0207aa", "020700", "0309", "0405", "01"],
  LAST: [
    "05010705",
    "05010702",
    "09020a0b",
    "0903 20010db8000000000000000000000001",
    "0905",
    "0904 0a0b 0c0d",
  ],
};

const builds: Built[] = [];
afterAll(() => builds.forEach((b) => b.close()));

function pad(p: Uint8Array): Uint8Array {
  if (p.length >= 14) return p;
  const out = new Uint8Array(14);
  out.set(p);
  return out;
}

describe("each IR feature in the kernel equals the interpreter", () => {
  for (const name of Object.keys(SAMPLES) as (keyof typeof F)[]) {
    it(name, (ctx) => {
      if (!kernelAvailable((m) => ctx.skip(m))) return;
      const text = `#include <core.p4>\n#include <p4flow.p4>\n${F[name]}\nFlowExtract(P()) main;\n`;
      // BODY's value set 'pairs' holds (2, 0), as userspace would fill it.
      const valueSets = name === "BODY" ? new Map([[0, [[2n, 0n]]]]) : undefined;
      const b = buildInKernel(
        { file: "/f.p4", text, host: memoryHost({ "/f.p4": text }) },
        valueSets ? { valueSets } : {},
      );
      builds.push(b);
      const samples = SAMPLES[name].map((h) =>
        Uint8Array.from(Buffer.from(h.replace(/\s/g, ""), "hex")),
      );
      const cuts = samples.flatMap((p) =>
        Array.from({ length: p.length + 1 }, (_, n) => pad(p.subarray(0, n))),
      );
      const random = fc.sample(
        fc
          .tuple(fc.constantFrom(...samples), fc.uint8Array({ maxLength: 40 }), fc.nat(20))
          .map(([s, noise, keep]) => {
            const out = new Uint8Array(Math.max(14, Math.min(s.length, keep) + noise.length));
            out.set(s.subarray(0, keep));
            out.set(noise, Math.min(s.length, keep));
            return out;
          }),
        10_000,
      );
      expect(
        compareWithInterpreter(b, [...samples.map(pad), ...cuts, ...random, ...allCorpusPackets()]),
      ).toEqual([]);
    });
  }
});
