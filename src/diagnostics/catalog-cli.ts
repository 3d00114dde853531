// Catalog entries 4000-4099: command line, configuration and output files. Each message once;
// codes never reused.

import { defineMessages } from "./message.js";

export const cliMessages = defineMessages({});
