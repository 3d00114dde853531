// The width in bits of an IR scalar type, as every engine counts it: a bool is 1 bit, an error
// code 16, a varbit its maximum.

import { ERROR_CODE_BITS, type IrScalarType } from "./ir.js";

export function scalarWidth(t: IrScalarType): number {
  switch (t.kind) {
    case "bit":
    case "int":
      return t.width;
    case "bool":
      return 1;
    case "varbit":
      return t.maxWidth;
    case "error":
      return ERROR_CODE_BITS;
  }
}

/** A scalar a backend keeps in one 64-bit word: not a varbit, at most 64 bits wide. */
export function isNarrow(t: IrScalarType): boolean {
  return t.kind !== "varbit" && scalarWidth(t) <= 64;
}
