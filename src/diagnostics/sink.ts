// The diagnostics sink passed explicitly through every phase. It applies the warning policy
// (--Wdisable, --Wwarn, --Werror) at report time so phases never think about it.

import type { SourceRange } from "../frontend/source.js";
import type { Diagnostic, RelatedInformation, Severity } from "./diagnostic.js";
import { limitMessages } from "./catalog-limits.js";
import { formatCode, formatMessage, type MessageArgs, type MessageDef } from "./message.js";

export interface WarningPolicy {
  /** Warning names that are dropped. */
  readonly disabled?: ReadonlySet<string>;
  /** Warning names that stay warnings even under a blanket --Werror. */
  readonly keepAsWarning?: ReadonlySet<string>;
  /** Warning names promoted to errors, or "all". */
  readonly asError?: ReadonlySet<string> | "all";
}

/** Diagnostics kept per compile; past it they are counted, not kept (hostile input can make millions). */
export const MAX_DIAGNOSTICS = 1000;

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
    if (d.severity === "error") this.errors++;
    if (this.list.length < MAX_DIAGNOSTICS) this.list.push(d);
    else if (this.list.length === MAX_DIAGNOSTICS) {
      // The dropped ones still count (an error dropped is still an error); this only says so.
      this.list.push({
        code: formatCode(limitMessages.tooManyDiagnostics.code),
        name: limitMessages.tooManyDiagnostics.name,
        severity: "warning",
        message: formatMessage(limitMessages.tooManyDiagnostics, { limit: MAX_DIAGNOSTICS }),
        related: [],
      });
    }
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
