// The diagnostics sink passed explicitly through every phase. It applies the warning policy
// (--Wdisable, --Wwarn, --Werror) at report time so phases never think about it.

import type { SourceRange } from "../frontend/source.js";
import type { Diagnostic, RelatedInformation, Severity } from "./diagnostic.js";
import { formatCode, formatMessage, type MessageArgs, type MessageDef } from "./message.js";

export interface WarningPolicy {
  /** Warning names that are dropped. */
  readonly disabled?: ReadonlySet<string>;
  /** Warning names that stay warnings even under a blanket --Werror. */
  readonly keepAsWarning?: ReadonlySet<string>;
  /** Warning names promoted to errors, or "all". */
  readonly asError?: ReadonlySet<string> | "all";
}

export class DiagnosticSink {
  private readonly list: Diagnostic[] = [];
  private errors = 0;

  constructor(private readonly policy: WarningPolicy = {}) {}

  get diagnostics(): readonly Diagnostic[] {
    return this.list;
  }

  get errorCount(): number {
    return this.errors;
  }

  hasErrors(): boolean {
    return this.errors > 0;
  }

  /** Reports a catalog message. Returns the diagnostic as recorded, or undefined if the policy dropped it. */
  report(
    def: MessageDef,
    range: SourceRange | undefined,
    args: MessageArgs = {},
    related: readonly RelatedInformation[] = [],
  ): Diagnostic | undefined {
    const severity = this.effectiveSeverity(def);
    if (severity === undefined) return undefined;
    const d: Diagnostic = {
      code: formatCode(def.code),
      name: def.name,
      severity,
      message: formatMessage(def, args),
      ...(range ? { range } : {}),
      related,
    };
    this.add(d);
    return d;
  }

  /** Adds an already-built diagnostic (from another sink, a cache, a sub-compilation). */
  add(d: Diagnostic): void {
    this.list.push(d);
    if (d.severity === "error") this.errors++;
  }

  private effectiveSeverity(def: MessageDef): Severity | undefined {
    if (def.severity !== "warning") return def.severity;
    const p = this.policy;
    if (p.disabled?.has(def.name)) return undefined;
    if (p.keepAsWarning?.has(def.name)) return "warning";
    if (p.asError === "all" || p.asError?.has(def.name)) return "error";
    return "warning";
  }
}
