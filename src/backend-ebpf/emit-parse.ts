// The parse function: one labelled block per P4 state (with the P4 name and source line in a
// comment), the iteration bound, select transitions, and the final key write that zeroes invalid
// headers. Semantics are the interpreter's (src/interp/interpreter.ts), bit for bit. Every target
// calls it: xdp and tc programs from their section, lib users from their own programs.

import type * as Ir from "../ir/ir.js";
import { STANDARD_ERROR_CODE } from "../ir/ir.js";
import {
  OUTCOME_ACCEPT,
  OUTCOME_REJECT,
  validBitPosition,
  type FlowKeyLayout,
} from "../layout/layout.js";
import {
  alignedStates,
  boundedByStacks,
  parserLoops,
  statesInCycles,
  successorStates,
} from "../ir/alignment.js";
import { CBuilder, cName, u64 } from "./c-builder.js";
import { copyBytes, ExprEmitter, sext, TooWide, widthOf } from "./emit-expr.js";
import { emitOps } from "./emit-ops.js";
import { putField } from "./key-store.js";
import { flowKeysIn, flowKeysOut } from "./flow-keys-copy.js";
import { validOnEntry } from "../ir/validity.js";
import type { EmitContext } from "./emit-context.js";
import { iterationPlan } from "../ir/iteration-count.js";
import type { Target } from "./target.js";
import { valueSetMapName } from "./map-names.js";

/** The name of the parse function for a target's context type. */
export function parseFunctionName(program: string, target: Target): string {
  return `${program}_parse_${target.parseSuffix}`;
}

/**
 * `static __always_inline int NAME_parse_xdp(struct xdp_md *ctx, struct NAME_state *st,
 * struct NAME_key *key)` (or `_skb` with `struct __sk_buff *`): fills `*key` from the packet,
 * using `*st` as scratch storage; returns 1 when the parser accepts, 2 when it rejects.
 */
