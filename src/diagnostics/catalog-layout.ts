// Catalog entries from 3100 up: flow-key layout. Each message once; codes never reused.

import { defineMessages } from "./message.js";

export const layoutMessages = defineMessages({});
