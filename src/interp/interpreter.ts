// The reference interpreter: runs the parser IR on one packet with the spec's semantics and
// writes the flow key as the layout says. Written for clarity, not speed: compiled-extractor.ts is the
// fast engine the CLI uses, and is tested byte for byte against this one. It is the executable spec every backend is compared
// with, so each choice the spec leaves open is fixed here and must be the same everywhere:
// - an invalid header's fields read as 0 (writes to them are kept but invisible until valid);
// - a stack read at an index out of range reads 0 and is not valid;
// - division or modulo by zero gives 0; shifts by the width or more give 0 (or the sign for >> of int);
// - on reject, headers extracted before the error stay valid with their values;
// - a state-local variable without initializer is zeroed on entry (done by the lowering);
// - the key of a rejected packet still carries every valid header; outcome and error say why.

import type * as Ir from "../ir/ir.js";
import { STANDARD_ERROR_CODE } from "../ir/ir.js";
import type { FlowKeyLayout } from "../layout/layout.js";
import { planKey, writeKey } from "./key-writer.js";
import { BitReader } from "./bits.js";
import { scalarWidth } from "../ir/widths.js";
import { normalize, type InterpOptions, type InterpResult, type MachineState } from "./machine.js";

export type { InterpOptions, InterpResult };

const ERR = STANDARD_ERROR_CODE;

class Reject {
  constructor(readonly error: number) {}
}

export function createInterpreter(
  ir: Ir.IrProgram,
  layout: FlowKeyLayout,
  options: InterpOptions = {},
): (packet: Uint8Array, entry?: Ir.ParseEntry) => InterpResult {
  const slotHeader = Int32Array.from(ir.slots, (s) => s.header ?? -1);
  const plan = planKey(layout, ir);
  // One state, reset per packet: nothing of it outlives a run (the key is a fresh array).
  const st: MachineState = {
    values: new Array<bigint>(ir.slots.length).fill(0n),
    varbitLengths: new Array<number>(ir.slots.length).fill(0),
    valid: new Array<boolean>(ir.headers.length).fill(false),
  };
  return (packet, entry) => {
    st.values.fill(0n);
    st.varbitLengths.fill(0);
    st.valid.fill(false);
    for (const [slot, v] of entry?.slots ?? [])
      st.values[slot] = normalize(v, ir.slots[slot]!.type);
    const m = new Machine(ir, st, new BitReader(packet), slotHeader, options);
    m.cursor = 8 * (entry?.offset ?? 0);
    let outcome: "accept" | "reject" = "accept";
    let error = 0;
    try {
      m.run();
    } catch (e) {
      if (!(e instanceof Reject)) throw e;
      outcome = "reject";
      error = e.error;
    }
    return { outcome, error, key: writeKey(plan, st, outcome, error) };
  };
}

class Machine {
  cursor = 0;
  constructor(
    private readonly ir: Ir.IrProgram,
    private readonly st: MachineState,
    private readonly packet: BitReader,
    private readonly slotHeader: Int32Array,
    private readonly options: InterpOptions,
  ) {}

  run(): void {
    let state: number | "accept" | "reject" = this.ir.start;
    let visits = 0;
    for (;;) {
      if (state === "accept") return;
      if (state === "reject") throw new Reject(0);
      if (++visits > this.ir.maxIterations) throw new Reject(ERR.ParserTimeout);
      const s: Ir.IrState = this.ir.states[state]!;
      this.ops(s.ops);
      const t = this.transition(s.transition);
      state = t.kind === "state" ? t.state : t.kind;
    }
  }

  private transition(t: Ir.IrTransition): Ir.IrTarget {
    if (t.kind === "direct") return t.target;
    const keys = t.keys.map((k) => this.eval(k));
    for (const c of t.cases) {
      if (c.kind === "valueSet") {
        const entries = this.options.valueSets?.get(c.valueSet) ?? [];
        if (
          entries.some(
            (entry) =>
              entry.length === keys.length &&
              entry.every((v, i) => normalize(v, t.keys[i]!.type) === keys[i]),
          )
        )
          return c.target;
        continue;
      }
      if (c.keysets.every((ks, i) => matches(ks, keys[i]!, t.keys[i]!.type))) return c.target;
    }
    throw new Reject(ERR.NoMatch);
  }

  private ops(list: readonly Ir.IrOp[]): void {
    for (const op of list) this.op(op);
  }

