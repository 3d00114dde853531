// `run`'s input: a capture file or standard input read into buffers of BATCH_BYTES that become
// batches whole (the capture parser finds the packets in them, in place; a record cut by the end
// of a buffer moves to the front of the next), or the packets given with --hex as one batch.
// Files are read straight into the batch's buffer; standard input is copied in as it arrives,
// and what it brought goes out as a batch whenever it falls silent for LIVE_FLUSH_MS. A batch
// the caller is done with (one job: no worker kept its buffers) is recycled into a later one.

import { reasonOf } from "./write.js";
import { open, type FileHandle } from "node:fs/promises";
import { statSync } from "node:fs";
import { ioMessages } from "../diagnostics/catalog-io.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import { CaptureParser, MAX_PACKET_BYTES } from "../interp/capture-stream.js";
import { parseHexPacket } from "../interp/hex.js";
import { BatchBuilder, type PacketBatch } from "./run-batch.js";

/** The capture bytes one batch holds: large enough to amortise a worker's round trip. */
export const BATCH_BYTES = 2 << 20;

/** Packets from the capture or the command line, a batch at a time. */
export interface BatchSource {
  /** The next batch, or undefined at the end (or after an error that ends reading). */
  next(): Promise<PacketBatch | undefined>;
  /** The file's size, when known (progress percentage). */
  readonly totalBytes: number | undefined;
  /** Bytes consumed so far. */
  consumed(): number;
  /**
   * A batch from `next` whose buffers nothing uses any more (not one handed to a worker): they
   * are reused for a later batch instead of allocated again.
   */
  recycle(batch: PacketBatch): void;
  close(): Promise<void>;
}

/** Reads up to `length` bytes into `into` at `at`; 0 at the end. */
type Read = (into: Uint8Array, at: number, length: number) => Promise<number>;

/**
 * For a live stream: whether more input (or its end) arrives within `ms`. When it does not, the
 * packets read so far go out as a batch instead of waiting for a full buffer, so a slow live
 * capture (`tcpdump -w - | p4flow run ...`) shows its packets as they come.
 */
type Arrives = (ms: number) => Promise<boolean>;

/** How long a live stream may be silent before the packets read so far are processed. */
export const LIVE_FLUSH_MS = 100;

/** The --hex packets as one batch. */
export function hexSource(hex: readonly string[], sink: DiagnosticSink): BatchSource | undefined {
  const packets: Uint8Array[] = [];
  const numbers: number[] = [];
  hex.forEach((h, i) => {
    const data = parseHexPacket(h, sink);
    if (data) (packets.push(data), numbers.push(i + 1));
  });
  if (sink.hasErrors() && packets.length === 0) return undefined;
  const bytes = new Uint8Array(packets.reduce((n, p) => n + p.length, 0));
  const builder = new BatchBuilder();
  let at = 0;
  packets.forEach((p, i) => {
    bytes.set(p, at);
    builder.packet(bytes, at, at + p.length, p.length, 0, 0, numbers[i]!);
    at += p.length;
  });
  let batch = builder.take();
  return {
    next: async () => {
      const b = batch;
      batch = undefined;
      return b;
    },
    totalBytes: undefined,
    consumed: () => 0,
    recycle: () => undefined,
    close: async () => undefined,
  };
}

/**
 * A capture file, or standard input for "-", as batches. Reads until the file header is known
 * first, so that a file that is no capture fails before the program is compiled (undefined,
 * with a diagnostic).
 */
