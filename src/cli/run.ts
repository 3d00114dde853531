// `p4flow run`: compiles the program's extractor and runs it on packets from a capture (a file or
// standard input, read as it streams) or the command line, with the compiled interpreter on
// worker threads or in the kernel, printing one decoded key per packet or, with --aggregate, one
// per flow, as text, jsonl, csv or Parquet, to standard output or a file, with backpressure.

import { reasonOf } from "./write.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { mapNames } from "../backend-ebpf/map-names.js";
import { defaultTarget, type TargetKind } from "../backend-ebpf/target.js";
import { emitProgram } from "../backend-ebpf/emit-program.js";
import {
  buildObject,
  LoadedProgram,
  MAX_TEST_PACKET,
  MIN_TEST_PACKET,
  notRunnable,
} from "../backend-ebpf/kernel-runner.js";
import { release, removeAtExit } from "../backend-ebpf/exit-cleanup.js";
import type { IrProgram } from "../ir/ir.js";
import type { FlowKeyLayout } from "../layout/layout.js";
import { renderHeader } from "../layout/render-c.js";
import { compile, type CompileOptions } from "../compile.js";
import { extractorSource } from "../interp/compiled-extractor.js";
import { assertNever, type Diagnostic } from "../diagnostics/diagnostic.js";
import { ioMessages } from "../diagnostics/catalog-io.js";
import { messages } from "../diagnostics/catalog.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import type { AddressStyle } from "../interp/decode.js";
import type { CliIo } from "./io.js";
import { OutputStream } from "./output-stream.js";
import { prepare, type CommonFlags } from "./prepare.js";
import { Progress } from "./progress.js";
import { printDiagnostics } from "./report.js";
import { FlowTable, type FlowOrder } from "./run-aggregate.js";
import {
  createBatchProcessor,
  packetOf,
  type BatchProcessor,
  type BatchResult,
  type OutputFormat,
  type PacketBatch,
  type RunSpec,
} from "./run-batch.js";
import { csvHeader, flowWriter } from "./run-formats.js";
import { AsciiWriter } from "../interp/ascii-writer.js";
import { WorkerPool, workerScript } from "./run-workers.js";
import { EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE } from "./exit-codes.js";
import { captureSource, hexSource, type BatchSource } from "./run-input.js";

export interface RunFlags extends CommonFlags {
  readonly pcap?: string;
  readonly hex: string[];
  readonly format: OutputFormat;
  readonly output?: string;
  readonly jobs?: string;
  readonly quiet?: boolean;
  readonly aggregate?: boolean;
  readonly sort: FlowOrder;
  readonly top?: string;
  readonly addresses?: AddressStyle;
  readonly kernel?: boolean;
  /** Absent: flow_dissector for a FlowDissector program, else xdp. */
  readonly target?: TargetKind;
  /** BPF_FLOW_DISSECTOR_F_* for a FlowDissector program, as given on the command line. */
  readonly flowFlags?: string;
}

/** Batches waiting for or in a worker, per worker: enough to keep each busy, no more. */
const IN_FLIGHT_PER_JOB = 3;
/** Flow records are written out a buffer of about this many bytes at a time. */
const FLOW_OUTPUT_BYTES = 1 << 16;
/** Input warnings printed before the rest are only counted. */
const MAX_INPUT_WARNINGS = 100;

/** Prints each diagnostic as it is reported (a capture's damage shows while output streams). */
class PrintingSink extends DiagnosticSink {
  failed = false;
  private warnings = 0;
  hiddenWarnings = 0;
  constructor(private readonly print: (d: Diagnostic) => void) {
    super();
  }
  override add(d: Diagnostic): void {
    if (d.severity === "error") this.failed = true;
    else if (++this.warnings > MAX_INPUT_WARNINGS) {
      this.hiddenWarnings++;
      return;
    }
    this.print(d);
  }
  override hasErrors(): boolean {
    return this.failed;
  }
}

/** A positive integer option, or a diagnostic. */
function positive(
  value: string | undefined,
  option: string,
  max: number,
  sink: DiagnosticSink,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < 1 || n > max) {
    sink.report(messages.badOptionValue, undefined, {
      value,
      option,
      reason: `expected a whole number from 1 to ${max}`,
    });
  }
  return n;
}

