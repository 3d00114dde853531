// `p4flow flows` (the pinned flow table, decoded, sorted by packets or bytes: a refreshing view
// on a terminal, JSON lines otherwise) and `p4flow dump` (every CPU's entry of the key map). Both
// read the maps with bpftool and refuse a program whose fingerprint is not the layout's.

import { existsSync, readFileSync } from "node:fs";
import { DiagnosticSink } from "../diagnostics/sink.js";
import { messages } from "../diagnostics/catalog.js";
import type { FlowKeyLayout } from "../layout/layout.js";
import { layoutFromJson } from "../layout/verify.js";
import { checkPinnedLayout, checkPrivileges, findAttachment, pinnedMaps } from "./attachment.js";
import { dumpPinnedMap } from "./bpftool.js";
import { jsonCount, keyObject, keyText } from "./flow-view.js";
import type { CliIo } from "./io.js";
import { printDiagnostics } from "./report.js";
import { EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE } from "./exit-codes.js";

export interface WatchFlags {
  readonly pin?: string;
  readonly layout?: string;
  readonly sort: "packets" | "bytes";
  readonly interval: string;
  readonly once?: boolean;
  readonly limit?: string;
  readonly diagnosticsFormat: "text" | "json";
}

interface Opened {
  readonly pin: string;
  readonly layout: FlowKeyLayout;
  readonly maps: ReturnType<typeof pinnedMaps>;
}

/** The attachment and its layout (--layout overrides the recorded one), fingerprint checked. */
function open(
  io: CliIo,
  command: string,
  flags: WatchFlags,
  sink: DiagnosticSink,
): Opened | undefined {
  if (!checkPrivileges(command, sink)) return undefined;
  const a = findAttachment(
    flags.pin !== undefined ? io.host.resolve(io.cwd, flags.pin) : undefined,
    sink,
  );
  if (!a) return undefined;
  let layout = a.layout;
  let source = `the layout recorded by attach`;
  if (flags.layout !== undefined) {
    let text: string;
    try {
      text = readFileSync(io.host.resolve(io.cwd, flags.layout), "utf8");
    } catch (e) {
      sink.report(messages.cannotReadFile, undefined, {
        path: flags.layout,
        reason: e instanceof Error ? e.message.replace(/\.$/, "") : String(e),
      });
      return undefined;
    }
    const given = layoutFromJson(text, flags.layout, sink);
    if (!given) return undefined;
    layout = given;
    source = flags.layout;
  }
  if (!checkPinnedLayout(a.pin, layout, source, sink)) return undefined;
  return { pin: a.pin, layout, maps: pinnedMaps({ pin: a.pin, layout }) };
}

interface Flow {
  readonly key: ReturnType<typeof keyObject>;
  readonly packets: bigint;
  readonly bytes: bigint;
  readonly firstSeenNs: bigint;
  readonly lastSeenNs: bigint;
}

function readFlows(o: Opened, sort: "packets" | "bytes", sink: DiagnosticSink): Flow[] | undefined {
  const entries = dumpPinnedMap(o.maps.flows, sink);
  if (!entries) return undefined;
  const flows = entries.map((e): Flow => {
    const v = e.values[0]!.value;
    const view = new DataView(v.buffer, v.byteOffset, v.byteLength);
    const at = (name: string) =>
      view.getBigUint64(o.layout.flowStats.fields.find((f) => f.name === name)!.offset, true);
    return {
      key: keyObject(o.layout, e.key),
      packets: at("packets"),
      bytes: at("bytes"),
      firstSeenNs: at("first_seen_ns"),
      lastSeenNs: at("last_seen_ns"),
    };
  });
  const by = (f: Flow) => (sort === "bytes" ? f.bytes : f.packets);
  return flows.sort((a, b) => (by(a) < by(b) ? 1 : by(a) > by(b) ? -1 : 0));
}

