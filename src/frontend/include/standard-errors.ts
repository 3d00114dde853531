// The standard parser errors of core.p4, in declaration order. The checker numbers errors in
// declaration order, so the index here is each error's code: core.p4's `error { ... }` block is
// written from this list, and the IR's STANDARD_ERROR_CODE (what the interpreters and the C
// emitter raise) is derived from it.

export const STANDARD_ERROR_NAMES = [
  "NoError",
  "PacketTooShort",
  "NoMatch",
  "StackOutOfBounds",
  "HeaderTooShort",
  "ParserTimeout",
  "ParserInvalidArgument",
] as const;

export type StandardErrorName = (typeof STANDARD_ERROR_NAMES)[number];