  private op(op: Ir.IrOp): void {
    switch (op.kind) {
      case "extract":
        return this.extract(op);
      case "lookahead": {
        if (this.cursor + op.bits > this.packet.bits) throw new Reject(ERR.PacketTooShort);
        for (const d of op.dests)
          this.store(
            d.target,
            this.packet.read(this.cursor + d.bitOffset, scalarWidth(d.type)),
            d.type,
          );
        if (op.setValid) this.setValid(op.setValid, true);
        return;
      }
      case "advance": {
        const bits = Number(this.eval(op.bits));
        if (this.cursor + bits > this.packet.bits) throw new Reject(ERR.PacketTooShort);
        this.cursor += bits;
        return;
      }
      case "assign": {
        const type =
          op.target.kind === "slot" ? this.ir.slots[op.target.slot]!.type : op.value.type;
        this.store(op.target, this.eval(op.value), type);
        return;
      }
      case "setValidity":
        this.setValid(op.header, this.eval(op.valid) !== 0n);
        return;
      case "verify":
        if (this.eval(op.condition) === 0n) throw new Reject(op.error);
        return;
      case "if":
        this.ops(this.eval(op.condition) !== 0n ? op.then : op.else);
        return;
      case "stackShift":
        this.stackShift(op);
        return;
    }
  }

  private header(ref: Ir.IrHeaderRef): Ir.IrHeader | undefined {
    if (ref.kind === "header") return this.ir.headers[ref.header];
    const stack = this.ir.stacks[ref.stack]!;
    const i = this.eval(ref.index);
    const e = i >= 0n && i < BigInt(stack.size) ? stack.elements[Number(i)] : undefined;
    return e?.kind === "header" ? e : undefined;
  }

  private setValid(ref: Ir.IrHeaderRef, valid: boolean): void {
    const h = this.header(ref);
    if (!h) return;
    if (valid && h.unionId !== undefined) {
      for (const m of this.ir.unions[h.unionId]!.members) this.st.valid[m.id] = false;
    }
    this.st.valid[h.id] = valid;
  }

  private extract(op: Ir.IrExtract): void {
    let h: Ir.IrHeader | undefined;
    let stack: Ir.IrStack | undefined;
    if (op.target.kind === "stackNext") {
      stack = this.ir.stacks[op.target.stack]!;
      const next = Number(this.st.values[stack.nextIndexSlot]!);
      if (next >= stack.size) throw new Reject(ERR.StackOutOfBounds);
      const e = stack.elements[next]!;
      h = e.kind === "header" ? e : undefined;
    } else {
      h = this.header(op.target);
      if (!h && op.target.kind === "stackElement") throw new Reject(ERR.StackOutOfBounds);
    }
    if (!h) return;
    let varbitLen = 0;
    if (h.varbitField !== undefined) {
      const max = scalarWidth(h.fields[h.varbitField]!.type);
      varbitLen = op.varbitBits ? Number(this.eval(op.varbitBits)) : 0;
      if (varbitLen > max) throw new Reject(ERR.HeaderTooShort);
    }
    const total = h.fixedBits + varbitLen;
    if (this.cursor + total > this.packet.bits) throw new Reject(ERR.PacketTooShort);
    for (let i = 0; i < h.fields.length; i++) {
      const f = h.fields[i]!;
      const at = this.cursor + f.bitOffset + (f.afterVarbit ? varbitLen : 0);
      if (f.type.kind === "varbit") {
        // A varbit value is kept left-aligned in its maximum width, as the key stores it.
        const raw = this.packet.read(at, varbitLen);
        this.st.values[f.slot] = raw << BigInt(f.type.maxWidth - varbitLen);
        this.st.varbitLengths[f.slot] = varbitLen;
      } else {
        this.st.values[f.slot] = normalize(this.packet.read(at, scalarWidth(f.type)), f.type);
      }
    }
    this.cursor += total;
    this.setValid({ kind: "header", header: h.id }, true);
    if (stack) this.st.values[stack.nextIndexSlot] = this.st.values[stack.nextIndexSlot]! + 1n;
  }

  private stackShift(op: Ir.IrStackShift): void {
    const stack = this.ir.stacks[op.stack]!;
    const hs = stack.elements.filter((e): e is Ir.IrHeader => e.kind === "header");
    if (hs.length !== stack.size) return;
    const snapshot = hs.map((h) => ({
      valid: this.st.valid[h.id]!,
      values: h.fields.map((f) => this.st.values[f.slot]!),
    }));
    const n = stack.size;
    for (let i = 0; i < n; i++) {
      const from = op.direction === "pushFront" ? i - op.count : i + op.count;
      const src = from >= 0 && from < n ? snapshot[from] : undefined;
      const h = hs[i]!;
      this.st.valid[h.id] = src?.valid ?? false;
      h.fields.forEach((f, k) => (this.st.values[f.slot] = src ? src.values[k]! : 0n));
    }
    const next = Number(this.st.values[stack.nextIndexSlot]!);
    const moved =
      op.direction === "pushFront" ? Math.min(n, next + op.count) : Math.max(0, next - op.count);
    this.st.values[stack.nextIndexSlot] = BigInt(moved);
  }

