// Emits the BPF C for a target: for xdp and tc a whole program (the key map, a per-CPU scratch
// state for what does not fit in registers, an optional LRU flow table, value-set maps,
// the parse function and the section that calls it); for lib a header holding the parse
// functions for XDP and skb contexts. The parse function itself is in emit-parse.ts.

import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type * as Ir from "../ir/ir.js";
import { OUTCOME_ACCEPT, type FlowKeyLayout } from "../layout/layout.js";
import { VERSION } from "../version.js";
import { CBuilder, cName } from "./c-builder.js";
import { ExprEmitter, TooWide, widthOf } from "./emit-expr.js";
import {
  emitParseFunction,
  loopsTooLong,
  parseFunctionName,
  valueSetMap,
  type StateCost,
} from "./emit-parse.js";
import { BUF_BYTES_FOR_PRELUDE, BUF_READ_BYTES } from "./limits.js";
import { planKeyStores, type KeyPlan } from "./key-store.js";
import { FINGERPRINT_GLOBAL, mapNames } from "./map-names.js";
import { cMacroName } from "../layout/render-c.js";
import { EmitContext } from "./emit-context.js";
import { PRELUDE } from "./prelude.js";
import type { EmitTarget, Target, TargetKind } from "./target.js";
import { TARGETS } from "./target.js";

export interface EmitOptions {
  /**
   * xdp, tc, flow_dissector: a whole program; lib: a header with the parse functions only (for a
   * FlowDissector parser, the flow_dissector one).
   */
  readonly target: EmitTarget;
  /** Entries of an LRU flow table keyed by the flow key (xdp and tc); absent: no table. */
  readonly flowTable?: number;
  /**
   * Where the key goes besides the flow table (xdp, tc): "map", the one-entry key map (default);
   * "meta", XDP metadata in front of the packet (xdp only), for a tc program or AF_XDP reader.
   * Empty, without a flow table: the key is not built at all (a flow dissector that only fills
   * the kernel's flow keys, a validating filter that only gives verdicts).
   */
  readonly keyOutput?: readonly ("map" | "meta")[];
  /** "percpu" (default): one-entry per-CPU array; "array": a plain array (what tests read back). */
  readonly keyMap?: "percpu" | "array";
  readonly onReject?: "pass" | "drop";
  /** Verdict for accepted packets (default pass). */
  readonly onAccept?: "pass" | "drop";
  /** The header file to include for the key struct. */
  readonly headerFile: string;
}

export const BUF_BYTES = BUF_BYTES_FOR_PRELUDE;
/** The kernel keeps the metadata length in a u8 and wants it a multiple of 4. */
export const MAX_XDP_METADATA = 252;

export function emitProgram(
  ir: Ir.IrProgram,
  layout: FlowKeyLayout,
  options: EmitOptions,
  sink: DiagnosticSink,
): string | undefined {
  const name = cName(ir.name);
  const maxHeaderBytes = Math.max(
    8,
    ...ir.headers.map(
      (h) =>
        Math.ceil(
          (h.fixedBits +
            (h.varbitField !== undefined ? widthOf(h.fields[h.varbitField]!.type) : 0)) /
            8,
        ) + 1,
    ),
  );
  if (maxHeaderBytes > BUF_READ_BYTES) {
    sink.report(messages.backendLimit, undefined, {
      what: `a header of ${maxHeaderBytes - 1} bytes`,
      limit: `${BUF_READ_BYTES - 1} bytes per header`,
    });
    return undefined;
  }
  if (options.keyOutput?.includes("meta") && layout.size > MAX_XDP_METADATA) {
    sink.report(messages.backendLimit, undefined, {
      what: `a flow key of ${layout.size} bytes in XDP metadata`,
      limit: `${MAX_XDP_METADATA} bytes of metadata`,
    });
    return undefined;
  }
  // A FlowDissector parser needs a context with flow keys, and such a context needs one.
  const kind = options.target === "lib" ? undefined : TARGETS[options.target];
  if (kind?.flowKeys && !ir.dissector) {
    const meta = ir.key[1]?.storage;
    sink.report(messages.targetNeedsDissector, undefined, {
      found: meta
        ? `its metadata is '${meta.kind === "struct" || meta.kind === "header" ? meta.typeName : meta.path}'`
        : "it has no inout metadata",
    });
    return undefined;
  }
  if (kind && !kind.flowKeys && ir.dissector) {
    sink.report(messages.dissectorNeedsTarget, undefined, {
      parser: ir.name,
      target: `--target ${options.target}`,
    });
    return undefined;
  }
  const noKey =
    options.target !== "lib" && options.keyOutput?.length === 0 && options.flowTable === undefined;
  // A FlowDissector program gets the flow_dissector parse function on its target and in `lib`.
  const home = new EmitContext(ir, layout, noKey, kind === undefined || kind.flowKeys);
  const ex = new ExprEmitter(ir, home);
  const c = new CBuilder();
  try {
    const costs =
      options.target === "lib"
        ? library(c, ir, layout, options, name, home, ex)
        : program(c, ir, layout, options, TARGETS[options.target], name, home, ex);
    const long = loopsTooLong(ir, costs);
    for (const l of long)
      sink.report(messages.loopTooLong, ir.states.find((s) => s.name === l.states[0])?.range, {
        states: l.states.map((x) => `'${x}'`).join(", "),
        iterations: ir.maxIterations,
        insns: l.insns.toLocaleString("en"),
        branches: l.branches.toLocaleString("en"),
        most: l.most,
      });
    if (long.length > 0) return undefined;
  } catch (e) {
    if (e instanceof TooWide) {
      sink.report(messages.backendLimit, undefined, {
        what: e.what,
        limit: "the eBPF backend computes with values of at most 64 bits",
      });
      return undefined;
    }
    throw e;
  }
  return c.toString();
}

