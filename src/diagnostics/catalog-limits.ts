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
  fileTooLarge: {
    code: 1201,
    name: "input-too-large",
    severity: "error",
    template:
      "'{file}' has {size} characters, more than the limit of {limit} (--max-input-size); it is not read.",
  },
  preprocessedTooLarge: {
    code: 1202,
    name: "preprocessed-too-large",
    severity: "error",
    template:
      "The preprocessed program grows past {limit} characters here (--max-input-size); preprocessing stops.",
  },
  tooManyTokens: {
    code: 1203,
    name: "too-many-tokens",
    severity: "error",
    template:
      "The program has more than {limit} tokens (--max-tokens); it is not parsed past this one.",
  },
  tooManyDiagnostics: {
    code: 1204,
    name: "too-many-diagnostics",
    severity: "warning",
    template: "More than {limit} diagnostics; the rest are not kept.",
  },
  typeTooDeep: {
    code: 1205,
    name: "type-too-deep",
    severity: "error",
    template:
      "This type is nested more than {limit} deep (stack dimensions and type arguments counted together).",
  },
  parseTooDeep: {
    code: 1206,
    name: "parse-too-deep",
    severity: "error",
    template:
      "The program is nested too deeply here to parse (chains of prefix operators, casts, '?:', 'if' without braces or type arguments); split it. The file is not parsed further.",
  },
});
