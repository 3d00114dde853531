// Renders the layout as `<name>.layout.json`: the layout object itself, versioned by
// schemaVersion (see SCHEMA.md), with stable key order and two-space indentation.

import type { FlowKeyLayout } from "./layout.js";

export function renderLayoutJson(layout: FlowKeyLayout): string {
  return JSON.stringify(layout, null, 2) + "\n";
}
