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
  unterminatedComment: {
    code: 1003,
    name: "unterminated-comment",
    severity: "error",
    template: "This block comment is never closed; add '*/'.",
  },
  unterminatedString: {
    code: 1004,
    name: "unterminated-string",
    severity: "error",
    template: "This string literal is not closed before the end of the line.",
  },
  badIntegerLiteral: {
    code: 1005,
    name: "bad-integer-literal",
    severity: "error",
    template: "'{text}' is not a valid integer literal.",
  },
  missingSliceBound: {
    code: 1006,
    name: "missing-slice-bound",
    severity: "error",
    template: "A bit slice needs two bounds, as in 'e[7:0]' or 'e[0 +: 8]'.",
  },
  notAStatement: {
    code: 1007,
    name: "not-a-statement",
    severity: "error",
    template: "This expression is not a statement; a statement is an assignment or a call.",
  },
  declarationNotAllowedHere: {
    code: 1008,
    name: "declaration-not-allowed-here",
    severity: "error",
    template: "Cannot declare {what} here.",
  },
  nestingTooDeep: {
    code: 1009,
    name: "nesting-too-deep",
    severity: "error",
    template: "Brackets are nested more than {limit} deep; the file is not parsed further.",
  },
  tooManyLexicalErrors: {
    code: 1010,
    name: "too-many-lexical-errors",
    severity: "error",
    template: "Too many invalid characters ({count}); is this a P4 source file?",
  },
  tooManySyntaxErrors: {
    code: 1011,
    name: "too-many-syntax-errors",
    severity: "error",
    template: "{count} more syntax errors are not shown.",
  },
});