  private store(target: Ir.IrLValue, value: bigint, type: Ir.IrScalarType): void {
    if (target.kind === "slot") {
      this.st.values[target.slot] = normalize(value, this.ir.slots[target.slot]!.type);
      return;
    }
    const h = this.header({ kind: "stackElement", stack: target.stack, index: target.index });
    const f = h?.fields[target.field];
    if (f) this.st.values[f.slot] = normalize(value, f.type ?? type);
  }

  private readSlot(slot: number): bigint {
    const h = this.slotHeader[slot]!;
    return h >= 0 && !this.st.valid[h] ? 0n : this.st.values[slot]!;
  }

  eval(e: Ir.IrExpr): bigint {
    switch (e.kind) {
      case "const":
        return e.value;
      case "slot":
        return this.readSlot(e.slot);
      case "stackField": {
        const h = this.header({ kind: "stackElement", stack: e.stack, index: e.index });
        const f = h?.fields[e.field];
        return f ? this.readSlot(f.slot) : 0n;
      }
      case "isValid": {
        const h = this.header(e.header);
        return h && this.st.valid[h.id] ? 1n : 0n;
      }
      case "unary": {
        const a = this.eval(e.arg);
        return e.op === "!" ? (a === 0n ? 1n : 0n) : normalize(e.op === "~" ? ~a : -a, e.type);
      }
      case "binary":
        return this.binary(e);
      case "concat": {
        const r = this.eval(e.right);
        const wr = scalarWidth(e.right.type);
        return normalize((this.eval(e.left) << BigInt(wr)) | BigInt.asUintN(wr, r), e.type);
      }
      case "slice":
        return BigInt.asUintN(
          e.high - e.low + 1,
          BigInt.asUintN(scalarWidth(e.arg.type), this.eval(e.arg)) >> BigInt(e.low),
        );
      case "cast": {
        const a = this.eval(e.arg);
        return e.type.kind === "bool" ? (a !== 0n ? 1n : 0n) : normalize(a, e.type);
      }
      case "ternary":
        return this.eval(e.cond) !== 0n ? this.eval(e.then) : this.eval(e.else);
      case "packetLength":
        return BigInt(this.packet.bytes);
      case "packetOffset":
        return BigInt(this.cursor >> 3);
      case "varbitLength":
        return BigInt(this.st.varbitLengths[e.slot]!);
    }
  }

  private binary(e: Extract<Ir.IrExpr, { kind: "binary" }>): bigint {
    if (e.op === "&&") return this.eval(e.left) !== 0n && this.eval(e.right) !== 0n ? 1n : 0n;
    if (e.op === "||") return this.eval(e.left) !== 0n || this.eval(e.right) !== 0n ? 1n : 0n;
    const a = this.eval(e.left);
    const b = this.eval(e.right);
    const t = e.left.type;
    const w = scalarWidth(t);
    switch (e.op) {
      case "+":
        return normalize(a + b, e.type);
      case "-":
        return normalize(a - b, e.type);
      case "*":
        return normalize(a * b, e.type);
      case "/":
        return b === 0n ? 0n : normalize(a / b, e.type);
      case "%":
        return b === 0n ? 0n : normalize(a % b, e.type);
      case "|+|":
      case "|-|": {
        const r = e.op === "|+|" ? a + b : a - b;
        const [lo, hi] =
          t.kind === "int"
            ? [-(1n << BigInt(w - 1)), (1n << BigInt(w - 1)) - 1n]
            : [0n, (1n << BigInt(w)) - 1n];
        return r < lo ? lo : r > hi ? hi : r;
      }
      case "<<":
        return b >= BigInt(w) ? 0n : normalize(a << b, e.type);
      case ">>":
        if (t.kind === "int") return b >= BigInt(w) ? (a < 0n ? -1n : 0n) : a >> b;
        return b >= BigInt(w) ? 0n : a >> b;
      case "&":
        return normalize(a & b, e.type);
      case "|":
        return normalize(a | b, e.type);
      case "^":
        return normalize(a ^ b, e.type);
      case "==":
        return a === b ? 1n : 0n;
      case "!=":
        return a !== b ? 1n : 0n;
      case "<":
        return a < b ? 1n : 0n;
      case "<=":
        return a <= b ? 1n : 0n;
      case ">":
        return a > b ? 1n : 0n;
      case ">=":
        return a >= b ? 1n : 0n;
    }
  }
}

function matches(ks: Ir.IrKeyset, key: bigint, type: Ir.IrScalarType): boolean {
  const w = scalarWidth(type);
  const u = BigInt.asUintN(w, key);
  switch (ks.kind) {
    case "any":
      return true;
    case "value":
      return u === BigInt.asUintN(w, ks.value);
    case "mask":
      return (u & ks.mask) === (ks.value & ks.mask);
    case "range":
      if (type.kind === "int") {
        const k = BigInt.asIntN(w, key);
        return BigInt.asIntN(w, ks.low) <= k && k <= BigInt.asIntN(w, ks.high);
      }
      return ks.low <= u && u <= ks.high;
  }
}
