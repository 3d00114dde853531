// Renders diagnostics as JSON for tools (--diagnostics-format json): one array, stable field order.

import type { Diagnostic } from "./diagnostic.js";

export function renderJson(diags: readonly Diagnostic[]): string {
  const out = diags.map((d) => ({
    code: d.code,
    name: d.name,
    severity: d.severity,
    message: d.message,
    range: d.range ?? null,
    related: d.related,
  }));
  return JSON.stringify(out, null, 2) + "\n";
}
