// Catalog entries 3000-3099: lowering the typed extractor parser into the IR. Each message once;
// codes never reused.

import { defineMessages } from "./message.js";

export const irMessages = defineMessages({
  unsupportedConstruct: {
    code: 3001,
    name: "unsupported-construct",
    severity: "error",
    template: "p4flow cannot compile {what} yet.",
  },
  keysetNotConstant: {
    code: 3002,
    name: "keyset-not-constant",
    severity: "error",
    template:
      "A select keyset must be a compile-time constant or a value set; '{text}' is neither.",
  },
  keysetTooWide: {
    code: 3003,
    name: "keyset-too-wide",
    severity: "warning",
    template:
      "The keyset value {value} does not fit the {width}-bit key; only its low {width} bits are compared.",
  },
});
