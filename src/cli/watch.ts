// `p4flow file.p4 --watch`: compiles, then again whenever the file or anything it includes
// changes, printing one status line per run with the time it took. Files are polled (fs.watchFile),
// which follows editors that save by renaming and files that are deleted and come back; a
// compile that fails (syntax errors, a missing file) just waits for the next change. Runs until
// the process is interrupted; `stop` (for tests and the library) ends it.

import { statSync, unwatchFile, watchFile, type Stats } from "node:fs";
import { BUILTIN_PREFIX } from "../frontend/preprocess.js";
import { runCompile, type CompileFlags } from "./commands.js";
import type { CliIo } from "./io.js";
import { EXIT_OK } from "./exit-codes.js";

const POLL_MS = 100;
const SETTLE_MS = 30;

export interface Watcher {
  stop(): void;
  /** Resolves when the watcher stops. */
  readonly done: Promise<number>;
}

export function watchCompile(io: CliIo, file: string, flags: CompileFlags): Watcher {
  let watched = new Set<string>();
  /** Each watched file's modification time when the last compile ended. */
  const seen = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let stopped = false;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));
  const main = io.host.resolve(io.cwd, file);

  const onChange = (curr: Stats, prev: Stats) => {
    // Node calls a listener once for a file that is missing when the watch starts: nothing changed.
    if (curr.mtimeMs === 0 && prev.mtimeMs === 0) return;
    clearTimeout(timer);
    timer = setTimeout(() => void build(), SETTLE_MS);
  };

  async function build(): Promise<void> {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    const read: string[] = [];
    const started = Date.now();
    const t0 = performance.now();
    const code = await runCompile(io, file, flags, read);
    const ms = Math.round(performance.now() - t0);
    const time = new Date().toTimeString().slice(0, 8);
    // Watch what this compile read (always the main file, even when it could not be read), not
    // the built-in headers, which are no files.
    const next = new Set([main, ...read.filter((f) => !f.startsWith(BUILTIN_PREFIX))]);
    for (const f of watched) if (!next.has(f)) (unwatchFile(f, onChange), seen.delete(f));
    for (const f of next) if (!watched.has(f)) watchFile(f, { interval: POLL_MS }, onChange);
    watched = next;
    // A save while the compile read the files, or before a new file's polling took its first
    // look, reaches no listener: a file modified since the compile started is compiled again
    // (once per modification time, so a file dated in the future cannot loop).
    for (const f of next) {
      const mtime = mtimeOf(f);
      if (mtime >= started && mtime !== seen.get(f)) again = true;
      seen.set(f, mtime);
    }
    io.stderr(
      `[${time}] ${code === 0 ? "compiled" : "failed"} ${file} in ${ms} ms; watching ${next.size} file${next.size === 1 ? "" : "s"}\n`,
    );
    running = false;
    if (again) {
      again = false;
      void build();
    }
  }

  void build();
  return {
    done,
    stop() {
      stopped = true;
      clearTimeout(timer);
      for (const f of watched) unwatchFile(f, onChange);
      finish(EXIT_OK);
    },
  };
}

/** A file's modification time in ms, or 0 when it cannot be read. */
function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
