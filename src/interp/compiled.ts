// The compiled interpreter one packet at a time, as the library and the tests use it: the compiled
// extractor (compiled-extractor.ts) with each key in a view of its own. It computes exactly what
// the reference interpreter (interpreter.ts) computes; the tests compare the two on every program
// and packet set, so the reference stays the executable spec and this is the fast path.

import type * as Ir from "../ir/ir.js";
import type { FlowKeyLayout } from "../layout/layout.js";
import { compileExtractor } from "./compiled-extractor.js";
import type { InterpOptions, InterpResult } from "./machine.js";

/** Compiles the IR; the returned function runs one packet and returns its key in a new view. */
export function compileInterpreter(
  ir: Ir.IrProgram,
  layout: FlowKeyLayout,
  options: InterpOptions = {},
): (packet: Uint8Array, entry?: Ir.ParseEntry) => InterpResult {
  const extractor = compileExtractor(ir, layout, options);
  const size = extractor.keySize;
  // Keys are cut from shared slabs: a fresh typed array per key is one of the costliest things
  // per packet (V8 allocates larger typed arrays outside its heap).
  let slab = new Uint8Array(0);
  let used = 0;
  return (packet, entry) => {
    if (used + size > slab.length) {
      slab = new Uint8Array(Math.max(size, 1 << 16));
      used = 0;
    }
    const key = slab.subarray(used, used + size);
    used += size;
    const err = extractor.extract(packet, 0, packet.length, key, 0, entry);
    return {
      outcome: err < 0 ? "accept" : "reject",
      error: err < 0 ? 0 : err,
      key,
    };
  };
}