export async function runPackets(io: CliIo, file: string, flags: RunFlags): Promise<number> {
  const usage = new DiagnosticSink();
  if (flags.pcap === undefined && flags.hex.length === 0)
    usage.report(ioMessages.noPacketSource, undefined);
  else if (flags.pcap !== undefined && flags.hex.length > 0)
    usage.report(messages.conflictingOptions, undefined, { first: "--pcap", second: "--hex" });
  const jobs = positive(flags.jobs, "--jobs", 256, usage) ?? availableParallelism();
  const top = positive(flags.top, "--top", Number.MAX_SAFE_INTEGER, usage);
  if (top !== undefined && !flags.aggregate)
    usage.report(messages.conflictingOptions, undefined, {
      first: "--top",
      second: "per-packet output (it ranks the flows of --aggregate)",
    });
  if (flags.pcap === "-" && !io.stdin)
    usage.report(ioMessages.cannotReadCapture, undefined, {
      file: "-",
      reason: "there is no standard input here",
    });
  const flowFlags = flags.flowFlags === undefined ? 0 : Number(flags.flowFlags);
  if (!/^(0x[0-9a-f]+|[0-9]+)$/i.test(flags.flowFlags ?? "0") || flowFlags > 0xffffffff) {
    usage.report(messages.badOptionValue, undefined, {
      value: flags.flowFlags ?? "",
      option: "--flow-flags",
      reason:
        "expected a number from 0 to 0xffffffff (1 parse first fragment, 2 stop at flow label, 4 stop at encapsulation)",
    });
  }
  const prepared = prepare(io, file, flags);
  if ("usage" in prepared || usage.hasErrors()) {
    printDiagnostics(
      io,
      [...usage.diagnostics, ...("usage" in prepared ? prepared.usage.diagnostics : [])],
      flags.diagnosticsFormat,
      0,
    );
    return EXIT_USAGE;
  }
  // The workers start loading now: that overlaps with opening the input and compiling.
  const script = !flags.kernel && jobs > 1 ? workerScript() : undefined;
  const pool = script ? new WorkerPool(jobs, script) : undefined;
  try {
    const { options, maxErrors } = prepared;
    return await runPrepared(io, flags, options, maxErrors, flowFlags, pool, jobs, top);
  } finally {
    await pool?.close();
  }
}

/** `run` once its flags are known good: opens the input, compiles, runs the pipeline. */
async function runPrepared(
  io: CliIo,
  flags: RunFlags,
  options: CompileOptions,
  maxErrors: number,
  flowFlags: number,
  pool: WorkerPool | undefined,
  jobs: number,
  top: number | undefined,
): Promise<number> {
  const input = new PrintingSink((d) => printDiagnostics(io, [d], flags.diagnosticsFormat, 0));

  // Packets first: a capture that is not one (or not one p4flow reads) needs no compile.
  const source = await openPackets(io, flags, input);
  if (!source) return EXIT_USAGE;
  const result = compile({ ...options, stopAfter: "ir" });
  printDiagnostics(io, result.diagnostics, flags.diagnosticsFormat, maxErrors);
  if (!result.ok || !result.ir || !result.layout) {
    await source.close();
    return EXIT_DIAGNOSTICS;
  }
  const spec: RunSpec = {
    ir: result.ir,
    layout: result.layout,
    extractor: extractorSource(result.ir, result.layout),
    flowFlags,
    format: flags.format,
    addresses:
      flags.addresses ??
      (flags.format === "text" || flags.format === "parquet" ? "readable" : "raw"),
    aggregate: flags.aggregate === true,
  };

  let out: OutputStream;
  try {
    out =
      flags.output === undefined ? OutputStream.stdout(io) : await OutputStream.file(flags.output);
  } catch (e) {
    input.report(messages.cannotWriteOutput, undefined, {
      path: flags.output ?? "-",
      reason: reasonOf(e),
    });
    await source.close();
    return EXIT_USAGE;
  }
  const progress = new Progress(
    io.stderrIsTerminal && !flags.quiet ? (t) => io.stderr(t) : undefined,
    source.totalBytes,
  );
  const outcome = await pipeline(io, flags, spec, source, out, progress, pool, jobs, top, input);
  progress.done();
  if (input.hiddenWarnings > 0)
    io.stderr(`p4flow: ${input.hiddenWarnings} more warnings about the input were not shown.\n`);
  if (out.error) {
    input.report(messages.cannotWriteOutput, undefined, {
      path: flags.output ?? "standard output",
      reason: reasonOf(out.error),
    });
    return EXIT_USAGE;
  }
  if (outcome === "failed") return EXIT_DIAGNOSTICS;
  return input.hasErrors() ? EXIT_USAGE : EXIT_OK;
}

