// The flow_dissector target keeps the metadata in the context's struct bpf_flow_keys, where the
// IPv4 and IPv6 addresses share a union that P4 keeps apart. A small dissector that writes both
// families in either order, reads the IPv4 addresses back after writing IPv6 ones, and ends with
// addr_proto naming IPv4, IPv6 or neither: the kernel's flow keys equal the interpreter's on each
// mode, every truncation and random packets, with the key map and without it.
import { afterAll, describe, expect, it } from "vitest";
import { MAX_TEST_PACKET, MIN_TEST_PACKET } from "../../src/backend-ebpf/kernel-runner.js";
import { dissectorEntry } from "../../src/ir/flow-keys.js";
import { memoryHost } from "../../src/frontend/host.js";
import { kernelAvailable } from "../support/kernel.js";
import { buildInKernel, compareWithInterpreter, type Built } from "../support/kernel-compare.js";
import { biasedPackets } from "../support/packets.js";

const text = `#include <core.p4>
#include <p4flow.p4>
header addrs_t { bit<8> mode; bit<32> a; bit<32> b; bit<128> c; bit<128> d; }
struct hs { addrs_t h; }
parser P(packet_in p, out hs hdr, inout bpf_flow_keys_t flow) {
  state start {
    p.extract(hdr.h);
    transition select(hdr.h.mode) {
      0: four;
      1: six;
      2: four_then_six;
      3: six_then_four;
      4: neither;
      default: accept;
    }
  }
  state four {
    flow.ipv4_src = hdr.h.a;
    flow.ipv4_dst = hdr.h.b;
    flow.addr_proto = 0x0800;
    transition accept;
  }
  state six {
    flow.ipv6_src = hdr.h.c;
    flow.ipv6_dst = hdr.h.d;
    flow.addr_proto = 0x86dd;
    transition accept;
  }
  state four_then_six {
    flow.ipv4_src = hdr.h.a;
    flow.ipv4_dst = hdr.h.b;
    flow.ipv6_src = hdr.h.c;
    flow.ipv6_dst = hdr.h.d;
    /* Still the IPv4 values: P4 keeps the families apart. */
    flow.sport = flow.ipv4_src[15:0];
    flow.dport = flow.ipv4_dst[31:16];
    flow.addr_proto = 0x86dd;
    transition accept;
  }
  state six_then_four {
    flow.ipv6_src = hdr.h.c;
    flow.ipv6_dst = hdr.h.d;
    flow.ipv4_src = hdr.h.a;
    flow.ipv4_dst = hdr.h.b;
    flow.addr_proto = 0x0800;
    transition select(hdr.h.a[0:0]) {
      1: reject;
      default: accept;
    }
  }
  state neither {
    flow.ipv4_src = hdr.h.a;
    flow.ipv4_dst = hdr.h.b;
    flow.ipv6_src = hdr.h.c;
    flow.addr_proto = 0x0806;
    transition accept;
  }
}
FlowDissector(P()) main;
`;

/** An Ethernet header (EtherType 0x0800) then the mode byte and 40 address bytes. */
function frame(mode: number): Uint8Array {
  const f = new Uint8Array(14 + 41 + 8);
  f[12] = 0x08;
  for (let i = 14; i < f.length; i++) f[i] = (i * 37 + 11) & 0xff;
  f[14] = mode;
  return f;
}

describe("flow_dissector: the address union of struct bpf_flow_keys", () => {
  const builds: Built[] = [];
  afterAll(() => builds.forEach((b) => b.close()));

  for (const keyOutput of [undefined, [] as const]) {
    it(`equals the interpreter for every mode, truncation and random packets (${keyOutput ? "--key-output none" : "key map"})`, (ctx) => {
      if (!kernelAvailable((m) => ctx.skip(m))) return;
      const b = buildInKernel(
        { file: "/u.p4", text, host: memoryHost({ "/u.p4": text }) },
        { target: "flow_dissector", ...(keyOutput ? { keyOutput } : {}) },
      );
      builds.push(b);
      const packets = [0, 1, 2, 3, 4, 5].flatMap((mode) => {
        const f = frame(mode);
        const odd = Uint8Array.from(f);
        odd[18] |= 1; // the IPv4 source's low bit: six_then_four rejects
        return [f, odd, ...Array.from({ length: f.length - 14 }, (_, n) => f.subarray(0, 14 + n))];
      });
      const cases = [...packets, ...biasedPackets(b.ir, 2000)]
        .filter((p) => p.length >= MIN_TEST_PACKET && p.length <= MAX_TEST_PACKET)
        .map((packet, i) => ({ packet, flags: i % 8 }));
      // Verdict and bpf_flow_keys always; the P4 key too where there is a key map.
      expect(
        compareWithInterpreter(
          b,
          cases.map((c) => c.packet),
          cases.map((c) => c.flags),
          keyOutput ? b.prog : undefined,
        ),
      ).toEqual([]);
      const binding = b.ir.dissector!;
      const outcomes = new Set<string>();
      for (const { packet, flags } of cases) {
        const ref = b.interp(packet, dissectorEntry(binding, packet, flags));
        outcomes.add(`${packet.length > 14 ? packet[14] : "-"}:${ref.outcome}`);
      }
      // Every mode ran to its end, and six_then_four rejected too.
      for (const o of ["0:accept", "1:accept", "2:accept", "3:accept", "3:reject", "4:accept"])
        expect(outcomes).toContain(o);
    });
  }
});
