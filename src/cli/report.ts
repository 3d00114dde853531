// Prints diagnostics to stderr as text (with the source line quoted) or JSON, honouring --max-errors.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatCode, formatMessage } from "../diagnostics/message.js";
import { messages } from "../diagnostics/catalog.js";
import { renderJson } from "../diagnostics/render-json.js";
import { renderText } from "../diagnostics/render-text.js";
import { builtinIncludes } from "../frontend/include/index.js";
import type { CliIo } from "./io.js";

export function printDiagnostics(
  io: CliIo,
  diags: readonly Diagnostic[],
  format: "text" | "json",
  maxErrors: number,
): void {
  if (diags.length === 0) return;
  const shown = limitErrors(diags, maxErrors);
  if (format === "json") {
    io.stderr(renderJson(shown));
    return;
  }
  io.stderr(
    renderText(shown, {
      color: io.colorStderr,
      sourceText: (file) => io.host.readFile(file) ?? builtinText(file),
    }),
  );
}

function builtinText(file: string): string | undefined {
  const name = file.replace(/^<builtin>\//, "");
  return Object.prototype.hasOwnProperty.call(builtinIncludes, name)
    ? builtinIncludes[name]
    : undefined;
}

function limitErrors(diags: readonly Diagnostic[], maxErrors: number): readonly Diagnostic[] {
  if (maxErrors <= 0) return diags;
  const out: Diagnostic[] = [];
  let errors = 0;
  let hidden = 0;
  for (const d of diags) {
    if (d.severity === "error") errors++;
    if (errors > maxErrors) {
      if (d.severity === "error") hidden++;
      continue;
    }
    out.push(d);
  }
  if (hidden > 0) {
    const def = messages.tooManyErrors;
    out.push({
      code: formatCode(def.code),
      name: def.name,
      severity: def.severity,
      message: formatMessage(def, { count: maxErrors, rest: hidden }),
      related: [],
    });
  }
  return out;
}
