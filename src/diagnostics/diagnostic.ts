// The Diagnostic type and the sink every phase reports into. User errors are values, never
// exceptions; compiler bugs are InternalError and nothing else.

import type { SourceRange } from "../frontend/source.js";

export type Severity = "error" | "warning" | "note";

export interface RelatedInformation {
  readonly message: string;
  readonly range: SourceRange;
}

export interface Diagnostic {
  /** Stable code such as "P4F2003". */
  readonly code: string;
  /** Stable kebab-case name such as "type-mismatch"; used by --Wdisable=NAME and friends. */
  readonly name: string;
  readonly severity: Severity;
  /** A full sentence ending in a period, names quoted. */
  readonly message: string;
  /** Absent only for diagnostics about the invocation itself (flags, missing files). */
  readonly range?: SourceRange;
  readonly related: readonly RelatedInformation[];
}

/** A compiler bug: thrown, caught at the front doors, exit code 3. */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InternalError";
  }
}

export function assertNever(x: never, what = "value"): never {
  throw new InternalError(`unexpected ${what}: ${JSON.stringify(x)}`);
}
