// Catalog entries 1000-1099: lexing and parsing. Each message once; codes never reused.

import { defineMessages } from "./message.js";

export const parseMessages = defineMessages({
  unexpectedCharacter: {
    code: 1001,
    name: "unexpected-character",
    severity: "error",
    template: "Unexpected character {text}.",
  },
  unexpectedToken: {
    code: 1002,
    name: "unexpected-token",
    severity: "error",
    template: "{expected}, found {found}.",
  },
});
