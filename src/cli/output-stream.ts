// Where `run` writes: standard output or a file, with backpressure (a write waits while the
// reader is behind, so memory stays flat however slow the reader) and a reader that goes away
// (`| head`) ending the run quietly instead of with EPIPE. In-process callers (tests) without a
// stream get the text through CliIo.stdout.

import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import type { CliIo } from "./io.js";

const FLUSH_BYTES = 1 << 16;

export class OutputStream {
  /** True once the reader has gone away: the run stops reading input. */
  closed = false;
  /** Set when a write failed for another reason than the reader leaving. */
  error: Error | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;

  private constructor(
    private readonly stream: Writable | undefined,
    private readonly fallback: (text: string) => void,
    private readonly ownsStream: boolean,
  ) {
    stream?.on("error", (e: NodeJS.ErrnoException) => {
      this.closed = true;
      if (e.code !== "EPIPE") this.error ??= e;
    });
  }

  /** Standard output (io.stdoutStream when the CLI runs as a process, else io.stdout). */
  static stdout(io: CliIo): OutputStream {
    return new OutputStream(io.stdoutStream, (t) => io.stdout(t), false);
  }

  /** A file, created or truncated; rejects with the open error. */
  static async file(path: string): Promise<OutputStream> {
    const stream = createWriteStream(path);
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", reject);
    });
    return new OutputStream(stream, () => undefined, true);
  }

  /** Queues text; writes (waiting for the reader) once enough is queued. */
  async write(text: string): Promise<void> {
    if (this.closed) return;
    this.pending.push(text);
    this.pendingBytes += text.length;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  /** Writes bytes at once (after any queued text). */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    await this.flush();
    if (this.closed) return;
    if (!this.stream) {
      this.fallback(
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1"),
      );
      return;
    }
    await this.send(bytes);
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0 || this.closed) return;
    const text = this.pending.join("");
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.stream) this.fallback(text);
    else await this.send(text);
  }

  private send(chunk: string | Uint8Array): Promise<void> {
    const stream = this.stream!;
    if (stream.write(chunk)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        stream.off("drain", done);
        stream.off("error", done);
        stream.off("close", done);
        resolve();
      };
      stream.on("drain", done);
      stream.on("error", done);
      stream.on("close", done);
    });
  }

  /** Flushes and, for a file, closes it (waiting until the bytes are handed to the system). */
  async end(): Promise<void> {
    await this.flush();
    if (!this.stream || !this.ownsStream || this.closed) return;
    await new Promise<void>((resolve) => this.stream!.end(() => resolve()));
  }
}