/** The outputs' base name: the key header's name without ".h" (the CLI names both after the source). */
function baseName(options: EmitOptions): string {
  return options.headerFile.replace(/\.h$/, "");
}

/**
 * The command that builds a BPF source: the include folder of Debian's multiarch layout is where
 * <asm/types.h> lives (clang -target bpf does not look there), as p4flow's own builds add it.
 */
export function buildLine(source: string, object: string): string {
  return `clang -O2 -g -target bpf -I/usr/include/$(clang -print-multiarch) -c ${source} -o ${object}`;
}

/** Includes, helpers, the scratch state struct and the value-set maps: what every target needs. */
function definitions(c: CBuilder, ir: Ir.IrProgram, name: string, home: EmitContext): void {
  c.line(PRELUDE);
  c.comment(
    `Scratch storage of one parse for what does not live in registers (a per-CPU array entry).`,
  );
  c.block(
    `struct ${name}_state`,
    () => {
      c.line(`__u64 s[${Math.max(1, ir.slots.length)}];`);
      c.line("__u64 cursor;");
      c.line("__u64 iters;");
      c.line("__u32 nb;");
      c.line(`__u8 w[${home.wideBytes}] __attribute__((aligned(8)));`);
      c.line(`__u64 vw[${home.validWords}];`);
      c.line(`__u8 buf[${BUF_BYTES}];`);
    },
    ";",
  );
  c.line();
  for (const vs of ir.valueSets) {
    c.comment(
      `Value set '${vs.name}': userspace adds entries; key = each select key as a __u64 in host order, value = 1.`,
    );
    c.block(
      `struct ${name}_vs_${cName(vs.name)}_key`,
      () => c.line(`__u64 k[${vs.keyTypes.length}];`),
      ";",
    );
    mapDefinition(
      c,
      valueSetMap(name, vs),
      "BPF_MAP_TYPE_HASH",
      Math.max(1, vs.size),
      `struct ${name}_vs_${cName(vs.name)}_key`,
      "__u8",
    );
  }
}

/** The layout fingerprint as a read-only global: loaders find it in BTF and in .rodata. */
function fingerprintGlobal(c: CBuilder, layout: FlowKeyLayout): void {
  c.comment("The layout's identity, for loaders to compare with the layout they decode keys with.");
  c.line(
    `const volatile __u64 ${FINGERPRINT_GLOBAL} = ${cMacroName(layout.name)}_LAYOUT_FINGERPRINT;`,
  );
  c.line();
}

function mapDefinition(
  c: CBuilder,
  mapName: string,
  type: string,
  entries: number,
  key: string,
  value: string,
): void {
  c.block(
    "struct",
    () => {
      c.line(`__uint(type, ${type});`);
      c.line(`__uint(max_entries, ${entries});`);
      c.line(`__type(key, ${key});`);
      c.line(`__type(value, ${value});`);
    },
    ` ${mapName} SEC(".maps");`,
  );
  c.line();
}