function openPackets(
  io: CliIo,
  flags: RunFlags,
  sink: PrintingSink,
): Promise<BatchSource | undefined> | BatchSource | undefined {
  if (flags.pcap === undefined) return hexSource(flags.hex, sink);
  const path = flags.pcap === "-" ? "-" : io.host.resolve(io.cwd, flags.pcap);
  return captureSource(path, flags.pcap === "-" ? "<stdin>" : flags.pcap, io.stdin, sink);
}

/**
 * Streams packets through batches into the output, in order. "failed" when the kernel path
 * could not run; "done" otherwise (input problems are in the sink).
 */
async function pipeline(
  io: CliIo,
  flags: RunFlags,
  spec: RunSpec,
  source: BatchSource,
  out: OutputStream,
  progress: Progress,
  pool: WorkerPool | undefined,
  jobs: number,
  top: number | undefined,
  sink: PrintingSink,
): Promise<"done" | "failed"> {
  const kernel = flags.kernel ? await openKernel(io, flags, spec.ir, spec.layout) : undefined;
  if (flags.kernel && !kernel) return "failed";
  pool?.start(spec);
  const local: BatchProcessor | undefined = pool ? undefined : createBatchProcessor(spec);
  const parquet =
    spec.format === "parquet"
      ? new (await import("./run-parquet.js")).ParquetWriter(out)
      : undefined;
  // Each batch's output is written in order as soon as its result is in, not when the next batch
  // arrives: a live capture shows its packets while the reader waits for more.
  const written: Promise<void>[] = [];
  let chain: Promise<void> = Promise.resolve();
  const limit = pool ? jobs * IN_FLIGHT_PER_JOB : 1;
  let packets = 0;
  let kernelFailed = false;

  const submit = (batch: PacketBatch): Promise<BatchResult> => {
    if (pool) return pool.submit(batch);
    if (kernel) {
      const runSink = new DiagnosticSink();
      const keys = kernel.run(batch, runSink);
      printDiagnostics(io, runSink.diagnostics, flags.diagnosticsFormat, 0);
      if (!keys) kernelFailed = true;
      return local!.process(batch, keys ?? []);
    }
    return local!.process(batch);
  };
  const consume = async (r: BatchResult): Promise<void> => {
    switch (r.kind) {
      case "text":
        await out.writeBytes(r.text);
        return;
      case "rows":
        await parquet!.write(r.ipc);
        return;
      case "counted":
        return;
      default:
        assertNever(r, "batch result");
    }
  };

  try {
    if (spec.format === "csv" && !spec.aggregate) await out.write(csvHeader(spec.layout, false));
    for (;;) {
      const batch = await source.next();
      if (!batch) break;
      packets += batch.count;
      const result = submit(batch);
      chain = chain.then(async () => {
        await consume(await result);
        // The batch's buffers went to no worker: the next batches reuse them.
        if (!pool) source.recycle(batch);
      });
      // Awaited below, in order; a failure surfaces there, not as an unhandled rejection.
      chain.catch(() => undefined);
      written.push(chain);
      while (written.length >= limit) await written.shift();
      progress.update(packets, source.consumed());
      if (out.closed || kernelFailed) break;
    }
    while (written.length > 0) await written.shift();
    if (spec.aggregate && !out.closed) {
      const flows = new FlowTable(spec.layout.size);
      for (const part of pool ? await pool.flows() : [local!.flows()]) flows.merge(part);
      await writeFlows(spec, flows, flags.sort, top, out, parquet);
    }
    if (parquet && !out.closed) {
      const { emptyRowsIpc } = await import("./run-parquet.js");
      await parquet.end(() => emptyRowsIpc(spec));
    }
    await out.end();
  } finally {
    kernel?.close();
    await source.close();
  }
  return kernelFailed ? "failed" : "done";
}

