// The worker threads of `run --jobs N`: batches go to the least busy worker, and results come
// back as promises that the caller awaits in submission order, so output keeps packet order.

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { InternalError } from "../diagnostics/diagnostic.js";
import { batchTransfer, type BatchResult, type PacketBatch, type RunSpec } from "./run-batch.js";

interface Pending {
  resolve(r: BatchResult): void;
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
  private readonly workers: { worker: Worker; busy: number; pending: Map<number, Pending> }[];

  constructor(spec: RunSpec, jobs: number, script: URL) {
    this.workers = Array.from({ length: jobs }, () => {
      const worker = new Worker(script, { workerData: spec });
      const entry = { worker, busy: 0, pending: new Map<number, Pending>() };
      worker.on("message", (m: { seq: number; result?: BatchResult; error?: string }) => {
        const p = entry.pending.get(m.seq);
        if (!p) return;
        entry.pending.delete(m.seq);
        entry.busy--;
        if (m.error !== undefined) p.reject(new InternalError(`run worker: ${m.error}`));
        else p.resolve(m.result!);
      });
      worker.on("error", (e) => {
        for (const p of entry.pending.values()) p.reject(e);
        entry.pending.clear();
      });
      return entry;
    });
  }

  submit(batch: PacketBatch): Promise<BatchResult> {
    const entry = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    entry.busy++;
    return new Promise((resolve, reject) => {
      entry.pending.set(batch.seq, { resolve, reject });
      entry.worker.postMessage(batch, batchTransfer(batch));
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
