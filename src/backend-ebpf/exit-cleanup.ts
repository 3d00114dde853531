// Paths that must not outlive the process (Node only): bpffs pin folders of loaded programs and
// their build folders. Whoever creates one registers it and removes it when done; whatever is
// still registered when the process exits (normally, on an uncaught exception, or on SIGINT,
// SIGTERM or SIGHUP) is removed then, so an interrupted `p4flow run --kernel` or a test that fails
// midway leaves no /sys/fs/bpf/p4flow-* folder behind.

import { rmSync } from "node:fs";

const live = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let exitHooked = false;

function removeAll(): void {
  for (const path of live) rmSync(path, { recursive: true, force: true });
  live.clear();
  unhookSignals();
}

/** Signal listeners only while something is registered: the default actions stay otherwise. */
function unhookSignals(): void {
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  // With no other listener the signal's default action ends the process as it would have without
  // this hook (status 128 + signal); a program's own listener keeps its own handling.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/** Removes `path` (recursively) when the process ends, unless `release` removed it first. */
export function removeAtExit(path: string): void {
  if (live.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  live.add(path);
  if (!exitHooked) {
    exitHooked = true;
    process.on("exit", removeAll);
  }
}

/** Removes `path` now and forgets it. */
export function release(path: string): void {
  rmSync(path, { recursive: true, force: true });
  if (live.delete(path) && live.size === 0) unhookSignals();
}
