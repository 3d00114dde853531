// The flow_dissector target's two ends. The metadata lives in the context's `struct
// bpf_flow_keys` itself (emit-context.ts): the kernel's inputs are its initial values and nhoff
// the cursor's start; but for the IPv6 addresses, which go into the struct's union after the
// parse. Field offsets come from src/frontend/include/bpf-flow-keys.ts (through
// src/ir/flow-keys.ts), the one table the interpreters' model also uses.

import { ADDR_PROTO, FLOW_KEYS_FIELDS } from "../ir/flow-keys.js";
import { InternalError } from "../diagnostics/diagnostic.js";
import type { CBuilder } from "./c-builder.js";
import type { EmitContext } from "./emit-context.js";

type Binding = Readonly<Record<string, number>>;

/** Every field but the IPv6 addresses must live in ctx->flow_keys (emit-context.ts). */
function checkHomes(binding: Binding, home: EmitContext): void {
  for (const f of FLOW_KEYS_FIELDS)
    if (f.family !== "ipv6" && !home.inFlowKeys.has(binding[f.name]!))
      throw new InternalError(`flow.${f.name} is expected in ctx->flow_keys`);
}

/** Inside the parse function: the context's flow keys as `fk`; the cursor starts at nhoff. */
export function flowKeysIn(c: CBuilder, binding: Binding, home: EmitContext): void {
  checkHomes(binding, home);
  c.line("struct bpf_flow_keys *fk = ctx->flow_keys;");
  c.line(`__u64 cursor = (__u64)fk->nhoff * 8;`);
}

/**
 * After the parse: the union made to hold the addresses of addr_proto's family only. The IPv4
 * addresses are in it already (nothing else writes those bytes during the parse); IPv6 ones
 * replace them, 8 bytes at a time; for another addr_proto the union is all zeros, as the kernel
 * left it but for the IPv4 addresses.
 */
export function flowKeysOut(c: CBuilder, binding: Binding, home: EmitContext): void {
  checkHomes(binding, home);
  const offset = (name: string) => FLOW_KEYS_FIELDS.find((f) => f.name === name)!.offset;
  c.block("", () => {
    c.line(`__u16 addr_proto = (__u16)${home.read(binding["addr_proto"]!)};`);
    c.block(`if (addr_proto == 0x${ADDR_PROTO.ipv6.toString(16)})`, () => {
      // Wide slots hold their bytes in wire order, 8-byte aligned in st->w.
      for (const name of ["ipv6_src", "ipv6_dst"]) {
        const at = home.wide.get(binding[name]!)!;
        for (let k = 0; k < 2; k++)
          c.line(
            `*(__u64 *)((__u8 *)fk + ${offset(name) + 8 * k}) = *(const __u64 *)(st->w + ${at + 8 * k});`,
          );
      }
    });
    c.block(`else if (addr_proto != 0x${ADDR_PROTO.ipv4.toString(16)})`, () =>
      c.line(`*(__u64 *)((__u8 *)fk + ${offset("ipv4_src")}) = 0;`),
    );
  });
}
