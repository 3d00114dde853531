// `p4flow --list-warnings`: every warning of the catalog, one line each: its name (what
// --Werror, --Wdisable and --Wwarn take), its code and what it means (the message with its holes
// shown as <names>), so the hint in P4F4006 leads somewhere.

import { allMessages } from "../diagnostics/catalog.js";
import { formatCode } from "../diagnostics/message.js";

export function listWarnings(): string {
  const warnings = allMessages()
    .filter((m) => m.severity === "warning")
    .sort((a, b) => a.name.localeCompare(b.name));
  const width = Math.max(...warnings.map((m) => m.name.length));
  const lines = warnings.map(
    (m) =>
      `${m.name.padEnd(width)}  ${formatCode(m.code)}  ${m.template.replace(/\{(\w+)\}/g, "<$1>")}`,
  );
  return `${lines.join("\n")}\n`;
}
