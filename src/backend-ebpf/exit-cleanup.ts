// Paths that must not outlive the process (Node only): bpffs pin folders of loaded programs and
// their build folders. Whoever creates one registers it and removes it when done; whatever is
// still registered when the process ends (normally, by process.exit, on an uncaught exception, or
// on a fatal signal such as SIGINT or SIGTERM) is removed then, so an interrupted `p4flow run
// --kernel` or a test that fails midway leaves no /sys/fs/bpf/p4flow-* folder behind. The hook is
// signal-exit's, installed only while something is registered; a signal the program handles
// itself keeps its own handling (and the registered paths are removed when it then exits).

import { rmSync } from "node:fs";
import { onExit } from "signal-exit";

const live = new Set<string>();
let unhook: (() => void) | undefined;

function removeAll(): void {
  for (const path of live) rmSync(path, { recursive: true, force: true });
  live.clear();
}

/** Removes `path` (recursively) when the process ends, unless `release` removed it first. */
export function removeAtExit(path: string): void {
  live.add(path);
  unhook ??= onExit(removeAll);
}

/** Removes `path` now and forgets it. */
export function release(path: string): void {
  rmSync(path, { recursive: true, force: true });
  if (live.delete(path) && live.size === 0) {
    unhook?.();
    unhook = undefined;
  }
}
