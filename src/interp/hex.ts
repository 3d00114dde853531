// One packet given on the command line as hex: digits with optional spaces, colons, dashes or
// newlines between them, and an optional leading 0x.

import { ioMessages } from "../diagnostics/catalog-io.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";

export function parseHexPacket(text: string, sink: DiagnosticSink): Uint8Array | undefined {
  const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  const body = text.trim().replace(/^0x/i, "");
  const digits = body.replace(/[\s:-]/g, "");
  const bad = /[^0-9a-fA-F]/.exec(digits);
  if (bad) {
    const at = body.indexOf(bad[0]) + 1 + (text.trim().length - body.length);
    sink.report(ioMessages.badHex, undefined, {
      text: shown,
      reason: `'${bad[0]}' at character ${at} is not a hex digit`,
    });
    return undefined;
  }
  if (digits.length === 0 || digits.length % 2 !== 0) {
    sink.report(ioMessages.badHex, undefined, {
      text: shown,
      reason:
        digits.length === 0 ? "it is empty" : `it has an odd number of digits (${digits.length})`,
    });
    return undefined;
  }
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}
