// Reads LSP messages (`Content-Length: N\r\n\r\n` + N bytes of JSON) from a byte stream and
// recovers from framing errors instead of going silent: vscode-jsonrpc's reader stops for good
// at the first bad header, which leaves a live server that never answers again.
// Recovery: a header block without a usable Content-Length (missing, not a decimal number,
// negative, over MAX_MESSAGE_BYTES), a header block over MAX_HEADER_BYTES, or a body that is not
// JSON (a length shorter than the body) is dropped with one line on stderr, and reading
// resynchronises on the next `Content-Length:` in the stream (inside a bad body too, so the next
// message is not lost). Headers separated by LF only are accepted. A body that is still
// incomplete after PARTIAL_TIMEOUT_MS while the bytes after it hold a header (a length longer
// than the body) is dropped the same way.

import type { Readable } from "node:stream";
import {
  AbstractMessageReader,
  Disposable,
  type DataCallback,
  type Message,
  type MessageReader,
} from "vscode-languageserver/node.js";

/** Largest message accepted (a 5 MB document is one message; twelve of them fit). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Largest header block accepted. */
export const MAX_HEADER_BYTES = 8 * 1024;
/** How long an incomplete body may wait while a later header is already in the stream. */
export const PARTIAL_TIMEOUT_MS = 1000;

const HEADER_NAME = Buffer.from("content-length:", "latin1");

export class RecoveringMessageReader extends AbstractMessageReader implements MessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  /** Length of the body being read, or -1 while reading headers. */
  private bodyLength = -1;
  private callback: DataCallback | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly input: Readable,
    private readonly log: (line: string) => void = (l) => void process.stderr.write(l + "\n"),
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer) => this.onData(chunk);
    const onError = (e: Error) => this.fireError(e);
    const onClose = () => this.fireClose();
    this.input.on("data", onData);
    this.input.on("error", onError);
    this.input.on("close", onClose);
    return Disposable.create(() => {
      this.input.off("data", onData);
      this.input.off("error", onError);
      this.input.off("close", onClose);
      clearTimeout(this.timer);
    });
  }

  private onData(chunk: Buffer): void {
    clearTimeout(this.timer);
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    this.drain();
  }

  private drain(): void {
    for (;;) {
      if (this.bodyLength < 0 && !this.readHeader()) return;
      if (this.buffer.length < this.bodyLength) {
        this.armPartialTimer();
        return;
      }
      const body = this.buffer.subarray(0, this.bodyLength);
      this.buffer = this.buffer.subarray(this.bodyLength);
      this.bodyLength = -1;
      this.deliver(body);
    }
  }

  /** Consumes one header block; false when more bytes are needed. */
  private readHeader(): boolean {
    for (;;) {
      const head = this.buffer.toString(
        "latin1",
        0,
        Math.min(this.buffer.length, MAX_HEADER_BYTES),
      );
      const end = /\r?\n\r?\n/.exec(head);
      if (!end) {
        if (this.buffer.length < MAX_HEADER_BYTES) return false;
        this.resync("a header block longer than 8 KB");
        continue;
      }
      const block = head.slice(0, end.index);
      const length = contentLength(block);
      if (typeof length === "number") {
        this.buffer = this.buffer.subarray(end.index + end[0].length);
        this.bodyLength = length;
        return true;
      }
      this.resync(length);
    }
  }

  /** Drops bytes up to the next `Content-Length:` after the first byte (or all but a tail). */
  private resync(problem: string): void {
    const at = indexOfHeader(this.buffer, 1);
    this.log(`p4flow lsp: dropped input with ${problem}; reading on from the next header`);
    this.buffer =
      at >= 0
        ? this.buffer.subarray(at)
        : this.buffer.subarray(Math.max(1, this.buffer.length - HEADER_NAME.length));
  }

  private deliver(body: Buffer): void {
    let message: unknown;
    try {
      message = JSON.parse(body.toString("utf8"));
    } catch {
      message = undefined;
    }
    if (message !== null && typeof message === "object" && !Array.isArray(message)) {
      const problem = envelopeProblem(message as Record<string, unknown>);
      if (problem !== undefined) {
        this.log(`p4flow lsp: dropped a message: ${problem}`);
        return;
      }
      try {
        this.callback?.(message as Message);
      } catch (e) {
        // vscode-jsonrpc reads some fields before any handler can check them; a message it
        // cannot take is dropped like bad framing, and the server reads on.
        this.log(`p4flow lsp: dropped a message the connection could not take: ${String(e)}`);
      }
      return;
    }
    // Most often the length was shorter than the body: what follows belongs to a later message.
    const at = indexOfHeader(body, 1);
    this.log(
      `p4flow lsp: dropped a message whose ${body.length}-byte body is not a JSON object; reading on from the next header`,
    );
    if (at >= 0) this.buffer = Buffer.concat([body.subarray(at), this.buffer]);
  }

  private armPartialTimer(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.bodyLength < 0 || this.buffer.length >= this.bodyLength) return;
      const at = indexOfHeader(this.buffer, 0);
      if (at < 0) return;
      this.log(
        `p4flow lsp: dropped a message whose body stopped after ${at} of ${this.bodyLength} bytes; reading on from the next header`,
      );
      this.buffer = this.buffer.subarray(at);
      this.bodyLength = -1;
      this.drain();
    }, PARTIAL_TIMEOUT_MS);
    this.timer.unref();
  }
}

/** The Content-Length of a header block, or what is wrong with it. */
function contentLength(block: string): number | string {
  let value: string | undefined;
  for (const line of block.split(/\r?\n/)) {
    const m = /^([A-Za-z0-9-]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!m) return "a malformed header line";
    if (m[1]!.toLowerCase() === "content-length") value = m[2]!;
  }
  if (value === undefined) return "no Content-Length header";
  if (!/^[0-9]{1,10}$/.test(value)) return `Content-Length '${value.slice(0, 20)}'`;
  const n = Number(value);
  if (n > MAX_MESSAGE_BYTES)
    return `Content-Length ${n} (over the ${MAX_MESSAGE_BYTES}-byte limit)`;
  return n;
}

/** Where the next `Content-Length:` (any case) starts in the bytes, at or after `from`. */
function indexOfHeader(bytes: Buffer, from: number): number {
  for (let i = from; i <= bytes.length - HEADER_NAME.length; i++) {
    const c = bytes[i]!;
    if (c !== 0x43 && c !== 0x63) continue;
    let j = 1;
    while (j < HEADER_NAME.length && (bytes[i + j]! | 0x20) === HEADER_NAME[j]) j++;
    if (j === HEADER_NAME.length) return i;
  }
  return -1;
}

/**
 * What in a message's envelope vscode-jsonrpc would trip over (it throws on a `$/cancelRequest`
 * without a request id), or undefined.
 */
function envelopeProblem(message: Record<string, unknown>): string | undefined {
  if (message["method"] !== "$/cancelRequest") return undefined;
  const params = message["params"];
  const id =
    params !== null && typeof params === "object"
      ? (params as Record<string, unknown>)["id"]
      : undefined;
  return typeof id === "number" || typeof id === "string"
    ? undefined
    : "$/cancelRequest without a number or string id";
}
