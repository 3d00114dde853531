// What every emitter of one parse function shares: where each value lives (C locals, which clang
// keeps in registers, or the per-CPU scratch state for what cannot live on the 512-byte stack),
// which header fields go straight into the key, and the layout. emit-program.ts builds it once;
// emit-parse, emit-ops, emit-expr and flow-keys-copy only ask it for C names.

import type * as Ir from "../ir/ir.js";
import type { FlowKeyLayout, LayoutField } from "../layout/layout.js";
import { isNarrow } from "../ir/widths.js";
import { planKeyStores, type KeyPlan } from "./key-store.js";
import { scalarWidth as widthOf } from "../ir/widths.js";
import { statesInCycles } from "../ir/alignment.js";
import { slotLiveness } from "../ir/liveness.js";
import { FLOW_KEYS_FIELDS, type FlowKeysField } from "../ir/flow-keys.js";
import { InternalError } from "../diagnostics/diagnostic.js";

/**
 * Slots written on a parser loop. They stay in scratch memory: in a register, a value known on
 * one turn and different on the next keeps the verifier from merging the turns' states, and it
 * would follow every combination.
 */
function writtenInLoops(ir: Ir.IrProgram): Set<number> {
  const cyclic = statesInCycles(ir);
  const out = new Set<number>();
  const headers = (t: Ir.IrHeaderRef | { kind: "stackNext"; stack: number }): Ir.IrHeader[] =>
    t.kind === "header"
      ? [ir.headers[t.header]!]
      : ir.stacks[t.stack]!.elements.flatMap((e) => (e.kind === "header" ? [e] : e.members));
  const lvalue = (lv: Ir.IrLValue) => {
    if (lv.kind === "slot") out.add(lv.slot);
    else
      for (const h of headers({ kind: "stackNext", stack: lv.stack }))
        out.add(h.fields[lv.field]!.slot);
  };
  const visit = (ops: readonly Ir.IrOp[]) => {
    for (const op of ops)
      switch (op.kind) {
        case "extract":
          for (const h of headers(op.target)) for (const f of h.fields) out.add(f.slot);
          break;
        case "lookahead":
          op.dests.forEach((d) => lvalue(d.target));
          break;
        case "assign":
          lvalue(op.target);
          break;
        case "stackShift":
          for (const h of headers({ kind: "stackNext", stack: op.stack }))
            for (const f of h.fields) out.add(f.slot);
          break;
        case "if":
          visit(op.then);
          visit(op.else);
          break;
        case "advance":
        case "setValidity":
        case "verify":
          break;
      }
  };
  for (const s of ir.states) if (cyclic[s.id]) visit(s.ops);
  return out;
}

/**
 * Values alive at once in C locals at most: what BPF's four callee-saved registers (r6-r9) hold.
 * Beyond that clang spills them to the stack, where the verifier tracks each spilled value exactly
 * and merges fewer paths: measured on the examples (bench/ebpf.mjs, bench/dissector.mjs), 24
 * took the flow dissector from 6,313 to 13,573 verifier-processed instructions for no speed;
 * 4 is the least on all of them.
 */
export const MAX_LOCAL_SLOTS = 4;

export class EmitContext {
  /** Byte offset in st->w of each wide or varbit slot. */
  readonly wide: ReadonlyMap<number, number>;
  readonly wideBytes: number;
  /** Which header fields go straight into the key (key-store.ts). */
  readonly keys: KeyPlan;
  /** Narrow slots held in C locals (`s_N`); the others are in st->s[N]. */
  readonly locals: ReadonlySet<number>;
  /** Stack nextIndex counters: locals whose exact value the verifier follows (`nx_N`). */
  readonly counters: ReadonlySet<number>;
  /** Words of validity bits (`valid_K`, bit h % 64 of word h / 64 for header h). */
  readonly validWords: number;
  /** Slots some path reads before writing them: only those need zero in storage first. */
  readonly liveAtStart: ReadonlySet<number>;
  /**
   * Flow dissector metadata kept in the context's `struct bpf_flow_keys` itself (`fk->name`), as
   * the kernel's own dissector does: the kernel has set the inputs and zeroed the rest before the
   * program runs, and reads the struct after it, so these need no copy in, no zeroing and no copy
   * out. The IPv4 addresses are among them, the IPv6 ones are not: the struct's union shares the
   * first 8 bytes between the families, which P4 keeps apart, so the IPv6 addresses stay in
   * scratch and go into the union after the parse when addr_proto names them
   * (flow-keys-copy.ts), the only place that writes their bytes.
   */
  readonly inFlowKeys: ReadonlyMap<number, FlowKeysField>;
  /**
   * The C local (`ls_S_F`) each field slot of a stack's elements is read from through `last`
   * right after the extract (key-store.ts lastFields); the same local for every element.
   */
  readonly lastLocal: ReadonlyMap<number, string>;
  /** For each slot, the header that owns it (-1 for none). */
  private readonly owner: Int32Array;

