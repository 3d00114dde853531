// Known offsets: splits a state's ops into straight runs of fixed-size packet reads and gives
// every extract and lookahead of a run its position as (base + constant bytes), the base being
// the cursor where the run starts. A run starts on a byte-aligned cursor and ends before anything
// that moves the cursor by a run-time amount (an advance, a varbit extract), before a header that
// cannot be read in place (a union stack, a wide field off a byte boundary), before a conditional
// that reads the packet, and after a header that leaves the cursor off a byte boundary. Backends
// check the whole run's bytes once, then read every field at a constant offset from the base.

import type * as Ir from "./ir.js";
import { alignedAfter } from "./alignment.js";
import { scalarWidth } from "./widths.js";

/** A run of ops `[from, to)` of one op list, whose packet reads lie in `bytes` bytes from the base. */
export interface PacketRun {
  readonly from: number;
  readonly to: number;
  readonly bytes: number;
  /** For each op index of the run that reads the packet: its first byte's offset from the base. */
  readonly at: ReadonlyMap<number, number>;
  /** For the same ops: one past the last byte they read, from the base. */
  readonly end: ReadonlyMap<number, number>;
}

/** Whether the header's fields can all be read at constant byte positions. */
export function readableInPlace(h: Ir.IrHeader): boolean {
  return (
    h.varbitField === undefined &&
    h.fields.every(
      (f) =>
        f.type.kind !== "varbit" &&
        (scalarWidth(f.type) <= 64 || (f.bitOffset % 8 === 0 && scalarWidth(f.type) % 8 === 0)),
    )
  );
}

/** The fixed-size header an extract reads (every element of a stack has the same type), if any. */
export function fixedHeaderOf(ir: Ir.IrProgram, op: Ir.IrExtract): Ir.IrHeader | undefined {
  if (op.varbitBits !== undefined) return undefined;
  const t = op.target;
  const els = t.kind === "header" ? [ir.headers[t.header]!] : ir.stacks[t.stack]!.elements;
  if (!els.every((e): e is Ir.IrHeader => e.kind === "header" && readableInPlace(e)))
    return undefined;
  return els[0] as Ir.IrHeader | undefined;
}

function readsPacket(ops: readonly Ir.IrOp[]): boolean {
  return ops.some(
    (op) =>
      op.kind === "extract" ||
      op.kind === "lookahead" ||
      op.kind === "advance" ||
      (op.kind === "if" && (readsPacket(op.then) || readsPacket(op.else))),
  );
}

/**
 * The runs of `ops` given whether the cursor is byte-aligned before them. Ops outside every run
 * (and runs are never empty of packet reads) are emitted the general way.
 */
export function packetRuns(
  ir: Ir.IrProgram,
  ops: readonly Ir.IrOp[],
  aligned: boolean,
): PacketRun[] {
  const runs: PacketRun[] = [];
  let i = 0;
  while (i < ops.length) {
    const op = ops[i]!;
    const h = op.kind === "extract" ? fixedHeaderOf(ir, op) : undefined;
    if (!aligned || (op.kind !== "lookahead" && !h)) {
      // Not the start of a run: the op is emitted the general way.
      aligned = stepAligned(ir, op, aligned);
      i++;
      continue;
    }
    const at = new Map<number, number>();
    const end = new Map<number, number>();
    let pos = 0;
    let bytes = 0;
    let last = i;
    let j = i;
    for (; j < ops.length; j++) {
      const o = ops[j]!;
      if (o.kind === "lookahead") {
        at.set(j, pos);
        end.set(j, pos + Math.ceil(o.bits / 8));
        bytes = Math.max(bytes, end.get(j)!);
        last = j;
        continue;
      }
      if (o.kind === "extract") {
        const hh = fixedHeaderOf(ir, o);
        if (!hh) break;
        at.set(j, pos);
        end.set(j, pos + Math.ceil(hh.fixedBits / 8));
        bytes = Math.max(bytes, end.get(j)!);
        last = j;
        if (hh.fixedBits % 8 !== 0) {
          j++;
          break;
        }
        pos += hh.fixedBits / 8;
        continue;
      }
      if (o.kind === "advance" || (o.kind === "if" && readsPacket([o]))) break;
    }
    runs.push({ from: i, to: last + 1, bytes, at, end });
    for (let k = i; k <= last; k++) aligned = stepAligned(ir, ops[k]!, aligned);
    i = last + 1;
  }
  return runs;
}

function stepAligned(ir: Ir.IrProgram, op: Ir.IrOp, aligned: boolean): boolean {
  return alignedAfter(ir, [op], aligned);
}
