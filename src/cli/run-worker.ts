// A `run --jobs N` worker thread: receives the run's spec once (first message), then batches of the capture, and
// answers each with its output (run-batch.ts), tagged with the batch's sequence number; with
// --aggregate it keeps one flow table for every batch it gets and sends it when asked.

import { parentPort } from "node:worker_threads";
import { assertNever, InternalError } from "../diagnostics/diagnostic.js";
import {
  createBatchProcessor,
  type BatchProcessor,
  type BatchResult,
  type PacketBatch,
} from "./run-batch.js";
import type { WorkerRequest } from "./run-workers.js";

const port = parentPort!;
let processor: BatchProcessor | undefined;

function transfer(result: BatchResult): ArrayBuffer[] {
  switch (result.kind) {
    case "rows":
      return [result.ipc.buffer as ArrayBuffer];
    case "text":
      return [result.text.buffer as ArrayBuffer];
    case "counted":
      return [];
    default:
      return assertNever(result, "batch result");
  }
}

const failed = (seq: number) => (e: unknown) =>
  port.postMessage({ seq, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });

port.on("message", (m: WorkerRequest) => {
  if (m.kind === "spec") {
    processor = createBatchProcessor(m.spec);
    return;
  }
  if (!processor) throw new InternalError("run worker: a request before the spec");
  if (m.kind === "flows") {
    try {
      const flows = processor.flows();
      port.postMessage({ seq: m.seq, flows }, [
        flows.keys.buffer as ArrayBuffer,
        flows.stats.buffer as ArrayBuffer,
      ]);
    } catch (e) {
      failed(m.seq)(e);
    }
    return;
  }
  const batch: PacketBatch = m.batch;
  processor
    .process(batch)
    .then((result) => port.postMessage({ seq: m.seq, result }, transfer(result)), failed(m.seq));
});