  constructor(
    readonly ir: Ir.IrProgram,
    readonly layout: FlowKeyLayout,
    /** No key is built: nothing is written into it, it is not even zeroed. */
    readonly noKey: boolean,
    /** The target hands the parse a `struct bpf_flow_keys` (flow_dissector) bound to ir.dissector. */
    flowKeysContext = false,
  ) {
    const inFlowKeys = new Map<number, FlowKeysField>();
    if (flowKeysContext && ir.dissector)
      for (const f of FLOW_KEYS_FIELDS)
        if (f.family !== "ipv6") inFlowKeys.set(ir.dissector[f.name]!, f);
    this.inFlowKeys = inFlowKeys;
    const wide = new Map<number, number>();
    let wideBytes = 0;
    for (const s of ir.slots) {
      if (!isNarrow(s.type)) {
        // Each wide slot starts on 8 bytes, so it can be moved a word at a time.
        wide.set(s.id, wideBytes);
        wideBytes += Math.ceil(widthOf(s.type) / 64) * 8;
      }
    }
    this.wide = wide;
    // Wide slots are whole words already; at least one word keeps the array non-empty.
    this.wideBytes = Math.max(8, wideBytes);
    this.keys = planKeyStores(ir, layout, noKey);
    this.counters = new Set(ir.stacks.map((s) => s.nextIndexSlot));
    const lastLocal = new Map<number, string>();
    for (const [stack, fields] of this.keys.lastFields)
      for (const el of ir.stacks[stack]!.elements)
        for (const k of fields) {
          const f = el.kind === "header" ? el.fields[k] : undefined;
          if (f && isNarrow(f.type)) lastLocal.set(f.slot, `ls_${stack}_${k}`);
        }
    this.lastLocal = lastLocal;
    this.owner = Int32Array.from(ir.slots, (s) => s.header ?? -1);
    // Slots the parser reads come first (select keys, metadata), then key fields kept until the
    // key is written; slots never stored (direct key fields, unread ones) need no home at all.
    const bound = new Set(Object.values(ir.dissector ?? {}));
    const inLoops = writtenInLoops(ir);
    const stored = ir.slots.filter(
      (s) =>
        isNarrow(s.type) &&
        !inFlowKeys.has(s.id) &&
        !inLoops.has(s.id) &&
        !this.counters.has(s.id) &&
        !this.keys.directSlots.has(s.id) &&
        (this.keys.read.has(s.id) ||
          bound.has(s.id) ||
          (this.keys.field.has(s.id) && !this.keys.direct.has(this.owner[s.id]!))),
    );
    const rank = (s: Ir.IrScalarSlot) => (this.keys.read.has(s.id) || bound.has(s.id) ? 0 : 1);
    const ordered = [...stored].sort((a, b) => rank(a) - rank(b) || a.id - b.id);
    // A slot gets a local when, in every state where it holds a value (live or written there),
    // fewer than MAX_LOCAL_SLOTS locals already do: values alive at different times share the
    // budget. Key fields written at the end and metadata read back are alive throughout.
    const atEnd = new Set(
      ir.slots
        .filter(
          (s) => bound.has(s.id) || (!noKey && this.keys.field.has(s.id) && !this.keyField(s.id)),
        )
        .map((s) => s.id),
    );
    const { present, liveAtStart } = slotLiveness(ir, atEnd);
    this.liveAtStart = liveAtStart;
    const pressure = new Array<number>(ir.states.length).fill(0);
    const locals = new Set<number>();
    for (const s of ordered) {
      const where = present.flatMap((p, i) => (p.has(s.id) ? [i] : []));
      if (where.some((i) => pressure[i]! >= MAX_LOCAL_SLOTS)) continue;
      where.forEach((i) => pressure[i]!++);
      locals.add(s.id);
    }
    this.locals = locals;
    this.validWords = Math.max(1, Math.ceil(ir.headers.length / 64));
  }

  headerOfSlot(slot: number): number {
    return this.owner[slot]!;
  }

  /** The C lvalue holding a narrow slot (not one kept in the flow keys: read and assign). */
  place(id: number): string {
    if (this.inFlowKeys.has(id))
      throw new InternalError(`slot ${id} lives in bpf_flow_keys: it has no plain C lvalue`);
    if (this.counters.has(id)) return `nx_${id}`;
    return this.locals.has(id) ? `s_${id}` : `st->s[${id}]`;
  }

  /** A C expression of a narrow slot's value (in the host's order). */
  read(id: number): string {
    const f = this.inFlowKeys.get(id);
    if (!f) return this.place(id);
    const v = `fk->${f.name}`;
    return f.order === "be" && f.size > 1
      ? `((__u64)__builtin_bswap${f.size * 8}(${v}))`
      : `((__u64)${v})`;
  }

  /** A C statement storing `value` (already within the slot's width) into a narrow slot. */
  assign(id: number, value: string): string {
    const f = this.inFlowKeys.get(id);
    if (!f) return `${this.place(id)} = ${value};`;
    const t = `__u${f.size * 8}`;
    const v =
      f.order === "be" && f.size > 1
        ? `__builtin_bswap${f.size * 8}((${t})(${value}))`
        : `(${t})(${value})`;
    return `fk->${f.name} = ${v};`;
  }

  /** The key field an assignment to `slot` stores straight into, if any (key-store.ts). */
  keyField(slot: number): LayoutField | undefined {
    const h = this.owner[slot]!;
    if (!this.keys.directSlots.has(slot) && !(h >= 0 && this.keys.direct.has(h))) return undefined;
    return this.keys.field.get(slot);
  }

  /** A C expression: 1 when header h is valid, else 0. */
  valid(h: number): string {
    return `((valid_${h >> 6} >> ${h & 63}) & 1)`;
  }

  /** A C statement making header h valid (v = "1"), invalid ("0") or valid when v != 0. */
  setValid(h: number, v: string): string {
    const word = `valid_${h >> 6}`;
    const bit = `(1ULL << ${h & 63})`;
    if (v === "1") return `${word} |= ${bit};`;
    if (v === "0") return `${word} &= ~${bit};`;
    return `${word} = (${word} & ~${bit}) | ((__u64)((${v}) != 0) << ${h & 63});`;
  }
}