function flowsTable(o: Opened, flows: readonly Flow[], limit: number, sort: string): string {
  const rows = flows.slice(0, limit);
  const total = flows.reduce((n, f) => n + f.packets, 0n);
  const lines = [
    `p4flow flows: ${o.pin} (parser '${o.layout.name}', layout ${o.layout.fingerprint}) ${flows.length} flows, ${total} packets, sorted by ${sort}  ${new Date().toISOString()}`,
    `${"PACKETS".padStart(10)} ${"BYTES".padStart(12)}  KEY`,
    ...rows.map(
      (f) => `${String(f.packets).padStart(10)} ${String(f.bytes).padStart(12)}  ${keyText(f.key)}`,
    ),
  ];
  return lines.join("\n") + "\n";
}

export async function runFlows(io: CliIo, flags: WatchFlags): Promise<number> {
  const sink = new DiagnosticSink();
  const fail = (code: number) => {
    printDiagnostics(io, sink.diagnostics, flags.diagnosticsFormat, 0);
    return code;
  };
  const interval = Number(flags.interval);
  const limit = flags.limit === undefined ? Infinity : Number(flags.limit);
  if (!(interval > 0) || !(limit > 0)) {
    const bad = !(interval > 0) ? ["--interval", flags.interval] : ["--limit", flags.limit!];
    sink.report(messages.badOptionValue, undefined, {
      value: bad[1]!,
      option: bad[0]!,
      reason: "expected a positive number",
    });
    return fail(EXIT_USAGE);
  }
  const o = open(io, "flows", flags, sink);
  if (!o) return fail(EXIT_DIAGNOSTICS);
  if (!existsSync(o.maps.flows)) {
    sink.report(messages.noFlowTable, undefined, { pin: o.pin });
    return fail(EXIT_DIAGNOSTICS);
  }
  const live = process.stdout.isTTY === true && flags.once !== true;
  if (!live) {
    const flows = readFlows(o, flags.sort, sink);
    if (!flows) return fail(EXIT_DIAGNOSTICS);
    if (process.stdout.isTTY) io.stdout(flowsTable(o, flows, limit, flags.sort));
    else
      for (const f of flows.slice(0, limit))
        io.stdout(
          JSON.stringify({
            packets: jsonCount(f.packets),
            bytes: jsonCount(f.bytes),
            first_seen_ns: jsonCount(f.firstSeenNs),
            last_seen_ns: jsonCount(f.lastSeenNs),
            key: f.key,
          }) + "\n",
        );
    return fail(EXIT_OK);
  }
  // The live view: redraw every interval until Ctrl-C.
  let stop = false;
  const onSignal = () => void (stop = true);
  process.once("SIGINT", onSignal);
  try {
    while (!stop) {
      const flows = readFlows(o, flags.sort, sink);
      if (!flows) return fail(EXIT_DIAGNOSTICS);
      const rows = Math.max(1, (process.stdout.rows || 24) - 3);
      io.stdout(`\x1b[H\x1b[2J${flowsTable(o, flows, Math.min(limit, rows), flags.sort)}`);
      await new Promise((r) => setTimeout(r, interval * 1000));
    }
    return fail(EXIT_OK);
  } finally {
    process.removeListener("SIGINT", onSignal);
  }
}

export async function runDump(io: CliIo, flags: WatchFlags): Promise<number> {
  const sink = new DiagnosticSink();
  const fail = (code: number) => {
    printDiagnostics(io, sink.diagnostics, flags.diagnosticsFormat, 0);
    return code;
  };
  const o = open(io, "dump", flags, sink);
  if (!o) return fail(EXIT_DIAGNOSTICS);
  const path = existsSync(o.maps.keys) ? o.maps.keys : o.maps.keyBuffer;
  const entries = dumpPinnedMap(path, sink);
  if (!entries) return fail(EXIT_DIAGNOSTICS);
  for (const e of entries) {
    for (const { cpu, value } of e.values) {
      // A CPU that never ran the program has an all-zero entry: no outcome.
      if (value[o.layout.status.outcomeOffset] === 0) continue;
      const key = keyObject(o.layout, value);
      io.stdout(
        process.stdout.isTTY
          ? `cpu ${cpu}: ${keyText(key)}\n`
          : JSON.stringify({ ...(cpu >= 0 ? { cpu } : {}), key }) + "\n",
      );
    }
  }
  return fail(EXIT_OK);
}
