// The types both interpreters and the key writer share: what a run returns, its options, the
// machine state a key is written from, and how a value is brought to its type's range. A module
// of its own so that interpreter.ts, compiled.ts and key-writer.ts import it and not each other.

import { assertNever } from "../diagnostics/diagnostic.js";
import type * as Ir from "../ir/ir.js";
import { scalarWidth } from "../ir/widths.js";

export interface InterpResult {
  readonly outcome: "accept" | "reject";
  /** The parser error code (0 = NoError). */
  readonly error: number;
  /**
   * The key's bytes. From the compiled interpreter this is a view that may share its
   * ArrayBuffer with other keys: use the view (or `key.slice()`), not `key.buffer`.
   */
  readonly key: Uint8Array;
}

export interface InterpOptions {
  /** Value-set contents: for each value set id, its entries (one bigint per key component). */
  readonly valueSets?: ReadonlyMap<number, readonly (readonly bigint[])[]>;
}

export interface MachineState {
  readonly values: bigint[];
  readonly varbitLengths: number[];
  readonly valid: boolean[];
}

export function normalize(v: bigint, t: Ir.IrScalarType): bigint {
  switch (t.kind) {
    case "int":
      return BigInt.asIntN(t.width, v);
    case "bool":
      return v !== 0n ? 1n : 0n;
    case "bit":
    case "varbit":
    case "error":
      return BigInt.asUintN(scalarWidth(t), v);
    default:
      return assertNever(t, "IR scalar type");
  }
}
