// Checks of the parameters the language server receives. A request with malformed parameters is
// answered InvalidParams (-32602) with what is wrong; a notification cannot be answered, so its
// handler logs one line and ignores it. Only the fields the server reads are checked.

import {
  ErrorCodes,
  ResponseError,
  type Position,
  type Range,
} from "vscode-languageserver/node.js";

/** What is wrong with a parameter; the handlers turn it into -32602 or a log line. */
export class BadParams extends Error {}

export const invalidParams = (e: BadParams) =>
  new ResponseError(ErrorCodes.InvalidParams, `Invalid parameters: ${e.message}`);

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new BadParams(`${what} must be an object`);
  return value as Json;
}

function string(value: unknown, what: string): string {
  if (typeof value !== "string") throw new BadParams(`${what} must be a string`);
  return value;
}

function count(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0)
    throw new BadParams(`${what} must be a whole number >= 0`);
  return value;
}

function position(value: unknown, what: string): Position {
  const p = object(value, what);
  return {
    line: count(p["line"], `${what}.line`),
    character: count(p["character"], `${what}.character`),
  };
}

function range(value: unknown, what: string): Range {
  const r = object(value, what);
  return { start: position(r["start"], `${what}.start`), end: position(r["end"], `${what}.end`) };
}

/** The document a request or notification is about. */
export function documentUri(params: unknown): string {
  const p = object(params, "params");
  return string(object(p["textDocument"], "textDocument")["uri"], "textDocument.uri");
}

export function documentPosition(params: unknown): { uri: string; position: Position } {
  return {
    uri: documentUri(params),
    position: position(object(params, "params")["position"], "position"),
  };
}

export function renameParams(params: unknown): {
  uri: string;
  position: Position;
  newName: string;
} {
  return {
    ...documentPosition(params),
    newName: string(object(params, "params")["newName"], "newName"),
  };
}

/** Formatting options; the tab size is clamped by the formatter, not refused. */
export function formattingParams(params: unknown): {
  uri: string;
  options: { tabSize: number; insertSpaces: boolean };
} {
  const o = object(object(params, "params")["options"], "options");
  if (typeof o["tabSize"] !== "number" || !Number.isFinite(o["tabSize"]))
    throw new BadParams("options.tabSize must be a number");
  if (typeof o["insertSpaces"] !== "boolean")
    throw new BadParams("options.insertSpaces must be true or false");
  return {
    uri: documentUri(params),
    options: { tabSize: o["tabSize"], insertSpaces: o["insertSpaces"] },
  };
}

export function openParams(params: unknown): { uri: string; version: number; text: string } {
  const d = object(object(params, "params")["textDocument"], "textDocument");
  const version = d["version"];
  if (typeof version !== "number" || !Number.isInteger(version))
    throw new BadParams("textDocument.version must be a whole number");
  return {
    uri: string(d["uri"], "textDocument.uri"),
    version,
    text: string(d["text"], "textDocument.text"),
  };
}

export type ContentChange = { text: string } | { range: Range; text: string };

export function changeParams(params: unknown): {
  uri: string;
  version: number;
  changes: ContentChange[];
} {
  const p = object(params, "params");
  const d = object(p["textDocument"], "textDocument");
  const version = d["version"];
  if (typeof version !== "number" || !Number.isInteger(version))
    throw new BadParams("textDocument.version must be a whole number");
  const raw = p["contentChanges"];
  if (!Array.isArray(raw)) throw new BadParams("contentChanges must be an array");
  const changes = raw.map((c, i): ContentChange => {
    const o = object(c, `contentChanges[${i}]`);
    const text = string(o["text"], `contentChanges[${i}].text`);
    return o["range"] === undefined
      ? { text }
      : { range: range(o["range"], `contentChanges[${i}].range`), text };
  });
  return { uri: string(d["uri"], "textDocument.uri"), version, changes };
}
