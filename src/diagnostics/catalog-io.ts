// Catalog entries 4100-4999: packets and captures (pcap, pcapng, hex) and `run`'s output. Each message once; codes
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
      "'{file}' {where}: {what} runs past the end of the file; the packets before it are used.",
  },
  absurdLength: {
    code: 4103,
    name: "absurd-record-length",
    severity: "error",
    template:
      "'{file}' {where}: a captured length of {length} bytes is larger than {limit}; the file is read no further.",
  },
  emptyRecord: {
    code: 4104,
    name: "empty-record",
    severity: "warning",
    template: "'{file}' {where} holds no bytes; it is skipped.",
  },
  unsupportedLinkType: {
    code: 4105,
    name: "unsupported-link-type",
    severity: "error",
    template: "'{file}'{where} has link type {linkType} ({name}); p4flow reads {supported}{rest}.",
  },
  badBlock: {
    code: 4106,
    name: "bad-pcapng-block",
    severity: "error",
    template: "'{file}' {where}: {reason}; the file is read no further.",
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
  captureHeaderCut: {
    code: 4109,
    name: "capture-header-cut",
    severity: "error",
    template:
      "'{file}' ends after {size} bytes, inside its {format} file header of {need} bytes; it holds no packets.",
  },
  noEthernetFrame: {
    code: 4110,
    name: "no-ethernet-frame",
    severity: "warning",
    template: "'{file}' {where}: {reason}; the packet is skipped.",
  },
  noPacketSource: {
    code: 4111,
    name: "no-packet-source",
    severity: "error",
    template:
      "'p4flow run' needs packets: give --pcap FILE (- reads standard input) or --hex PACKET.",
  },
  badFieldFormat: {
    code: 4112,
    name: "bad-field-format",
    severity: "warning",
    template: "The @p4flow_format annotation on '{field}' is left out: {reason}.",
  },
});
