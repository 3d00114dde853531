// Catalog entries 2000-2999: names, types and the architecture model. Each message once; codes never reused.

import { defineMessages } from "./message.js";

export const typeMessages = defineMessages({});
