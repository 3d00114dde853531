// Runs the built command line (bin/p4flow.js) as a user would, with a time bound, and judges the
// outcome by the fuzzer's oracle: an exit code of 0, 1 or 2, no stack trace or internal-error
// line on stderr, and an end before the bound.

import { spawn } from "node:child_process";
import { join } from "node:path";

export const REPO = join(import.meta.dirname, "..", "..");
export const CLI = join(REPO, "bin", "p4flow.js");

export interface CliOutcome {
  /** Exit code, or -1 when killed (a signal or the time bound). */
  readonly code: number;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

export function runCli(
  args: readonly string[],
  opts: { cwd?: string; timeoutMs: number; input?: Uint8Array },
): Promise<CliOutcome> {
  return runProcess(process.execPath, [CLI, ...args], opts);
}

export function runProcess(
  cmd: string,
  args: readonly string[],
  opts: { cwd?: string; timeoutMs: number; input?: Uint8Array },
): Promise<CliOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(cmd, args, {
        cwd: opts.cwd ?? REPO,
        stdio: ["pipe", "pipe", "pipe"],
        env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      });
    } catch (e) {
      // The command line itself could not be passed (E2BIG): the input, not the program.
      const stderr = `fuzzer: cannot start: ${e instanceof Error ? e.message : String(e)}`;
      resolve({ code: 2, signal: null, timedOut: false, stdout: "", stderr, ms: 0 });
      return;
    }
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    // Keep at most 1 MB of each stream: hostile inputs can produce a lot of output.
    child.stdout!.on("data", (d: Buffer) => {
      if (stdout.length < 1 << 20) stdout += d.toString("utf8");
    });
    child.stderr!.on("data", (d: Buffer) => {
      if (stderr.length < 1 << 20) stderr += d.toString("utf8");
    });
    child.stdin!.on("error", () => {});
    if (opts.input) child.stdin!.end(opts.input);
    else child.stdin!.end();
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, opts.timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? -1,
        signal,
        timedOut,
        stdout,
        stderr,
        ms: Date.now() - started,
      });
    });
  });
}

/** What is wrong with an outcome by the oracle, or undefined when nothing is. */
export function judge(o: CliOutcome): string | undefined {
  if (o.timedOut) return `no exit within the time bound (${o.ms} ms)`;
  if (o.signal) return `killed by ${o.signal}`;
  if (o.code === 3) return `exit 3: ${firstLine(o.stderr, /internal|bug|error/i)}`;
  if (o.code !== 0 && o.code !== 1 && o.code !== 2) return `exit ${o.code}: ${firstLine(o.stderr)}`;
  if (STACK_LINE.test(o.stderr)) return `stack trace on stderr: ${firstLine(o.stderr)}`;
  if (/internal compiler error|a p4flow bug/i.test(o.stderr))
    return `internal error reported: ${firstLine(o.stderr, /internal|bug/i)}`;
  return undefined;
}

export function hasStackTrace(text: string): boolean {
  return STACK_LINE.test(text);
}

function firstLine(text: string, prefer?: RegExp): string {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const line = (prefer && lines.find((l) => prefer.test(l))) ?? lines[0] ?? "";
  return line.slice(0, 240);
}
