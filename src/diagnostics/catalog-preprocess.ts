// Catalog entries 1100-1199: preprocessing (#include, #define, #if). Each message once; codes
// never reused.

import { defineMessages } from "./message.js";

export const preprocessMessages = defineMessages({
  includeNotFound: {
    code: 1101,
    name: "include-not-found",
    severity: "error",
    template: "Cannot find include file '{name}' (searched: {searched}).",
  },
  includeCycle: {
    code: 1102,
    name: "include-cycle",
    severity: "error",
    template: "'{name}' includes itself through {chain}.",
  },
  includeTooDeep: {
    code: 1103,
    name: "include-too-deep",
    severity: "error",
    template: "Includes are nested more than {limit} deep.",
  },
  badDirective: {
    code: 1104,
    name: "bad-directive",
    severity: "error",
    template: "Malformed '#{directive}': {reason}.",
  },
  unknownDirective: {
    code: 1105,
    name: "unknown-directive",
    severity: "error",
    template: "Unknown preprocessor directive '#{directive}'.",
  },
  unterminatedConditional: {
    code: 1106,
    name: "unterminated-conditional",
    severity: "error",
    template: "This '#{directive}' has no matching '#endif'.",
  },
  unmatchedConditional: {
    code: 1107,
    name: "unmatched-conditional",
    severity: "error",
    template: "'#{directive}' without a preceding '#if'.",
  },
  badCondition: {
    code: 1108,
    name: "bad-condition",
    severity: "error",
    template: "Cannot evaluate this '#{directive}' condition: {reason}.",
  },
  userError: {
    code: 1109,
    name: "error-directive",
    severity: "error",
    template: "#error: {text}.",
  },
  userWarning: {
    code: 1110,
    name: "warning-directive",
    severity: "warning",
    template: "#warning: {text}.",
  },
  macroExpansionTooLarge: {
    code: 1111,
    name: "macro-expansion-too-large",
    severity: "error",
    template:
      "Macro expansion on this line does not end (nested more than {depth} deep or longer than {size} characters).",
  },
  macroRedefined: {
    code: 1112,
    name: "macro-redefined",
    severity: "warning",
    template: "Macro '{name}' is redefined differently.",
  },
  elseAfterElse: {
    code: 1113,
    name: "else-after-else",
    severity: "error",
    template: "'#{directive}' after '#else'.",
  },
});
