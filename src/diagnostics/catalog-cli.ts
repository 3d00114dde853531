// Catalog entries 4000-4099: command line, configuration and output files. Each message once;
// codes never reused.

import { defineMessages } from "./message.js";

export const cliMessages = defineMessages({
  cannotReadFile: {
    code: 4001,
    name: "cannot-read-file",
    severity: "error",
    template: "Cannot read '{path}': {reason}.",
  },
  cannotWriteOutput: {
    code: 4002,
    name: "cannot-write-output",
    severity: "error",
    template: "Cannot write '{path}': {reason}.",
  },
  badOptionValue: {
    code: 4003,
    name: "bad-option-value",
    severity: "error",
    template: "Invalid value '{value}' for {option}: {reason}.",
  },
  conflictingOptions: {
    code: 4004,
    name: "conflicting-options",
    severity: "error",
    template: "{first} cannot be used together with {second}.",
  },
  unknownWarningName: {
    code: 4006,
    name: "unknown-warning-name",
    severity: "error",
    template:
      "'{name}' given to {option} is not the name of a warning; run 'p4flow --list-warnings' to see them.",
  },
  badConfig: {
    code: 4008,
    name: "bad-config",
    severity: "error",
    template: "Bad project configuration: {reason}.",
  },
  needsRoot: {
    code: 4030,
    name: "needs-root",
    severity: "error",
    template: "'p4flow {command}' needs {what}.",
  },
  toolFailed: {
    code: 4031,
    name: "tool-failed",
    severity: "error",
    template: "'{command}' failed: {reason}.",
  },
  nothingAttached: {
    code: 4032,
    name: "nothing-attached",
    severity: "error",
    template:
      "Nothing attached by p4flow is pinned at '{pin}' ({reason}); give the --pin of 'p4flow attach'.",
  },
  alreadyAttached: {
    code: 4033,
    name: "already-attached",
    severity: "error",
    template: "'{pin}' holds an attached program already; run 'p4flow detach --pin {pin}' first.",
  },
  noFlowTable: {
    code: 4034,
    name: "no-flow-table",
    severity: "error",
    template:
      "The program pinned at '{pin}' has no flow table; attach it with --flow-table N (attach adds one by default when it builds the program).",
  },
  tooManyErrors: {
    code: 4007,
    name: "too-many-errors",
    severity: "note",
    template: "Stopped after {count} errors (--max-errors); {rest} more not shown.",
  },
  // 4090-4099: the language server.
  documentTooLarge: {
    code: 4090,
    name: "document-too-large",
    severity: "note",
    template:
      "This document ({size}) is larger than the editor analyses ({limit}): no diagnostics, navigation or formatting here; run 'p4flow check' on it.",
  },
});
