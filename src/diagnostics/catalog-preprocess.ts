// Catalog entries from 1100 up: preprocessing (#include, #define, #if). Each message once; codes never reused.

import { defineMessages } from "./message.js";

export const preprocessMessages = defineMessages({});