/** The lib target: a header with both parse functions, for users' own BPF programs. */
function library(
  c: CBuilder,
  ir: Ir.IrProgram,
  layout: FlowKeyLayout,
  options: EmitOptions,
  name: string,
  home: EmitContext,
  ex: ExprEmitter,
): StateCost[] {
  const guard = `${name.toUpperCase()}_PARSE_H`;
  c.comment(
    [
      `${baseName(options)}.parse.h: flow extractor for P4 parser '${ir.name}' as inline functions, generated by p4flow ${VERSION}.`,
      "",
      ...(ir.dissector
        ? [
            `  int ${name}_parse_flow_dissector(struct __sk_buff *ctx, struct ${name}_state *st, struct ${name}_key *key);`,
            "",
            '(call it from a SEC("flow_dissector") program: it reads and fills ctx->flow_keys)',
          ]
        : [
            `  int ${name}_parse_xdp(struct xdp_md *ctx, struct ${name}_state *st, struct ${name}_key *key);`,
            `  int ${name}_parse_skb(struct __sk_buff *ctx, struct ${name}_state *st, struct ${name}_key *key);`,
          ]),
      "",
      "fill *key from the packet and return 1 (accepted) or 2 (rejected). st is scratch storage the",
      "caller provides, best an entry of a per-CPU array map; key may live in a map or on the stack.",
      "Include this header in one BPF source file; it defines the value-set maps, if any. Build:",
      `  ${buildLine("prog.bpf.c", "prog.bpf.o")}`,
      "(examples/lib in the p4flow repository is a whole program built around one).",
    ].join("\n"),
  );
  c.line(`#ifndef ${guard}`);
  c.line(`#define ${guard}`);
  c.line("#include <linux/bpf.h>");
  c.line("#include <bpf/bpf_helpers.h>");
  c.line(`#include "${options.headerFile}"`);
  c.line();
  definitions(c, ir, name, home);
  fingerprintGlobal(c, layout);
  const targets = ir.dissector ? [TARGETS.flow_dissector] : [TARGETS.xdp, TARGETS.tc];
  const costs = targets.map((t) => {
    const cost = emitParseFunction(c, ir, layout, t, name, home, ex);
    c.line();
    return cost;
  })[0]!;
  c.line(`#endif /* ${guard} */`);
  return costs;
}

