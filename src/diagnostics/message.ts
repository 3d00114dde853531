// The shape of one catalog entry and the formatting of its template. Templates use named holes,
// `{name}`, filled from the arguments given at the report site.

import type { Severity } from "./diagnostic.js";

export interface MessageDef {
  /** Numeric part of the code: 1xxx preprocess/lex/parse, 2xxx names and types,
   *  3xxx IR/backend/layout limits, 4xxx CLI/IO. */
  readonly code: number;
  readonly name: string;
  readonly severity: Severity;
  readonly template: string;
}

export type MessageArgs = Readonly<Record<string, string | number | bigint>>;

export function formatCode(code: number): string {
  return `P4F${String(code).padStart(4, "0")}`;
}

export function formatMessage(def: MessageDef, args: MessageArgs = {}): string {
  return def.template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in args ? String(args[key]) : whole,
  );
}

/** Declares a band of the catalog; the object's keys are how code refers to messages. */
export function defineMessages<T extends Record<string, MessageDef>>(defs: T): T {
  return defs;
}
