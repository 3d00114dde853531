// Catalog entries from 4100 up: packets and captures (pcap, pcapng, hex). Each message once; codes never reused.

import { defineMessages } from "./message.js";

export const ioMessages = defineMessages({});
