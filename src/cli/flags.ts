// Turns flag strings into typed settings, reporting bad values as 40xx diagnostics.

import { allMessages } from "../diagnostics/catalog.js";
import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink, WarningPolicy } from "../diagnostics/sink.js";

interface WarningFlags {
  readonly Werror?: string;
  readonly Wdisable: readonly string[];
  readonly Wwarn: readonly string[];
}

const splitNames = (values: readonly string[]): string[] =>
  values
    .flatMap((v) => v.split(","))
    .map((s) => s.trim())
    .filter((s) => s !== "");

export function warningNames(): string[] {
  return allMessages()
    .filter((m) => m.severity === "warning")
    .map((m) => m.name)
    .sort();
}

export function warningPolicyFromFlags(flags: WarningFlags, sink: DiagnosticSink): WarningPolicy {
  const known = new Set(warningNames());
  const check = (names: string[], option: string): Set<string> => {
    for (const name of names) {
      if (!known.has(name)) sink.report(messages.unknownWarningName, undefined, { name, option });
    }
    return new Set(names);
  };
  const werror = flags.Werror === undefined ? [] : splitNames([flags.Werror]);
  const asError =
    flags.Werror === undefined
      ? undefined
      : werror.includes("all")
        ? ("all" as const)
        : check(werror, "--Werror");
  return {
    disabled: check(splitNames(flags.Wdisable), "--Wdisable"),
    keepAsWarning: check(splitNames(flags.Wwarn), "--Wwarn"),
    ...(asError ? { asError } : {}),
  };
}

export function parseDefines(
  values: readonly string[],
  sink: DiagnosticSink,
): { name: string; value?: string }[] {
  const out: { name: string; value?: string }[] = [];
  for (const v of values) {
    const eq = v.indexOf("=");
    const name = eq < 0 ? v : v.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      sink.report(messages.badOptionValue, undefined, {
        value: v,
        option: "-D",
        reason: "expected NAME or NAME=VALUE with NAME an identifier",
      });
      continue;
    }
    out.push(eq < 0 ? { name } : { name, value: v.slice(eq + 1) });
  }
  return out;
}

export function parseMaxErrors(value: string, sink: DiagnosticSink): number {
  if (!/^\d+$/.test(value)) {
    sink.report(messages.badOptionValue, undefined, {
      value,
      option: "--max-errors",
      reason: "expected a whole number",
    });
    return 0;
  }
  return Number(value);
}
