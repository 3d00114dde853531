// Layout identity checks shared by the library and the CLI: reading a `.layout.json` back (its
// fingerprint must be the hash of its contents) and comparing a BPF object's stored fingerprint
// with a layout. Reports diagnostics; reads no files (callers give text and bytes).

import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import { layoutFingerprint } from "./fingerprint.js";
import { LAYOUT_SCHEMA_VERSION, type FlowKeyLayout } from "./layout.js";
import { FINGERPRINT_SYMBOL, readObjectFingerprint } from "./object-fingerprint.js";

/** A layout from `<name>.layout.json` text, or undefined (with a diagnostic). */
export function layoutFromJson(
  text: string,
  path: string,
  sink: DiagnosticSink,
): FlowKeyLayout | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    sink.report(messages.notALayout, undefined, {
      path,
      reason: `it is not JSON (${e instanceof Error ? e.message.replace(/\.$/, "") : String(e)})`,
    });
    return undefined;
  }
  const l = value as Partial<FlowKeyLayout> | null;
  if (
    typeof l !== "object" ||
    l === null ||
    l.schemaVersion !== LAYOUT_SCHEMA_VERSION ||
    typeof l.fingerprint !== "string" ||
    !Array.isArray(l.fields) ||
    typeof l.flowStats !== "object"
  ) {
    sink.report(messages.notALayout, undefined, {
      path,
      reason: `it lacks schemaVersion ${LAYOUT_SCHEMA_VERSION}, fields, flowStats or a fingerprint`,
    });
    return undefined;
  }
  const layout = l as FlowKeyLayout;
  let actual: string;
  try {
    actual = layoutFingerprint(layout);
  } catch {
    sink.report(messages.notALayout, undefined, { path, reason: "its fields are malformed" });
    return undefined;
  }
  if (actual !== layout.fingerprint) {
    sink.report(messages.layoutEdited, undefined, { path, stated: layout.fingerprint, actual });
    return undefined;
  }
  return layout;
}

/** Whether the BPF object's stored fingerprint is `layout`'s (diagnostics say why not). */
export function verifyObject(
  object: Uint8Array,
  objectPath: string,
  layout: FlowKeyLayout,
  layoutPath: string,
  sink: DiagnosticSink,
): boolean {
  const found = readObjectFingerprint(object);
  switch (found.kind) {
    case "invalid":
      sink.report(messages.notABpfObject, undefined, { path: objectPath, reason: found.reason });
      return false;
    case "missing":
      sink.report(messages.noFingerprint, undefined, {
        path: objectPath,
        symbol: FINGERPRINT_SYMBOL,
      });
      return false;
    case "found":
      if (found.fingerprint === layout.fingerprint) return true;
      sink.report(messages.layoutMismatch, undefined, {
        what: `'${objectPath}'`,
        found: found.fingerprint,
        layout: layoutPath,
        expected: layout.fingerprint,
        name: layout.name,
      });
      return false;
  }
}