export async function captureSource(
  path: string,
  shownName: string,
  stdin: NodeJS.ReadableStream | undefined,
  sink: DiagnosticSink,
): Promise<BatchSource | undefined> {
  let read: Read;
  let close: () => Promise<void>;
  let totalBytes: number | undefined;
  let arrives: Arrives | undefined;
  if (path === "-") {
    const chunks = (stdin as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    let pending: Uint8Array | undefined;
    let used = 0;
    // The one read of the stream in flight, shared by `arrives` and `read`.
    let inflight: Promise<IteratorResult<Uint8Array>> | undefined;
    const nextChunk = () => (inflight ??= chunks.next());
    arrives = async (ms) => {
      if (pending && used < pending.length) return true;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)));
      try {
        return await Promise.race([
          nextChunk().then(
            () => true,
            () => true,
          ),
          late,
        ]);
      } finally {
        clearTimeout(timer);
      }
    };
    read = async (into, at, length) => {
      if (!pending || used === pending.length) {
        const r = await nextChunk();
        inflight = undefined;
        if (r.done) return 0;
        pending = r.value;
        used = 0;
      }
      const n = Math.min(length, pending.length - used);
      into.set(pending.subarray(used, used + n), at);
      used += n;
      return n;
    };
    close = async () => {
      await chunks.return?.();
    };
  } else {
    let file: FileHandle;
    try {
      const st = statSync(path);
      if (st.isDirectory()) throw new Error("it is a directory");
      totalBytes = st.isFile() ? st.size : undefined;
      file = await open(path, "r");
    } catch (e) {
      sink.report(ioMessages.cannotReadCapture, undefined, {
        file: shownName,
        reason: reasonOf(e),
      });
      return undefined;
    }
    read = async (into, at, length) => (await file.read(into, at, length, null)).bytesRead;
    close = () => file.close();
  }
  const reader = new BatchReader(
    new CaptureParser(shownName, sink, true),
    read,
    () =>
      sink.report(ioMessages.cannotReadCapture, undefined, {
        file: shownName,
        reason: reasonOf(reader.readError),
      }),
    arrives,
  );
  await reader.prime();
  const parser = reader.parser;
  if (reader.readError !== undefined) {
    await close();
    return undefined;
  }
  if (parser.format === undefined || (parser.stopped && parser.packets === 0)) {
    await close();
    return undefined;
  }
  return {
    next: () => reader.next(),
    recycle: (batch) => reader.recycle(batch),
    totalBytes,
    consumed: () => parser.offset,
    close,
  };
}

class BatchReader {
  private buffer: Uint8Array = new Uint8Array(BATCH_BYTES);
  /** Bytes read into the buffer, and how far the parser took whole records. */
  private filled = 0;
  private parsed = 0;
  private ended = false;
  private readonly builder = new BatchBuilder();
  /** A buffer of BATCH_BYTES no batch uses any more. */
  private spare: Uint8Array | undefined;
  readError: unknown;

  constructor(
    readonly parser: CaptureParser,
    private readonly read: Read,
    private readonly onReadError: () => void,
    private readonly arrives?: Arrives,
  ) {}

  /** Reads until the capture's header is known (or the input ends). */
  async prime(): Promise<void> {
    while (this.parser.format === undefined && !this.parser.stopped && !this.ended)
      await this.fill();
  }

  async next(): Promise<PacketBatch | undefined> {
    for (;;) {
      if (this.ended || this.parser.stopped) return this.seal();
      if (this.filled === this.buffer.length) {
        const batch = this.seal();
        if (batch) return batch;
      }
      if (this.arrives && this.builder.count > 0 && !(await this.arrives(LIVE_FLUSH_MS))) {
        const batch = this.seal();
        if (batch) return batch;
      }
      await this.fill();
    }
  }

  /** One read into the buffer, then the parse of the records it completed. */
  private async fill(): Promise<void> {
    let n: number;
    try {
      n = await this.read(this.buffer, this.filled, this.buffer.length - this.filled);
    } catch (e) {
      this.readError = e;
      this.ended = true;
      this.onReadError();
      return;
    }
    if (n === 0) this.ended = true;
    this.filled += n;
    this.parsed = this.parser.parse(
      this.buffer,
      this.parsed,
      this.filled,
      this.ended,
      this.builder,
    );
  }

  recycle(batch: PacketBatch): void {
    this.builder.recycle(batch);
    if (batch.bytes !== this.buffer && batch.bytes.length === BATCH_BYTES) this.spare = batch.bytes;
  }

  /** The packets found so far as a batch; the unparsed rest moves to a new buffer. */
  private seal(): PacketBatch | undefined {
    const batch = this.builder.take();
    const rest = this.filled - this.parsed;
    if (batch || rest > 0) {
      // A record is at most MAX_PACKET_BYTES and a block header: a buffer always holds one.
      const size = Math.max(BATCH_BYTES, rest + MAX_PACKET_BYTES + 4096);
      const next = this.spare?.length === size ? this.spare : new Uint8Array(size);
      this.spare = undefined;
      next.set(this.buffer.subarray(this.parsed, this.filled));
      this.parser.moved(this.parsed);
      this.buffer = next;
      this.filled = rest;
      this.parsed = 0;
    }
    return batch;
  }
}
