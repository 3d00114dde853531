// Builds a P4 program for a kernel target, loads it through the verifier, and compares what the
// kernel writes with what the interpreter writes, packet by packet.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { emitProgram, valueSetMap } from "../../src/backend-ebpf/emit-program.js";
import { mapNames } from "../../src/backend-ebpf/map-names.js";
import { buildObject, LoadedProgram, notRunnable } from "../../src/backend-ebpf/kernel-runner.js";
import type { TargetKind } from "../../src/backend-ebpf/target.js";
import { compile, type CompileOptions } from "../../src/compile.js";
import { renderText } from "../../src/diagnostics/render-text.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { decodeKey } from "../../src/interp/decode.js";
import { flowKeysValues, kernelFlowKeys } from "../../src/interp/flow-keys.js";
import { dissectorEntry, ETH_HLEN } from "../../src/ir/flow-keys.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import type { LayoutOptions } from "../../src/layout/layout.js";
import { renderHeader } from "../../src/layout/render-c.js";

export interface Built {
  readonly ir: NonNullable<ReturnType<typeof compile>["ir"]>;
  readonly layout: NonNullable<ReturnType<typeof compile>["layout"]>;
  readonly prog: LoadedProgram;
  readonly interp: ReturnType<typeof createInterpreter>;
  readonly verdicts: { readonly accept: number; readonly reject: number };
  close(): void;
}

export function buildInKernel(
  source: Pick<CompileOptions, "file" | "host" | "text">,
  options: {
    target?: TargetKind;
    layout?: LayoutOptions;
    onReject?: "pass" | "drop";
    onAccept?: "pass" | "drop";
    valueSets?: ReadonlyMap<number, readonly (readonly bigint[])[]>;
    /** [] builds no key: the runner then reads the scratch map, whose bytes mean nothing. */
    keyOutput?: readonly ("map" | "meta")[];
  } = {},
): Built {
  const target = options.target ?? "xdp";
  const r = compile({
    ...source,
    stopAfter: "ir",
    ...(options.layout ? { layout: options.layout } : {}),
  });
  if (!r.ir || !r.layout) throw new Error(renderText(r.diagnostics));
  const sink = new DiagnosticSink();
  const c = emitProgram(
    r.ir,
    r.layout,
    {
      target,
      keyMap: "array",
      headerFile: "key.h",
      ...(options.onReject ? { onReject: options.onReject } : {}),
      ...(options.onAccept ? { onAccept: options.onAccept } : {}),
      ...(options.keyOutput ? { keyOutput: options.keyOutput } : {}),
    },
    sink,
  );
  expect(renderText(sink.diagnostics)).toBe("");
  const dir = mkdtempSync(join(tmpdir(), "p4flow-kernel-"));
  writeFileSync(join(dir, "key.h"), renderHeader(r.layout));
  writeFileSync(join(dir, "prog.bpf.c"), c!);
  const obj = buildObject(dir, "prog", sink);
  expect(renderText(sink.diagnostics)).toBe("");
  const maps = mapNames(r.ir.name);
  const prog = LoadedProgram.load(
    obj!,
    target,
    options.keyOutput?.length === 0 ? maps.state : maps.keys,
    sink,
  );
  const close = () => {
    prog?.unload();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    expect(renderText(sink.diagnostics)).toBe("");
    for (const [id, entries] of options.valueSets ?? []) {
      for (const e of entries)
        prog!.addValueSetEntry(valueSetMap(r.ir.name, r.ir.valueSets[id]!), e, sink);
    }
    expect(renderText(sink.diagnostics)).toBe("");
  } catch (e) {
    // A failure after the load must not leave the program pinned.
    close();
    throw e;
  }
  const pass = target === "xdp" ? 2 : 0;
  const drop = target === "xdp" ? 1 : 2;
  return {
    ir: r.ir,
    layout: r.layout,
    prog: prog!,
    interp: createInterpreter(
      r.ir,
      r.layout,
      options.valueSets ? { valueSets: options.valueSets } : {},
    ),
    verdicts: {
      accept: options.onAccept === "drop" ? drop : pass,
      reject: options.onReject === "drop" ? drop : pass,
    },
    close,
  };
}

/**
 * Runs the packets (those BPF_PROG_TEST_RUN accepts for the target) in both engines; returns
 * readable mismatches of the key and the verdict, and for a flow dissector (run with `flags`, one
 * for all packets or one per packet) of the struct bpf_flow_keys it returns. `prog` runs another
 * program of the same target in the kernel instead of b's (a hand-written one with no P4 key:
 * only its verdicts and flow keys are compared).
 */
export function compareWithInterpreter(
  b: Built,
  packets: readonly Uint8Array[],
  flags: number | readonly number[] = 0,
  prog?: LoadedProgram,
): string[] {
  const target = b.prog.type;
  const flagsOf = (i: number) => (typeof flags === "number" ? flags : (flags[i] ?? 0));
  const cases = packets.flatMap((p, i) =>
    notRunnable(target, p) === undefined ? [{ p, flags: flagsOf(i) }] : [],
  );
  const runnable = cases.map((c) => c.p);
  expect(runnable.length).toBeGreaterThan(0);
  const sink = new DiagnosticSink();
  const kernel = (prog ?? b.prog).run(
    runnable,
    sink,
    cases.map((c) => c.flags),
  );
  expect(renderText(sink.diagnostics)).toBe("");
  const binding = target === "flow_dissector" ? b.ir.dissector : undefined;
  const bad: string[] = [];
  cases.forEach(({ p, flags }, i) => {
    const k = kernel[i];
    const ref = binding ? b.interp(p, dissectorEntry(binding, p, flags)) : b.interp(p);
    // A flow dissector says BPF_OK or BPF_DROP whatever the verdict options say.
    const verdict = binding
      ? ref.outcome === "accept"
        ? 0
        : 2
      : ref.outcome === "accept"
        ? b.verdicts.accept
        : b.verdicts.reject;
    const flowKeys = binding
      ? kernelFlowKeys(flowKeysValues(b.layout, binding, ref.key), ETH_HLEN, p.length)
      : undefined;
    const same =
      k !== undefined &&
      (prog !== undefined || Buffer.from(k.key).equals(Buffer.from(ref.key))) &&
      k.retval === verdict &&
      (flowKeys === undefined || Buffer.from(k.flowKeys!).equals(Buffer.from(flowKeys)));
    if (!same && bad.length < 5) {
      const view = (key: Uint8Array) => JSON.stringify(decodeKey(b.layout, key));
      const hex = (x: Uint8Array | undefined) => (x ? Buffer.from(x).toString("hex") : "");
      bad.push(
        `packet ${i} ${hex(p).slice(0, 120)}${binding ? ` flags ${flags}` : ""}\n  kernel: ${k ? view(k.key) : "did not run"} (verdict ${k?.retval}) ${hex(k?.key.subarray(0, 8))}${flowKeys ? ` flow keys ${hex(k?.flowKeys)}` : ""}\n  interp: ${view(ref.key)} (verdict ${verdict}) ${hex(ref.key.subarray(0, 8))}${flowKeys ? ` flow keys ${hex(flowKeys)}` : ""}`,
      );
    }
  });
  return bad;
}
