// Catalog entries from 3100 up: flow-key layout. Each message once; codes never reused.

import { defineMessages } from "./message.js";

export const layoutMessages = defineMessages({
  layoutMismatch: {
    code: 3101,
    name: "layout-mismatch",
    severity: "error",
    template:
      "{what} holds layout fingerprint {found}, but '{layout}' is layout {expected} of parser '{name}': its keys do not decode with this layout; use the layout it was built with.",
  },
  notALayout: {
    code: 3102,
    name: "not-a-layout",
    severity: "error",
    template: "'{path}' is not a p4flow layout: {reason}.",
  },
  layoutEdited: {
    code: 3103,
    name: "layout-edited",
    severity: "error",
    template:
      "'{path}' states fingerprint {stated} but its contents hash to {actual}: the layout was edited or written by another p4flow version; emit it again with the program.",
  },
});
