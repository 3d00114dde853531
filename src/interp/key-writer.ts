// Writes the flow key's bytes from the machine state, exactly as the layout places them:
// status block, then each field in the key's byte order; an invalid header's bytes and all
// padding stay zero.

import type * as Ir from "../ir/ir.js";
import type { FlowKeyLayout } from "../layout/layout.js";
import type { MachineState } from "./interpreter.js";

export function writeKey(
  layout: FlowKeyLayout,
  ir: Ir.IrProgram,
  st: MachineState,
  outcome: "accept" | "reject",
  error: number,
): Uint8Array {
  const key = new Uint8Array(layout.size);
  const little = layout.endianness === "little";
  const put = (offset: number, size: number, value: bigint): void => {
    const v = BigInt.asUintN(size * 8, value);
    for (let i = 0; i < size; i++) {
      const byte = Number((v >> BigInt(8 * i)) & 0xffn);
      key[offset + (little ? i : size - 1 - i)] = byte;
    }
  };
  const s = layout.status;
  key[s.outcomeOffset] = outcome === "accept" ? 1 : 2;
  put(s.errorOffset, s.errorSize, BigInt(error));
  for (const h of ir.headers) {
    if (h.validBit !== undefined && st.valid[h.id])
      key[s.validOffset + (h.validBit >> 3)]! |= 1 << (h.validBit & 7);
  }
  const headerOfSlot = new Map<number, number>();
  for (const h of ir.headers) for (const f of h.fields) headerOfSlot.set(f.slot, h.id);
  for (const f of layout.fields) {
    if (f.slot === undefined) continue;
    const h = headerOfSlot.get(f.slot);
    if (h !== undefined && !st.valid[h]) continue;
    const value = st.values[f.slot]!;
    switch (f.kind) {
      case "uint":
      case "int":
      case "error":
      case "bool":
        put(f.offset, f.size, value);
        break;
      case "bytes":
      case "varbit": {
        // Wire order whatever the key's byte order, most significant byte first: "bytes"
        // right-aligned, "varbit" left-aligned (its value is already left-aligned in its bits).
        const v =
          f.kind === "varbit"
            ? value << BigInt(f.size * 8 - f.bits)
            : BigInt.asUintN(f.size * 8, value);
        for (let i = 0; i < f.size; i++)
          key[f.offset + i] = Number((v >> BigInt(8 * (f.size - 1 - i))) & 0xffn);
        break;
      }
      case "varbitLength":
        put(f.offset, f.size, BigInt(st.varbitLengths[f.slot]!));
        break;
      case "padding":
        break;
    }
  }
  return key;
}
