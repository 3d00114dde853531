// The CLI's view of the outside world, injectable so tests run main() in-process.

import { nodeHost } from "../node-host.js";
import type { Writable } from "node:stream";
import type { FileHost } from "../frontend/host.js";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (colour is used only then, and never with NO_COLOR). */
  readonly colorStderr: boolean;
  readonly host: FileHost;
  readonly cwd: string;
  /** Standard output as a stream, for output written with backpressure (`run`); absent in
   *  process (tests), where `stdout` receives the text. */
  readonly stdoutStream?: Writable;
  /** Standard input, for `run --pcap -`. */
  readonly stdin?: NodeJS.ReadableStream;
  /** Whether stderr is a terminal (progress lines are shown only then). */
  readonly stderrIsTerminal?: boolean;
}

export function nodeIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    colorStderr: process.stderr.isTTY === true && !("NO_COLOR" in process.env),
    host: nodeHost(),
    cwd: process.cwd(),
    stdoutStream: process.stdout,
    stdin: process.stdin,
    stderrIsTerminal: process.stderr.isTTY === true,
  };
}
