// Catalog entries 4100-4999: packets and captures (pcap, pcapng, hex). Each message once; codes
// never reused. Every message names the file and, for captures, the record.

import { defineMessages } from "./message.js";

export const ioMessages = defineMessages({
  notACapture: {
    code: 4101,
    name: "not-a-capture",
    severity: "error",
    template: "'{file}' is not a pcap or pcapng capture (it starts with {magic}).",
  },
  recordPastEnd: {
    code: 4102,
    name: "record-past-end",
    severity: "error",
    template:
      "'{file}' record {record}: {what} runs past the end of the file; the records before it are used.",
  },
  absurdLength: {
    code: 4103,
    name: "absurd-record-length",
    severity: "error",
    template:
      "'{file}' record {record}: a captured length of {length} bytes is larger than {limit}; the file is read no further.",
  },
  emptyRecord: {
    code: 4104,
    name: "empty-record",
    severity: "warning",
    template: "'{file}' record {record} holds no bytes; it is skipped.",
  },
  unsupportedLinkType: {
    code: 4105,
    name: "unsupported-link-type",
    severity: "error",
    template:
      "'{file}' has link type {linkType}; only Ethernet (link type 1) captures are supported.",
  },
  badBlock: {
    code: 4106,
    name: "bad-pcapng-block",
    severity: "error",
    template: "'{file}' block {record}: {reason}; the file is read no further.",
  },
  badHex: {
    code: 4107,
    name: "bad-hex-packet",
    severity: "error",
    template: "The packet '{text}' is not hexadecimal: {reason}.",
  },
  cannotReadCapture: {
    code: 4108,
    name: "cannot-read-capture",
    severity: "error",
    template: "Cannot read the capture '{file}': {reason}.",
  },
  notABpfObject: {
    code: 4140,
    name: "not-a-bpf-object",
    severity: "error",
    template: "'{path}' is not a BPF object file: {reason}.",
  },
  noFingerprint: {
    code: 4141,
    name: "no-layout-fingerprint",
    severity: "error",
    template:
      "'{path}' holds no layout fingerprint (no global '{symbol}' in its read-only data): it was not built from p4flow's C, or by a p4flow older than this one.",
  },
});
