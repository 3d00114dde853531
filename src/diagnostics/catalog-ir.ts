// Catalog entries from 3000 up: lowering the typed parser into the IR. Each message once; codes never reused.

import { defineMessages } from "./message.js";

export const irMessages = defineMessages({});
