// Writes the flow key's bytes from the machine state, exactly as the layout places them:
// status block, then each field in the key's byte order; an invalid header's bytes and all
// padding stay zero. The plan (which field comes from which slot, guarded by which header) is
// computed once per program, not per packet.

import type * as Ir from "../ir/ir.js";
import {
  OUTCOME_ACCEPT,
  OUTCOME_REJECT,
  validBitPosition,
  type FlowKeyLayout,
  type LayoutFieldKind,
} from "../layout/layout.js";
import type { MachineState } from "./machine.js";

interface FieldPlan {
  readonly kind: LayoutFieldKind;
  readonly offset: number;
  readonly size: number;
  readonly bits: number;
  readonly slot: number;
  /** The header whose validity guards the field, or -1. */
  readonly header: number;
}

export interface KeyWriterPlan {
  readonly size: number;
  readonly little: boolean;
  readonly status: FlowKeyLayout["status"];
  readonly validBits: readonly {
    readonly header: number;
    readonly byte: number;
    readonly mask: number;
  }[];
  readonly fields: readonly FieldPlan[];
}

export function planKey(layout: FlowKeyLayout, ir: Ir.IrProgram): KeyWriterPlan {
  return {
    size: layout.size,
    little: layout.endianness === "little",
    status: layout.status,
    validBits: ir.headers.flatMap((h) =>
      h.validBit === undefined
        ? []
        : [{ header: h.id, ...validBitPosition(layout.status, h.validBit) }],
    ),
    fields: layout.fields.flatMap((f) =>
      f.slot === undefined || f.kind === "padding"
        ? []
        : [
            {
              kind: f.kind,
              offset: f.offset,
              size: f.size,
              bits: f.bits,
              slot: f.slot,
              header: ir.slots[f.slot]!.header ?? -1,
            },
          ],
    ),
  };
}

function put(key: Uint8Array, offset: number, size: number, value: bigint, little: boolean): void {
  if (size <= 4) {
    let v = Number(BigInt.asUintN(32, value));
    for (let i = 0; i < size; i++, v >>>= 8) key[offset + (little ? i : size - 1 - i)] = v & 0xff;
    return;
  }
  let v = BigInt.asUintN(size * 8, value);
  for (let i = 0; i < size; i++, v >>= 8n)
    key[offset + (little ? i : size - 1 - i)] = Number(v & 0xffn);
}

export function writeKey(
  plan: KeyWriterPlan,
  st: MachineState,
  outcome: "accept" | "reject",
  error: number,
): Uint8Array {
  const key = new Uint8Array(plan.size);
  const s = plan.status;
  key[s.outcomeOffset] = outcome === "accept" ? OUTCOME_ACCEPT : OUTCOME_REJECT;
  put(key, s.errorOffset, s.errorSize, BigInt(error), plan.little);
  for (const v of plan.validBits) if (st.valid[v.header]) key[v.byte]! |= v.mask;
  for (const f of plan.fields) {
    if (f.header >= 0 && !st.valid[f.header]) continue;
    const value = st.values[f.slot]!;
    switch (f.kind) {
      case "uint":
      case "int":
      case "error":
      case "bool":
        put(key, f.offset, f.size, value, plan.little);
        break;
      case "bytes":
      case "varbit": {
        // Wire order whatever the key's byte order, most significant byte first: "bytes"
        // right-aligned, "varbit" left-aligned (its value is already left-aligned in its bits).
        let v =
          f.kind === "varbit"
            ? value << BigInt(f.size * 8 - f.bits)
            : BigInt.asUintN(f.size * 8, value);
        for (let i = f.size - 1; i >= 0; i--, v >>= 8n) key[f.offset + i] = Number(v & 0xffn);
        break;
      }
      case "varbitLength":
        put(key, f.offset, f.size, BigInt(st.varbitLengths[f.slot]!), plan.little);
        break;
      case "padding":
        break;
    }
  }
  return key;
}
