// The worker threads of `run --jobs N`, started before the program is compiled and then given the
// run's spec (with the extractor's generated source, so no worker generates it again): batches go
// to the least busy worker (their buffers are
// transferred, not copied), and results come back as promises that the caller awaits in
// submission order, so output keeps packet order. With --aggregate each worker keeps its own
// flow table; `flows` collects them at the end.

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { InternalError } from "../diagnostics/diagnostic.js";
import type { FlowTablePart } from "./run-aggregate.js";
import { batchTransfer, type BatchResult, type PacketBatch, type RunSpec } from "./run-batch.js";

/** What the main thread asks a worker (the spec first, once). */
export type WorkerRequest =
  | { readonly kind: "spec"; readonly spec: RunSpec }
  | { readonly kind: "batch"; readonly seq: number; readonly batch: PacketBatch }
  | { readonly kind: "flows"; readonly seq: number };

interface WorkerReply {
  readonly seq: number;
  readonly result?: BatchResult;
  readonly flows?: FlowTablePart;
  readonly error?: string;
}

interface Pending {
  resolve(r: WorkerReply): void;
  reject(e: Error): void;
}

/**
 * The worker script: beside this module (dist/src/cli), or, bundled, in dist/ above the chunk
 * this module is in (dist/p4flow-chunks/); absent from sources.
 */
export function workerScript(): URL | undefined {
  for (const where of ["./run-worker.js", "../run-worker.js"]) {
    const url = new URL(where, import.meta.url);
    if (url.protocol === "file:" && existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

export class WorkerPool {
  private readonly workers: {
    worker: Worker;
    busy: number;
    pending: Map<number, Pending>;
    /** Why the worker stopped, once it has. */
    failure?: Error;
  }[];
  private seq = 0;

  /**
   * Starts the workers (loading their code takes a while: it overlaps with opening the input and
   * compiling the program); they wait for `start`.
   */
  constructor(jobs: number, script: URL) {
    this.workers = Array.from({ length: jobs }, () => {
      const worker = new Worker(script);
      const entry: (typeof this.workers)[number] = { worker, busy: 0, pending: new Map() };
      worker.on("message", (m: WorkerReply) => {
        const p = entry.pending.get(m.seq);
        if (!p) return;
        entry.pending.delete(m.seq);
        entry.busy--;
        if (m.error !== undefined) p.reject(new InternalError(`run worker: ${m.error}`));
        else p.resolve(m);
      });
      worker.on("error", (e) => {
        entry.failure = e;
        for (const p of entry.pending.values()) p.reject(e);
        entry.pending.clear();
      });
      return entry;
    });
  }

  /** Tells every worker what to do with the batches that follow. */
  start(spec: RunSpec): void {
    for (const w of this.workers)
      w.worker.postMessage({ kind: "spec", spec } satisfies WorkerRequest);
  }

  private ask(
    entry: (typeof this.workers)[number],
    request: Exclude<WorkerRequest, { kind: "spec" }>,
    transfer: ArrayBuffer[],
  ) {
    if (entry.failure) return Promise.reject(entry.failure);
    entry.busy++;
    return new Promise<WorkerReply>((resolve, reject) => {
      entry.pending.set(request.seq, { resolve, reject });
      entry.worker.postMessage(request, transfer);
    });
  }

  async submit(batch: PacketBatch): Promise<BatchResult> {
    const entry = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const reply = await this.ask(
      entry,
      { kind: "batch", seq: this.seq++, batch },
      batchTransfer(batch),
    );
    return reply.result!;
  }

  /** Every worker's flow table (after every batch submitted has been answered). */
  async flows(): Promise<FlowTablePart[]> {
    const replies = await Promise.all(
      this.workers.map((w) => this.ask(w, { kind: "flows", seq: this.seq++ }, [])),
    );
    return replies.map((r) => r.flows!);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