export function emitParseFunction(
  c: CBuilder,
  ir: Ir.IrProgram,
  layout: FlowKeyLayout,
  target: Target,
  name: string,
  home: EmitContext,
  ex: ExprEmitter,
): StateCost[] {
  const costs: StateCost[] = [];
  c.block(
    `static __always_inline int ${parseFunctionName(name, target)}(${target.contextType} *ctx, struct ${name}_state *st, struct ${name}_key *key)`,
    () => {
      zeroStorage(c, ir, home);
      // The key is zeroed first: extracts write direct headers' fields into it as they go.
      if (!home.noKey) c.line("p4f_zero(key, sizeof(*key));");
      c.line(`__u32 pkt_len = ${target.packetLength};`);
      c.line(`__u8 *data = ${target.dataStart};`);
      c.line(`__u8 *data_end = ${target.dataEnd};`);
      if (target.flowKeys && ir.dissector) flowKeysIn(c, ir.dissector, home);
      else c.line("__u64 cursor = 0;");
      c.line("__u32 err = 0;");
      c.line(`__u8 outcome = ${OUTCOME_ACCEPT};`);
      // The iteration count, scratch for a run-time index or amount, and each stack's next
      // index: declared below, once the states show which of them they use.
      const declareAt = c.length;
      c.line(`goto state_${ir.start};`);
      const aligned = alignedStates(ir);
      const cyclic = statesInCycles(ir);
      const straight = straightStates(ir, cyclic);
      const valid = validOnEntry(ir);
      const iters = iterationPlan(ir);
      const testsValidity = statesTestValidity(ir, target, name, home, aligned, valid);
      for (const s of ir.states) {
        const first = c.length;
        const where = s.range ? ` (${s.range.file.split("/").pop()}:${s.range.start.line})` : "";
        c.comment(`state ${s.name}${where}`);
        c.label(`state_${s.id}`);
        // The cursor, the validity bits (when the states test them) and, outside loops, the
        // iteration count go through memory where paths join: the verifier then sees one state
        // per label instead of one per path. Inside a loop the count stays in a register, where
        // the verifier sees it grow and accepts the loop. A state entered by one edge only, from
        // a state without branches of its own, gets no new paths to merge: it skips the round
        // trip. The count is kept only on loops and before or after them, and checked only on
        // and after them (src/ir/iteration-count.ts).
        if (!straight[s.id]) {
          c.line("st->cursor = cursor;");
          c.line("cursor = *(volatile __u64 *)&st->cursor;");
          for (let k = 0; k < (testsValidity ? home.validWords : 0); k++) {
            c.line(`st->vw[${k}] = valid_${k};`);
            c.line(`valid_${k} = *(volatile __u64 *)&st->vw[${k}];`);
          }
          if (!cyclic[s.id] && iters.count[s.id]) {
            c.line("st->iters = iters;");
            c.line("iters = *(volatile __u64 *)&st->iters;");
          }
        }
        if (iters.check[s.id])
          c.line(
            `if (++iters > ${ir.maxIterations}) { err = ${STANDARD_ERROR_CODE.ParserTimeout}; goto reject; }`,
          );
        else if (iters.count[s.id]) c.line("++iters;");
        ex.known = valid[s.id]!;
        ex.fresh = new Set();
        emitOps(c, ir, ex, target, home, s.ops, { aligned: aligned[s.id]! });
        transition(c, ir, ex, s.transition, name, home);
        ex.known = new Set();
        ex.fresh = new Set();
        const code = c.slice(first);
        costs[s.id] = {
          lines: code.length,
          branches: code.filter((l) => /\bif \(|\? /.test(l)).length,
        };
      }
      const body = c.slice(declareAt).join("\n");
      const used = (id: string) => new RegExp(`\\b${id}\\b`).test(body);
      c.insert(declareAt, [
        ...(used("iters") ? ["__u64 iters = 0;"] : []),
        ...(used("n") ? ["__u64 n;"] : []),
        ...[...ex.counterSlots].filter((s) => used(`nx_${s}`)).map((s) => `__u64 nx_${s} = 0;`),
      ]);
      c.label("reject");
      c.line(`outcome = ${OUTCOME_REJECT};`);
      c.label("accept");
      if (!home.noKey) writeKey(c, ir, layout, home);
      if (target.flowKeys && ir.dissector) flowKeysOut(c, ir.dissector, home);
      c.line("return outcome;");
    },
  );
  return costs;
}

/**
 * Whether the parse tests validity bits (isValid, a field of a header not surely valid, an
 * element chosen at run time; the key's last write copying a header that may be invalid). Only
 * then does the verifier follow the bits exactly, keeping apart paths that differ in them, so
 * that they must go through memory where paths join; otherwise they are only ever stored, and
 * the verifier merges paths whatever they hold. Found by emitting the code once aside.
 */
function statesTestValidity(
  ir: Ir.IrProgram,
  target: Target,
  name: string,
  home: EmitContext,
  aligned: readonly boolean[],
  valid: readonly ReadonlySet<number>[],
): boolean {
  const c = new CBuilder();
  const ex = new ExprEmitter(ir, home);
  for (const s of ir.states) {
    ex.known = valid[s.id]!;
    ex.fresh = new Set();
    emitOps(c, ir, ex, target, home, s.ops, { aligned: aligned[s.id]! });
    transition(c, ir, ex, s.transition, name, home);
  }
  if (c.slice(0).some((l) => /\bvalid_\d+ >>/.test(l))) return true;
  // The key's last write tests them when it copies kept fields of headers that may be invalid.
  if (home.noKey) return false;
  const k = new CBuilder();
  writeKey(k, ir, home.layout, home);
  return k.slice(0).some((l) => /^\s*if \(.*\bvalid_\d+ >>/.test(l));
}

/** The size of one state's C: its lines and the conditions among them. */
export interface StateCost {
  readonly lines: number;
  readonly branches: number;
}

/**
 * Verifier work per iteration, from the loop's C. Measured on kernel 6.18 with this backend's
 * output (test/backend/limits.test.ts loads both loops and checks the estimate against the
 * verifier's count): an option walk (47 lines, 4 conditions a turn) costs 1.2 processed
 * instructions a line and the verifier gives up ("sequence of 8193 jumps is too complex") past
 * about 2,800 turns, 0.7 pending branches per condition; a TLV walk with a lookahead, a verify and
 * an if (165 lines, 19 conditions) 0.9 a line and past about 1,900 turns, 0.22 per condition. The
 * factors below are on the safe side of both.
 */
const INSNS_PER_LINE = 2;
const PENDING_PER_CONDITION = 1;
const MAX_VERIFIER_INSNS = 1_000_000;
const MAX_PENDING_BRANCHES = 8_192;

/**
 * The verifier follows a loop once per iteration it can prove possible. Loops bounded by a header
 * stack stop after the stack's size; any other loop runs up to --max-parser-iterations times, and
 * its cost is estimated from the generated C (lines and conditions per iteration). Returns the
 * loops that would exceed the verifier's instruction or pending-branch limit.
 */
export function loopsTooLong(ir: Ir.IrProgram, costs: readonly StateCost[]): LoopCost[] {
  return loopCosts(ir, costs).filter(
    (l) => l.insns > MAX_VERIFIER_INSNS || l.branches > MAX_PENDING_BRANCHES,
  );
}

/** A loop's estimated verifier work at --max-parser-iterations, and the most it could take. */
export interface LoopCost {
  readonly states: string[];
  /** Instructions the verifier processes following the loop (an upper estimate). */
  readonly insns: number;
  /** Branches pending at once (an upper estimate). */
  readonly branches: number;
  /** The largest --max-parser-iterations within both verifier limits. */
  readonly most: number;
}

/** The estimate of every loop not bounded by header stacks. */
export function loopCosts(ir: Ir.IrProgram, costs: readonly StateCost[]): LoopCost[] {
  const out: LoopCost[] = [];
  for (const loop of parserLoops(ir)) {
    if (boundedByStacks(ir, loop)) continue;
    const lines = loop.reduce((n, id) => n + (costs[id]?.lines ?? 0), 0);
    const branches = Math.ceil(
      PENDING_PER_CONDITION * loop.reduce((n, id) => n + (costs[id]?.branches ?? 0), 0),
    );
    const insns = ir.maxIterations * lines * INSNS_PER_LINE;
    const pending = ir.maxIterations * branches;
    const most = Math.max(
      1,
      Math.min(
        Math.floor(MAX_VERIFIER_INSNS / Math.max(1, lines * INSNS_PER_LINE)),
        Math.floor(MAX_PENDING_BRANCHES / Math.max(1, branches)),
      ),
    );
    out.push({ states: loop.map((id) => ir.states[id]!.name), insns, branches: pending, most });
  }
  return out;
}

/** The map that holds a value set's entries. */
export function valueSetMap(program: string, vs: Ir.IrValueSet): string {
  return valueSetMapName(program, vs);
}

function targetLabel(t: Ir.IrTarget): string {
  return t.kind === "state" ? `state_${t.state}` : t.kind === "accept" ? "accept" : "reject";
}

function transition(
  c: CBuilder,
  ir: Ir.IrProgram,
  ex: ExprEmitter,
  t: Ir.IrTransition,
  name: string,
  home: EmitContext,
): void {
  if (t.kind === "direct") {
    c.line(`goto ${targetLabel(t.target)};`);
    return;
  }
  // Keys are evaluated once into locals, then cases tried in order. A key wider than 64 bits
  // (an IPv6 address...) is split into 64-bit chunks, most significant first.
  const keys = t.keys.map((k, i) => {
    const w = widthOf(k.type);
    if (w <= 64) return { chunks: [{ expr: ex.expr(k), bits: w }], type: k.type, i };
    if (k.kind !== "slot" || k.type.kind !== "bit" || !home.wide.has(k.slot))
      throw new TooWide(`a select key of ${w} bits that is not an unsigned field`);
    const nbytes = Math.ceil(w / 8);
    const h = ex.headerOfSlot(k.slot);
    const chunks: { expr: string; bits: number }[] = [];
    for (let end = nbytes; end > 0; end -= 8) {
      const start = Math.max(0, end - 8);
      const get = `p4f_get(st->w + ${home.wide.get(k.slot)}, ${8 * start}, ${8 * (end - start)})`;
      chunks.unshift({
        expr: h >= 0 ? `(${home.valid(h)} ? ${get} : 0)` : get,
        bits: 8 * (end - start),
      });
    }
    // The pad bits above the field's width are zero in storage; the constants are reduced too.
    return { chunks, type: k.type, i };
  });
  const names = keys.map((k) =>
    k.chunks.map((_, j) => (k.chunks.length === 1 ? `key_${k.i}` : `key_${k.i}_${j}`)),
  );
  c.block("", () => {
    keys.forEach((k, i) =>
      k.chunks.forEach((ch, j) => c.line(`__u64 ${names[i]![j]} = ${ch.expr};`)),
    );
    for (const cs of t.cases) {
      if (cs.kind === "valueSet" && keys.some((k) => k.chunks.length > 1))
        throw new TooWide("a value set with a key wider than 64 bits");
      if (cs.kind === "valueSet") {
        const vs = ir.valueSets[cs.valueSet]!;
        c.block("", () => {
          c.line(
            `struct ${name}_vs_${cName(vs.name)}_key vk = { .k = { ${names.map((n) => n[0]).join(", ")} } };`,
          );
          c.line(
            `if (bpf_map_lookup_elem(&${valueSetMap(name, vs)}, &vk)) goto ${targetLabel(cs.target)};`,
          );
        });
        continue;
      }
      const conds = cs.keysets.flatMap((ks, i) =>
        keys[i]!.chunks.length === 1
          ? keysetCondition(ks, names[i]![0]!, keys[i]!.type)
          : wideCondition(ks, names[i]!, keys[i]!.chunks, widthOf(keys[i]!.type)),
      );
      c.line(
        conds.length === 0
          ? `goto ${targetLabel(cs.target)};`
          : `if (${conds.join(" && ")}) goto ${targetLabel(cs.target)};`,
      );
    }
  });
  c.line(`err = ${STANDARD_ERROR_CODE.NoMatch};`);
  c.line("goto reject;");
}

/** A keyset over a key held in 64-bit chunks (unsigned, most significant chunk first). */
function wideCondition(
  ks: Ir.IrKeyset,
  names: readonly string[],
  chunks: readonly { bits: number }[],
  width: number,
): string[] {
  const split = (v: bigint): bigint[] => {
    let x = BigInt.asUintN(width, v);
    const out: bigint[] = [];
    for (let j = chunks.length - 1; j >= 0; j--) {
      const bits = BigInt(chunks[j]!.bits);
      out.unshift(x & ((1n << bits) - 1n));
      x >>= bits;
    }
    return out;
  };
  const all = (f: (name: string, j: number) => string) => names.map(f);
  switch (ks.kind) {
    case "any":
      return [];
    case "value": {
      const v = split(ks.value);
      return all((n, j) => `${n} == ${u64(v[j]!)}`);
    }
    case "mask": {
      const v = split(ks.value & ks.mask);
      const m = split(ks.mask);
      return all((n, j) => `(${n} & ${u64(m[j]!)}) == ${u64(v[j]!)}`);
    }
    case "range": {
      // Lexicographic comparison over the chunks.
      const cmp = (bound: bigint[], op: ">" | "<"): string => {
        let out = `${names[names.length - 1]} ${op}= ${u64(bound[names.length - 1]!)}`;
        for (let j = names.length - 2; j >= 0; j--)
          out = `(${names[j]} ${op} ${u64(bound[j]!)} || (${names[j]} == ${u64(bound[j]!)} && ${out}))`;
        return out;
      };
      return [cmp(split(ks.low), ">"), cmp(split(ks.high), "<")];
    }
  }
}

function keysetCondition(ks: Ir.IrKeyset, key: string, type: Ir.IrScalarType): string[] {
  const w = widthOf(type);
  const norm = (v: bigint) => u64(BigInt.asUintN(w, v));
  switch (ks.kind) {
    case "any":
      return [];
    case "value":
      return [`${key} == ${norm(ks.value)}`];
    case "mask":
      return [`(${key} & ${norm(ks.mask)}) == ${norm(ks.value & ks.mask)}`];
    case "range":
      if (type.kind === "int") {
        return [
          `${sext(key, w)} >= ${BigInt.asIntN(w, ks.low)}LL`,
          `${sext(key, w)} <= ${BigInt.asIntN(w, ks.high)}LL`,
        ];
      }
      return [`${key} >= ${norm(ks.low)}`, `${key} <= ${norm(ks.high)}`];
  }
}

/**
 * Storage starts zeroed. Locals are declared zero (clang drops what is written before it is read).
 * In scratch, header fields need no zeroing when they can only become visible through an extract,
 * a lookahead or a copy, which write every field first: only headers that setValid (or a
 * run-time validity) can make valid are zeroed, with every slot outside headers.
 */
function zeroStorage(c: CBuilder, ir: Ir.IrProgram, home: EmitContext): void {
  const exposed = new Set<number>();
  const visit = (ops: readonly Ir.IrOp[]) => {
    for (const op of ops) {
      if (op.kind === "if") (visit(op.then), visit(op.else));
      if (op.kind !== "setValidity") continue;
      if (op.valid.kind === "const" && op.valid.value === 0n) continue;
      if (op.header.kind === "header") exposed.add(op.header.header);
      else
        for (const el of ir.stacks[op.header.stack]!.elements)
          for (const h of el.kind === "header" ? [el] : el.members) exposed.add(h.id);
    }
  };
  for (const s of ir.states) visit(s.ops);
  for (let k = 0; k < home.validWords; k++) c.line(`__u64 valid_${k} = 0;`);
  for (const name of new Set(home.lastLocal.values())) c.line(`__u64 ${name} = 0;`);
  for (const slot of ir.slots) {
    if (home.locals.has(slot.id)) {
      c.line(`__u64 s_${slot.id} = 0;`);
      continue;
    }
    // The kernel has zeroed them (or set them, the inputs) before the program runs.
    if (home.inFlowKeys.has(slot.id)) continue;
    const h = home.headerOfSlot(slot.id);
    if (h >= 0 && !exposed.has(h)) continue;
    // Stored straight into the key, never kept; or written before any read on every path.
    if (home.keyField(slot.id) && !home.keys.read.has(slot.id)) continue;
    if (!home.liveAtStart.has(slot.id)) continue;
    if (home.counters.has(slot.id)) continue;
    const w = home.wide.get(slot.id);
    if (w === undefined) c.line(`st->s[${slot.id}] = 0;`);
    // The slot's whole words, 8 bytes at a time (each wide slot owns them, emit-context.ts).
    else c.line(`p4f_zero(st->w + ${w}, ${Math.ceil(widthOf(slot.type) / 64) * 8});`);
    if (slot.type.kind === "varbit") c.line(`st->s[${slot.id}] = 0;`);
  }
}

function writeKey(c: CBuilder, ir: Ir.IrProgram, layout: FlowKeyLayout, home: EmitContext): void {
  c.line(putField(layout, layout.status.outcomeOffset, 1, "outcome"));
  c.line(putField(layout, layout.status.errorOffset, layout.status.errorSize, "err"));
  // The validity bitmap, a byte at a time, each byte stored once.
  const bytes = new Map<number, string[]>();
  for (const h of ir.headers) {
    if (h.validBit === undefined) continue;
    const { byte: at, shift } = validBitPosition(layout.status, h.validBit);
    if (!bytes.has(at)) bytes.set(at, []);
    bytes.get(at)!.push(`(${home.valid(h.id)} << ${shift})`);
  }
  for (const [at, bits] of bytes) c.line(`((__u8 *)key)[${at}] = (__u8)(${bits.join(" | ")});`);
  const ex = new ExprEmitter(ir, home);
  // Fields grouped by their header, so each header's validity is tested once.
  const groups = new Map<number, string[]>();
  for (const f of layout.fields) {
    if (f.slot === undefined) continue;
    const h = ex.headerOfSlot(f.slot);
    if (h >= 0 && home.keys.direct.has(h)) continue;
    if (home.keys.directSlots.has(f.slot)) continue;
    const slot = ir.slots[f.slot]!;
    const v = home.read(f.slot);
    let line: string | undefined;
    switch (f.kind) {
      case "uint":
      case "error":
      case "bool":
        line = putField(layout, f.offset, f.size, v);
        break;
      case "int":
        line = putField(layout, f.offset, f.size, `(__u64)${sext(v, widthOf(slot.type))}`);
        break;
      case "bytes":
      case "varbit":
        line = copyBytes("key", f.offset, "st->w", home.wide.get(f.slot)!, f.size, true).join(" ");
        break;
      case "varbitLength":
        line = putField(layout, f.offset, 2, v);
        break;
      case "padding":
        break;
    }
    if (line === undefined) continue;
    if (!groups.has(h)) groups.set(h, []);
    groups.get(h)!.push(line);
  }
  for (const [h, lines] of groups) {
    if (h < 0) lines.forEach((l) => c.line(l));
    else c.block(`if (${home.valid(h)})`, () => lines.forEach((l) => c.line(l)));
  }
}

/**
 * States whose only way in is one edge from a state with no conditional op of its own (so exactly
 * one path shape arrives), outside loops, and not the start state.
 */
function straightStates(ir: Ir.IrProgram, cyclic: readonly boolean[]): boolean[] {
  const edges = new Array<number>(ir.states.length).fill(0);
  const from = new Array<number>(ir.states.length).fill(-1);
  for (const s of ir.states)
    for (const t of successorStates(s.transition)) {
      edges[t]!++;
      from[t] = s.id;
    }
  const branchy = (ops: readonly Ir.IrOp[]): boolean =>
    ops.some((op) => op.kind === "if" || (op.kind === "extract" && op.varbitBits !== undefined));
  return ir.states.map(
    (s) =>
      (s.id === ir.start && edges[s.id] === 0) ||
      (s.id !== ir.start &&
        !cyclic[s.id] &&
        edges[s.id] === 1 &&
        !cyclic[from[s.id]!] &&
        !branchy(ir.states[from[s.id]!]!.ops)),
  );
}
