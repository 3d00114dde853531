// A `run --jobs N` worker thread: receives the run's spec once, then batches of packets, and
// answers each with its output (run-batch.ts), tagged with the batch's sequence number.

import { parentPort, workerData } from "node:worker_threads";
import {
  createBatchProcessor,
  type BatchResult,
  type PacketBatch,
  type RunSpec,
} from "./run-batch.js";

const port = parentPort!;
const processor = createBatchProcessor(workerData as RunSpec);

function transfer(result: BatchResult): ArrayBuffer[] {
  switch (result.kind) {
    case "text":
      return [];
    case "rows":
      return [result.ipc.buffer as ArrayBuffer];
    case "flows": {
      const f = result.flows;
      return [f.keys, f.packets, f.bytes, f.first, f.last, f.firstPacket].map(
        (a) => a.buffer as ArrayBuffer,
      );
    }
  }
}

port.on("message", (batch: PacketBatch) => {
  processor.process(batch).then(
    (result) => port.postMessage({ seq: batch.seq, result }, transfer(result)),
    (e: unknown) =>
      port.postMessage({
        seq: batch.seq,
        error: e instanceof Error ? (e.stack ?? e.message) : String(e),
      }),
  );
});
