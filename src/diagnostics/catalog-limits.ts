// Catalog entries 1200-1249: the limits that keep hostile or runaway input (huge files, token
// floods, endless macro expansion, expressions too deep for the stack) from exhausting time or
// memory. Each message once; codes never reused.

import { defineMessages } from "./message.js";

export const limitMessages = defineMessages({
  expressionTooDeep: {
    code: 1200,
    name: "expression-too-deep",
    severity: "error",
    template:
      "This expression is nested more than {limit} deep (operators, members, indices and brackets counted together); split it with constants or local variables.",
  },
});
