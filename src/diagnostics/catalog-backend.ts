// Catalog entries from 3200 up: eBPF backend limits, clang and the kernel runner. Each message
// once; codes never reused.
import { defineMessages } from "./message.js";

export const backendMessages = defineMessages({});
