// The message catalog: the union of its parts, one file per phase so that phases own their
// messages. One source of truth for every code and name; a test checks that codes and names are
// unique and that each part's codes sit in its range.

import { backendMessages } from "./catalog-backend.js";
import { cliMessages } from "./catalog-cli.js";
import { ioMessages } from "./catalog-io.js";
import { irMessages } from "./catalog-ir.js";
import { layoutMessages } from "./catalog-layout.js";
import { limitMessages } from "./catalog-limits.js";
import { parseMessages } from "./catalog-parse.js";
import { preprocessMessages } from "./catalog-preprocess.js";
import { typeMessages } from "./catalog-types.js";
import type { MessageDef } from "./message.js";

export const messages = {
  ...parseMessages,
  ...preprocessMessages,
  ...limitMessages,
  ...typeMessages,
  ...irMessages,
  ...layoutMessages,
  ...backendMessages,
  ...cliMessages,
  ...ioMessages,
} as const;

export type MessageKey = keyof typeof messages;

/** Each part and the code range it owns (inclusive). */
export const catalogParts: readonly {
  readonly part: string;
  readonly low: number;
  readonly high: number;
  readonly defs: Readonly<Record<string, MessageDef>>;
}[] = [
  { part: "parse", low: 1000, high: 1099, defs: parseMessages },
  { part: "preprocess", low: 1100, high: 1199, defs: preprocessMessages },
  { part: "limits", low: 1200, high: 1249, defs: limitMessages },
  { part: "types", low: 2000, high: 2999, defs: typeMessages },
  { part: "ir", low: 3000, high: 3099, defs: irMessages },
  { part: "layout", low: 3100, high: 3199, defs: layoutMessages },
  { part: "backend", low: 3200, high: 3999, defs: backendMessages },
  { part: "cli", low: 4000, high: 4099, defs: cliMessages },
  { part: "io", low: 4100, high: 4999, defs: ioMessages },
];

export function allMessages(): MessageDef[] {
  return catalogParts.flatMap((p) => Object.values(p.defs));
}

export function messageByName(name: string): MessageDef | undefined {
  return allMessages().find((m) => m.name === name);
}