async function writeFlows(
  spec: RunSpec,
  table: FlowTable,
  order: FlowOrder,
  top: number | undefined,
  out: OutputStream,
  parquet: import("./run-parquet.js").ParquetWriter | undefined,
): Promise<void> {
  const ranked = table.ranked(order, top);
  if (parquet) {
    const { flowRowsIpc } = await import("./run-parquet.js");
    for (let i = 0; i < ranked.length; i += 4096) {
      const flows = Array.from(ranked.subarray(i, i + 4096), (f) => table.flow(f));
      await parquet.write(flowRowsIpc(spec.layout, flows, i + 1));
    }
    return;
  }
  // Records written from the table's key bytes, a buffer at a time (millions of flows).
  const format = spec.format === "parquet" ? "jsonl" : spec.format;
  if (format === "csv") await out.write(csvHeader(spec.layout, true));
  const write = flowWriter(format, spec.layout, spec.addresses);
  const keys = table.keyBytes();
  const stride = table.keyStride;
  const w = new AsciiWriter();
  for (let i = 0; i < ranked.length && !out.closed; i++) {
    const f = ranked[i]!;
    write(w, i + 1, table.counts(f), keys, f * stride);
    if (w.pos >= FLOW_OUTPUT_BYTES) await out.writeBytes(w.take());
  }
  if (w.pos > 0 && !out.closed) await out.writeBytes(w.take());
}

interface KernelBatches {
  /** The keys of a batch's packets (undefined where the kernel cannot run one); undefined if the
   *  runner failed. */
  run(batch: PacketBatch, sink: DiagnosticSink): (Uint8Array | undefined)[] | undefined;
  close(): void;
}

/** Builds and loads the compiled program once; batches then run through BPF_PROG_TEST_RUN. */
async function openKernel(
  io: CliIo,
  flags: RunFlags,
  ir: IrProgram,
  layout: FlowKeyLayout,
): Promise<KernelBatches | undefined> {
  const sink = new DiagnosticSink();
  const dir = mkdtempSync(join(tmpdir(), "p4flow-kernel-"));
  removeAtExit(dir);
  const target = flags.target ?? defaultTarget(ir);
  const flowFlags = flags.flowFlags === undefined ? 0 : Number(flags.flowFlags);
  const c = emitProgram(ir, layout, { target, keyMap: "array", headerFile: "key.h" }, sink);
  writeFileSync(join(dir, "key.h"), renderHeader(layout));
  writeFileSync(join(dir, "prog.bpf.c"), c ?? "");
  const obj = c === undefined ? undefined : buildObject(dir, "prog", sink);
  const prog = obj ? LoadedProgram.load(obj, target, mapNames(ir.name).keys, sink) : undefined;
  printDiagnostics(io, sink.diagnostics, flags.diagnosticsFormat, 0);
  if (!prog) {
    release(dir);
    return undefined;
  }
  return {
    run(batch, runSink) {
      const runnable: number[] = [];
      for (let i = 0; i < batch.count; i++) {
        const length = batch.ends[i]! - batch.starts[i]!;
        const refused = notRunnable(target, packetOf(batch, i));
        if (refused === undefined) runnable.push(i);
        else if (refused.kind === "length")
          runSink.report(messages.packetNotRunnable, undefined, {
            index: batch.numbers[i]!,
            length,
            min: MIN_TEST_PACKET,
            max: MAX_TEST_PACKET,
          });
        else
          runSink.report(messages.packetNotRunnableOnTc, undefined, {
            index: batch.numbers[i]!,
            length,
            header: refused.header,
            size: refused.size,
          });
      }
      const results = prog.run(
        runnable.map((i) => packetOf(batch, i)),
        runSink,
        flowFlags,
      );
      if (runSink.hasErrors() || results.length < runnable.length) return undefined;
      const keys: (Uint8Array | undefined)[] = new Array(batch.count).fill(undefined);
      runnable.forEach((i, j) => (keys[i] = results[j]?.key));
      return keys;
    },
    close() {
      prog.unload();
      release(dir);
    },
  };
}
