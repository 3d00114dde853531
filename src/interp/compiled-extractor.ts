// The compiled interpreter as `run` uses it: the IR turned once into the source of a JavaScript
// module (the parse loop of compiled-parser.ts, the key writer and reset of compiled-key.ts) that
// parses a packet lying anywhere in a larger buffer and writes its key in place, with nothing
// allocated per packet. The source is a plain string, so it can be generated once and handed to
// worker threads. It computes exactly what the reference interpreter (interpreter.ts) computes;
// the tests compare the two on every program and packet set.

import type * as Ir from "../ir/ir.js";
import { OUTCOME_ACCEPT, OUTCOME_REJECT, type FlowKeyLayout } from "../layout/layout.js";
import { storedAsNumber } from "./compile-expr.js";
import { keptSlots, keyWriterSource, resetSource } from "./compiled-key.js";
import { parserSource } from "./compiled-parser.js";
import { runtime, type Runtime } from "./compiled-runtime.js";
import { normalize, type InterpOptions } from "./machine.js";

/** The compiled parser as `run` uses it: keys written in place, no object per packet. */
export interface KeyExtractor {
  /** The key's size in bytes (the layout's). */
  readonly keySize: number;
  /**
   * Parses bytes [start, end) of `buf` as one packet (a view of a larger buffer costs nothing
   * here) and writes its key into key[at, at + keySize). Returns -1 when the parser accepted,
   * else the error code it rejected with.
   */
  extract(
    buf: Uint8Array,
    start: number,
    end: number,
    key: Uint8Array,
    at: number,
    entry?: Ir.ParseEntry,
  ): number;
}

/** The generated source of the extractor of `ir` with `layout` (see compileExtractor). */
export function extractorSource(ir: Ir.IrProgram, layout: FlowKeyLayout): string {
  const kept = keptSlots(ir, layout);
  // The packet, its bounds and the cursor are locals of the parse: no closure variable on the
  // path of every field read.
  return `"use strict";
const { numbers: n, bigints: b, varbitLengths: vl, valid, readNumber: rdn, readBig: rdb,
  readWord64: rw64, stackField: sf, stackValid: sv, idx, vsHas, shift, put, putBig } = rt;
function run(pkt, start, end, from) {
const base = start, len = end - start, bits = end * 8;
${parserSource(ir, kept)}
}
function key(outcome, error, key, o) {
${keyWriterSource(ir, layout)}
}
function reset() {
${resetSource(ir, kept)}
}
return { run, key, reset };`;
}

/**
 * Compiles the IR into a key extractor; `source` is extractorSource(ir, layout) when it was
 * generated already (by the thread that hands it to workers).
 */
export function compileExtractor(
  ir: Ir.IrProgram,
  layout: FlowKeyLayout,
  options: InterpOptions = {},
  source: string = extractorSource(ir, layout),
): KeyExtractor {
  const factory = new Function("rt", source) as (rt: Runtime) => {
    run(packet: Uint8Array, start: number, end: number, from: number): number;
    key(outcome: number, error: number, key: Uint8Array, o: number): void;
    reset(): void;
  };
  const rt = runtime(ir, options);
  const program = factory(rt);
  const size = layout.size;
  return {
    keySize: size,
    extract(buf, start, end, key, at, entry) {
      program.reset();
      if (entry)
        for (const [slot, v] of entry.slots) {
          const t = ir.slots[slot]!.type;
          if (storedAsNumber(t)) rt.numbers[slot] = Number(normalize(v, t));
          else rt.bigints[slot] = normalize(v, t);
        }
      const err = program.run(buf, start, end, 8 * (start + (entry?.offset ?? 0)));
      key.fill(0, at, at + size);
      program.key(err < 0 ? OUTCOME_ACCEPT : OUTCOME_REJECT, err < 0 ? 0 : err, key, at);
      return err;
    },
  };
}