/** The xdp and tc targets: maps, the parse function and the program section calling it. */
function program(
  c: CBuilder,
  ir: Ir.IrProgram,
  layout: FlowKeyLayout,
  options: EmitOptions,
  target: Target,
  name: string,
  home: EmitContext,
  ex: ExprEmitter,
): StateCost[] {
  const file = baseName(options);
  c.comment(
    `${file}.bpf.c: flow extractor for P4 parser '${ir.name}', generated by p4flow ${VERSION}.\nTarget: ${target.kind}. Build: ${buildLine(`${file}.bpf.c`, `${file}.bpf.o`)}`,
  );
  c.line("#include <linux/bpf.h>");
  for (const h of target.includes) c.line(`#include <${h}>`);
  c.line("#include <bpf/bpf_helpers.h>");
  c.line(`#include "${options.headerFile}"`);
  c.line();
  definitions(c, ir, name, home);
  fingerprintGlobal(c, layout);
  const maps = mapNames(ir.name);
  const outputs = options.keyOutput ?? ["map"];
  const toMap = outputs.includes("map");
  if (toMap) {
    c.comment("The flow key of the last packet, read by userspace (one entry, key 0).");
    mapDefinition(
      c,
      maps.keys,
      options.keyMap === "array" ? "BPF_MAP_TYPE_ARRAY" : "BPF_MAP_TYPE_PERCPU_ARRAY",
      1,
      "__u32",
      `struct ${name}_key`,
    );
  } else if (!home.noKey) {
    c.comment("Without the key map, the key is built in a per-CPU buffer.");
    c.block(`struct ${name}_key_buffer`, () => c.line(`struct ${name}_key key;`), ";");
    mapDefinition(
      c,
      maps.keyBuffer,
      "BPF_MAP_TYPE_PERCPU_ARRAY",
      1,
      "__u32",
      `struct ${name}_key_buffer`,
    );
  }
  c.comment("Per-CPU scratch state: the parser's storage, kept off the 512-byte stack.");
  mapDefinition(c, maps.state, "BPF_MAP_TYPE_PERCPU_ARRAY", 1, "__u32", `struct ${name}_state`);
  if (options.flowTable !== undefined) {
    c.comment(
      "The flow table: every key seen (rejected packets too, their key says why), with packet and\nbyte counts and the first and last time seen (bpf_ktime_get_ns). Least recently used flows go first.",
    );
    mapDefinition(
      c,
      maps.flows,
      "BPF_MAP_TYPE_LRU_HASH",
      options.flowTable,
      `struct ${name}_key`,
      `struct ${name}_flow_stats`,
    );
  }
  const costs = emitParseFunction(c, ir, layout, target, name, home, ex);
  c.line();
  // A flow dissector's verdict says whether the dissection worked: reject is always BPF_DROP.
  const dissector = target.flowKeys;
  const reject = dissector || options.onReject === "drop" ? target.drop : target.pass;
  const accept = !dissector && options.onAccept === "drop" ? target.drop : target.pass;
  c.line(`SEC("${target.section}")`);
  c.block(`int ${name}_${target.kind}(${target.contextType} *ctx)`, () => {
    c.line("__u32 zero = 0;");
    c.line(
      toMap
        ? `struct ${name}_key *key = bpf_map_lookup_elem(&${maps.keys}, &zero);`
        : home.noKey
          ? `struct ${name}_key *key = 0; /* no key is built */`
          : `struct ${name}_key *key = bpf_map_lookup_elem(&${maps.keyBuffer}, &zero);`,
    );
    c.line(`struct ${name}_state *st = bpf_map_lookup_elem(&${maps.state}, &zero);`);
    c.line(
      `if (${home.noKey ? "" : "!key || "}!st) return ${dissector ? target.drop : target.pass};`,
    );
    c.line(`int outcome = ${parseFunctionName(name, target)}(ctx, st, key);`);
    if (options.flowTable !== undefined) flowTableUpdate(c, name, maps.flows, target);
    if (outputs.includes("meta")) metadataWrite(c, name);
    c.line(`return outcome == ${OUTCOME_ACCEPT} ? ${accept} : ${reject};`);
  });
  c.line();
  c.line('char LICENSE[] SEC("license") = "Dual BSD/GPL";');
  return costs;
}

/**
 * The key in front of the packet as XDP metadata (ctx->data_meta .. ctx->data). When the driver
 * has no room for it, the packet goes on without metadata; a reader checks data_meta + size <= data.
 */
function metadataWrite(c: CBuilder, name: string): void {
  c.block(`if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(struct ${name}_key)) == 0)`, () => {
    c.line("__u8 *meta = (__u8 *)(long)ctx->data_meta;");
    c.line("__u8 *start = (__u8 *)(long)ctx->data;");
    c.line(
      `if (meta + sizeof(struct ${name}_key) <= start) p4f_copy8(meta, key, sizeof(struct ${name}_key));`,
    );
  });
}

function flowTableUpdate(c: CBuilder, name: string, flows: string, target: Target): void {
  c.block("", () => {
    c.line("__u64 now = bpf_ktime_get_ns();");
    c.line(`__u64 len = ${target.packetLength};`);
    c.line(`struct ${name}_flow_stats *f = bpf_map_lookup_elem(&${flows}, key);`);
    c.block("if (f)", () => {
      c.line("__sync_fetch_and_add(&f->packets, 1);");
      c.line("__sync_fetch_and_add(&f->bytes, len);");
      c.line("f->last_seen_ns = now;");
    });
    c.block("else", () => {
      c.line(`struct ${name}_flow_stats fresh = { 1, len, now, now };`);
      // Another CPU may have added the flow meanwhile: then count into its entry.
      c.block(`if (bpf_map_update_elem(&${flows}, key, &fresh, BPF_NOEXIST) != 0)`, () => {
        c.line(`f = bpf_map_lookup_elem(&${flows}, key);`);
        c.block("if (f)", () => {
          c.line("__sync_fetch_and_add(&f->packets, 1);");
          c.line("__sync_fetch_and_add(&f->bytes, len);");
          c.line("f->last_seen_ns = now;");
        });
      });
    });
  });
}

export { valueSetMap } from "./emit-parse.js";
