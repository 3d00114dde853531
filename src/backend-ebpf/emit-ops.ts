// IR operations as C statements: extract (fixed, varbit, stack next, run-time stack index),
// lookahead, advance, assignments, validity, verify, conditionals and stack shifts. A straight run
// of fixed-size reads (src/ir/offsets.ts) is checked against data_end once, then every field is
// loaded by direct packet access at a constant offset, at its natural width with one byte swap;
// when that check fails (a short packet, bytes outside the linear data), the same ops run the
// precise way: each header checked on its own, its bytes copied into the scratch buffer by the
// target's load helper and cut out with p4f_get, so a short packet rejects where the interpreter
// does. Every error is `err = code; goto reject;`, as the interpreter rejects.

import type * as Ir from "../ir/ir.js";
import { STANDARD_ERROR_CODE } from "../ir/ir.js";
import type { CBuilder } from "./c-builder.js";
import { BUF_READ_BYTES } from "./limits.js";
import { alignedAfter } from "../ir/alignment.js";
import { validAfter } from "../ir/validity.js";
import { freshAfter } from "../ir/stack-last.js";
import { copyBytes, ExprEmitter, mask, sext, TooWide, widthOf } from "./emit-expr.js";
import { isNarrow } from "../ir/widths.js";
import { putField } from "./key-store.js";
import type { EmitContext } from "./emit-context.js";
import { packetRuns, readableInPlace, type PacketRun } from "../ir/offsets.js";
import type { Target } from "./target.js";

/** Where the bytes of a run are readable: `ptr` + byte offsets, `bytes` of them checked. */
interface Direct {
  readonly ptr: string;
  bytes: number;
  /** The current op's first byte, from ptr. */
  at: number;
  /**
   * On a linear target's short path (the run's check failed): the current op's bytes are checked
   * on their own before it reads them, and the op reaching the run's end surely fails.
   */
  short?: { end: number; fails: boolean };
}

export function emitOps(
  c: CBuilder,
  ir: Ir.IrProgram,
  ex: ExprEmitter,
  target: Target,
  home: EmitContext,
  ops: readonly Ir.IrOp[],
  /** Whether the cursor is byte-aligned before the first op; updated as ops are emitted. */
  align: { aligned: boolean },
): void {
  const fail = (name: keyof typeof STANDARD_ERROR_CODE) =>
    `{ err = ${STANDARD_ERROR_CODE[name]}; goto reject; }`;
  /** Set while the ops of a run are emitted on its fast path. */
  let direct: Direct | undefined;
  /**
   * The precise way: makes the packet bytes that hold the next `bits` bits readable and returns
   * the C pointer to read them from. Aligned and of constant size: straight from the packet,
   * falling back to a copy when the bytes lie outside the linear data (tc non-linear skbs, XDP
   * fragments). Otherwise: copied into st->buf by the target's load helper.
   */
  const load = (bits: string, constantBits?: number): string => {
    c.line(`if (cursor + (${bits}) > (__u64)pkt_len * 8) ${fail("PacketTooShort")}`);
    const from = "(__u32)(cursor >> 3)";
    if (align.aligned && constantBits !== undefined) {
      const nb = Math.ceil(constantBits / 8);
      if (nb === 0) return "st->buf";
      c.line(
        `if (${target.load("(__u32)(cursor >> 3)", "st->buf", String(nb))} != 0) ${fail("PacketTooShort")}`,
      );
      return "st->buf";
    }
    c.block("", () => {
      c.line(`__u32 nb = (__u32)(((cursor & 7) + (${bits}) + 7) >> 3);`);
      // Through memory, so that the verifier's bound on nb does not make it track the cursor's
      // exact value (which would multiply the states it explores).
      c.line("st->nb = nb;");
      c.line("nb = *(volatile __u32 *)&st->nb;");
      c.line(`if (nb > ${BUF_READ_BYTES}) nb = ${BUF_READ_BYTES};`);
      c.line(`if (nb > 0 && ${target.load(from, "st->buf", "nb")} != 0) ${fail("PacketTooShort")}`);
    });
    return "st->buf";
  };
  /** Whether a slot's value is ever used: read by the parser, or part of the key. */
  const kept = (slot: number) =>
    home.keys.read.has(slot) || (!home.noKey && home.keys.field.has(slot));
  const needed = (slot: number) =>
    kept(slot) || home.lastLocal.has(slot) || home.keys.forwarded.has(slot);
  /** The key offsets a wide field goes to at its extract (key-store.ts forwardWideCopies). */
  const forwardedTo = (slot: number) =>
    (home.keys.forwarded.get(slot) ?? []).map((t) => home.keys.field.get(t)!.offset);
  const setValid = (h: Ir.IrHeader, v: string) => {
    if (h.unionId !== undefined && v !== "0") {
      for (const m of ir.unions[h.unionId]!.members)
        if (m.id !== h.id)
          c.line(v === "1" ? home.setValid(m.id, "0") : `if (${v}) ${home.setValid(m.id, "0")}`);
    }
    c.line(home.setValid(h.id, v));
  };
  /** A narrow field's value into its slot and, for a direct key header, into the key. */
  const storeField = (f: Ir.IrHeaderField, value: string, toKey: boolean) => {
    const w = widthOf(f.type);
    // A field read through `last` right after this extract: into its local first.
    const last = home.lastLocal.get(f.slot);
    if (last) c.line(`${last} = ${value};`);
    if (last && !kept(f.slot)) return;
    const get = last ?? value;
    const lf = toKey ? home.keys.field.get(f.slot) : undefined;
    if (!lf) {
      c.line(`${home.place(f.slot)} = ${get};`);
      return;
    }
    c.block("", () => {
      c.line(`__u64 v = ${get};`);
      if (home.keys.read.has(f.slot)) c.line(`${home.place(f.slot)} = v;`);
      const value = lf.kind === "int" ? `(__u64)${sext("v", w)}` : "v";
      c.line(putField(home.layout, lf.offset, lf.size, value));
    });
  };
  /** A fixed-size header read from checked packet bytes at constant offsets (a run's fast path). */
  /** On the short path: the op's own bounds check (or its sure failure). */
  const shortCheck = (d: Direct) => {
    if (!d.short) return;
    if (d.short.fails) c.line(fail("PacketTooShort"));
    else c.line(`if (${d.ptr} + ${d.short.end} > data_end) ${fail("PacketTooShort")}`);
  };
  const extractDirect = (h: Ir.IrHeader, d: Direct) => {
    shortCheck(d);
    if (d.short?.fails) return;
    const toKey = home.keys.direct.has(h.id);
    for (const f of h.fields.filter((x) => needed(x.slot))) {
      const w = widthOf(f.type);
      if (isNarrow(f.type)) {
        storeField(f, directLoad(d, 8 * d.at + f.bitOffset, w), toKey);
        continue;
      }
      const off = home.wide.get(f.slot)!;
      const lf = toKey ? home.keys.field.get(f.slot) : undefined;
      const from = d.at + f.bitOffset / 8;
      const to = forwardedTo(f.slot);
      if (home.keys.read.has(f.slot) || (!lf && to.length === 0))
        copyBytes("st->w", off, d.ptr, from, w / 8, false).forEach((l) => c.line(l));
      if (lf) copyBytes("key", lf.offset, d.ptr, from, lf.size, false).forEach((l) => c.line(l));
      for (const k of to) copyBytes("key", k, d.ptr, from, w / 8, false).forEach((l) => c.line(l));
    }
    c.line(`cursor += ${h.fixedBits};`);
    setValid(h, "1");
  };
  const extractHeader = (h: Ir.IrHeader, varbitBits: string | undefined) => {
    if (direct) return extractDirect(h, direct);
    const vb = h.varbitField !== undefined ? h.fields[h.varbitField]! : undefined;
    const toKey = home.keys.direct.has(h.id);
    c.block("", () => {
      c.line(`__u64 vlen = ${vb ? (varbitBits ?? "0") : "0"};`);
      if (vb) c.line(`if (vlen > ${widthOf(vb.type)}) ${fail("HeaderTooShort")}`);
      // A field the parser never reads and the key does not hold is not stored: when that is
      // all of them, only the length is checked.
      const stored = h.fields.filter((f) => needed(f.slot));
      if (stored.length === 0) {
        c.line(
          `if (cursor + (${h.fixedBits} + vlen) > (__u64)pkt_len * 8) ${fail("PacketTooShort")}`,
        );
        c.line(`cursor += ${h.fixedBits} + vlen;`);
        setValid(h, "1");
        return;
      }
      const buf = load(
        `${h.fixedBits} + vlen`,
        vb || !readableInPlace(h) ? undefined : h.fixedBits,
      );
      for (const f of stored) {
        const at =
          align.aligned && !f.afterVarbit
            ? `${f.bitOffset}`
            : `(__u32)(${align.aligned ? "" : "(cursor & 7) + "}${f.bitOffset}${f.afterVarbit ? " + vlen" : ""})`;
        const w = widthOf(f.type);
        if (f.type.kind === "varbit") {
          const off = home.wide.get(f.slot)!;
          c.line(`p4f_clear(st->w + ${off}, ${Math.ceil(w / 8)});`);
          c.line(
            `p4f_get_varbit(st->buf, ${at}, (__u32)vlen, st->w + ${off}, ${Math.ceil(w / 8)});`,
          );
          c.line(`st->s[${f.slot}] = vlen;`);
        } else if (isNarrow(f.type)) {
          const constant = align.aligned && !f.afterVarbit;
          storeField(f, `${constant ? "p4f_get" : "p4f_get_var"}(${buf}, ${at}, ${w})`, toKey);
        } else {
          const off = home.wide.get(f.slot)!;
          const lf = toKey ? home.keys.field.get(f.slot) : undefined;
          c.line(`p4f_get_wide(st->buf, ${at}, ${w}, st->w + ${off}, ${Math.ceil(w / 8)});`);
          if (lf)
            for (const l of copyBytes("key", lf.offset, "st->w", off, lf.size, true)) c.line(l);
          for (const k of forwardedTo(f.slot))
            copyBytes("key", k, "st->w", off, Math.ceil(w / 8), true).forEach((l) => c.line(l));
        }
      }
      c.line(`cursor += ${h.fixedBits} + vlen;`);
      setValid(h, "1");
    });
  };
  const onStackElement = (
    stack: Ir.IrStack,
    index: string,
    body: (el: Ir.IrHeader | Ir.IrUnion) => void,
    outOfRange?: () => void,
    /** The index is known to be in range: the last element takes what the others do not. */
    inRange = false,
  ) => {
    c.line(`n = ${index};`);
    stack.elements.forEach((el, i) =>
      c.block(
        i === 0
          ? `if (n == ${i})`
          : inRange && i === stack.size - 1
            ? "else"
            : `else if (n == ${i})`,
        () => body(el),
      ),
    );
    if (outOfRange) c.block("else", outOfRange);
  };
  const store = (lv: Ir.IrLValue, value: string) => {
    if (lv.kind === "slot") {
      if (!isNarrow(ir.slots[lv.slot]!.type))
        throw new TooWide(`an assignment to the wide field '${ir.slots[lv.slot]!.path}'`);
      const lf = home.keyField(lv.slot);
      if (!lf) {
        c.line(home.assign(lv.slot, value));
        return;
      }
      // Straight into the key (key-store.ts); kept too when the parser reads it back.
      const t = ir.slots[lv.slot]!.type;
      const put = (v: string) =>
        c.line(
          putField(
            home.layout,
            lf.offset,
            lf.size,
            lf.kind === "int" ? `(__u64)${sext(`(${v})`, widthOf(t))}` : v,
          ),
        );
      if (!home.keys.read.has(lv.slot)) return void put(value);
      c.block("", () => {
        c.line(`__u64 v = ${value};`);
        c.line(home.assign(lv.slot, "v"));
        put("v");
      });
      return;
    }
    const stack = ir.stacks[lv.stack]!;
    c.block("", () => {
      c.line(`__u64 v = ${value};`);
      onStackElement(stack, ex.expr(lv.index), (el) => {
        if (el.kind === "header") c.line(`${home.place(el.fields[lv.field]!.slot)} = v;`);
      });
    });
  };

  /**
   * A wide slot gets a wide slot of its type (a field of an invalid header reads as zeros) or a
   * constant; anything computed is wider than the backend's 64-bit arithmetic.
   */
  const wideAssign = (slot: number, value: Ir.IrExpr) => {
    const t = ir.slots[slot]!.type;
    // Stored as the field's bytes in wire order, the value right-aligned (as p4f_get_wide does);
    // in st->w, or straight in the key (key-store.ts), or both when the parser reads it back.
    const bytes = Math.ceil(widthOf(t) / 8);
    const lf = home.keyField(slot);
    const dests: [string, number][] = [];
    if (!lf || home.keys.read.has(slot)) dests.push(["st->w", home.wide.get(slot)!]);
    if (lf) dests.push(["key", lf.offset]);
    if (value.kind === "const") {
      const v = BigInt.asUintN(bytes * 8, value.value);
      for (const [d, to] of dests)
        for (let k = 0; k < bytes; k++)
          c.line(
            `((__u8 *)${d})[${to + k}] = ${Number((v >> BigInt(8 * (bytes - 1 - k))) & 0xffn)};`,
          );
      return;
    }
    if (value.kind !== "slot" || JSON.stringify(ir.slots[value.slot]!.type) !== JSON.stringify(t))
      throw new TooWide(
        `an assignment of a computed value to the wide field '${ir.slots[slot]!.path}'`,
      );
    const from = home.wide.get(value.slot)!;
    const h = ex.headerOfSlot(value.slot);
    const copy = () => {
      for (const [d, to] of dests)
        copyBytes(d, to, "st->w", from, bytes, d === "st->w").forEach((l) => c.line(l));
    };
    if (h < 0 || ex.known.has(h)) return copy();
    c.block(`if (${home.valid(h)})`, copy);
    c.block("else", () => {
      for (const [d, to] of dests) c.line(`p4f_clear((__u8 *)${d} + ${to}, ${bytes});`);
    });
  };

  const emitList = (list: readonly Ir.IrOp[], from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const op = list[i]!;
      const known = ex.known;
      const fresh = ex.fresh;
      emitOp(op);
      ex.known = validAfter(ir, [op], known);
      ex.fresh = freshAfter(ir, op, fresh);
      align.aligned = alignedAfter(ir, [op], align.aligned);
    }
  };
  /** A run: one check of all its bytes, then the fast path; the precise way when it fails. */
  const emitRun = (run: PacketRun) => {
    const known = ex.known;
    const fresh = ex.fresh;
    const aligned = align.aligned;
    c.block("", () => {
      c.line("__u64 off = cursor >> 3;");
      // The mask bounds the offset for the verifier (which needs offset + size <= 0xffff).
      c.line("__u8 *q = data + (off & 0x7fff);");
      // Opaque to clang from here: every read is q + a constant, the form the verifier matches
      // with the bounds check (clang would otherwise fold the constants into data first).
      c.line('asm volatile("" : "+r"(q));');
      c.block(`if (off <= 0x7fff && q + ${run.bytes} <= data_end)`, () => {
        const d: Direct = { ptr: "q", bytes: run.bytes, at: 0 };
        direct = d;
        for (let i = run.from; i < run.to; i++) {
          const at = run.at.get(i);
          if (at !== undefined) d.at = at;
          emitList(ops, i, i + 1);
        }
        direct = undefined;
      });
      const after = { known: ex.known, fresh: ex.fresh, aligned: align.aligned };
      ex.known = known;
      ex.fresh = fresh;
      align.aligned = aligned;
      c.block("else", () => (target.linear ? emitShort(run) : emitList(ops, run.from, run.to)));
      ex.known = after.known;
      ex.fresh = after.fresh;
      align.aligned = after.aligned;
    });
  };
  /**
   * A linear target's run whose check failed: the packet ends inside the run (or lies beyond the
   * 32 KiB direct packet access reaches, which a linear packet never does). The run's ops are
   * replayed with each read checked on its own, up to the one that surely fails: the reject
   * happens at the same header, after the same writes, as in the interpreter.
   */
  const emitShort = (run: PacketRun) => {
    const d: Direct = { ptr: "q", bytes: 0, at: 0 };
    for (let i = run.from; i < run.to; i++) {
      const at = run.at.get(i);
      if (at !== undefined) {
        const end = run.end.get(i)!;
        d.at = at;
        d.bytes = end;
        d.short = { end, fails: end >= run.bytes };
      }
      direct = d;
      emitList(ops, i, i + 1);
      direct = undefined;
      if (d.short?.fails) break;
    }
    // Never reached (some read of the run fails), but the verifier must see the path end.
    c.line(fail("PacketTooShort"));
  };

  const runs = packetRuns(ir, ops, align.aligned);
  let i = 0;
  for (const run of runs) {
    emitList(ops, i, run.from);
    emitRun(run);
    i = run.to;
  }
  emitList(ops, i, ops.length);

  function emitOp(op: Ir.IrOp): void {
    if (op.range) c.comment(`${op.kind} (line ${op.range.start.line})`);
    switch (op.kind) {
      case "extract": {
        const vb = op.varbitBits ? ex.expr(op.varbitBits) : undefined;
        const t = op.target;
        if (t.kind === "header") extractHeader(ir.headers[t.header]!, vb);
        else if (t.kind === "stackNext") {
          const stack = ir.stacks[t.stack]!;
          const next = ex.place(stack.nextIndexSlot);
          c.line(`if (${next} >= ${stack.size}) ${fail("StackOutOfBounds")}`);
          onStackElement(
            stack,
            next,
            (el) => {
              if (el.kind === "header") extractHeader(el, vb);
            },
            undefined,
            true,
          );
          c.line(`${next} += 1;`);
        } else {
          const stack = ir.stacks[t.stack]!;
          onStackElement(
            stack,
            ex.expr(t.index),
            (el) => {
              if (el.kind === "header") extractHeader(el, vb);
            },
            () => c.line(fail("StackOutOfBounds")),
          );
        }
        break;
      }
      case "lookahead": {
        const d = direct;
        if (d) shortCheck(d);
        if (d?.short?.fails) break;
        const buf = d ? "" : load(String(op.bits), op.bits);
        for (const dst of op.dests)
          if (dst.target.kind !== "slot" || needed(dst.target.slot))
            store(
              dst.target,
              d
                ? directLoad(d, 8 * d.at + dst.bitOffset, widthOf(dst.type))
                : align.aligned
                  ? `p4f_get(${buf}, ${dst.bitOffset}, ${widthOf(dst.type)})`
                  : `p4f_get_var(${buf}, (__u32)((cursor & 7) + ${dst.bitOffset}), ${widthOf(dst.type)})`,
            );
        if (op.setValid?.kind === "header") setValid(ir.headers[op.setValid.header]!, "1");
        break;
      }
      case "advance":
        c.line(`n = ${ex.expr(op.bits)};`);
        c.line(`if (cursor + n > (__u64)pkt_len * 8) ${fail("PacketTooShort")}`);
        c.line("cursor += n;");
        break;
      case "assign":
        // Copied into the key by the extract before it (key-store.ts forwardWideCopies).
        if (home.keys.forwardedOps.has(op)) break;
        if (op.target.kind === "slot" && !isNarrow(ir.slots[op.target.slot]!.type))
          wideAssign(op.target.slot, op.value);
        else store(op.target, ex.expr(op.value));
        break;
      case "setValidity": {
        const v = `(__u8)(${ex.expr(op.valid)} != 0)`;
        if (op.header.kind === "header") setValid(ir.headers[op.header.header]!, v);
        else {
          const stack = ir.stacks[op.header.stack]!;
          c.block("", () => {
            c.line(`__u8 v = ${v};`);
            onStackElement(
              stack,
              ex.expr(
                op.header.kind === "stackElement"
                  ? op.header.index
                  : { kind: "const", type: { kind: "bit", width: 32 }, value: 0n },
              ),
              (el) => {
                if (el.kind === "header") setValid(el, "v");
              },
            );
          });
        }
        break;
      }
      case "verify":
        c.line(`if (!(${ex.expr(op.condition)})) { err = ${op.error}; goto reject; }`);
        break;
      case "if": {
        const before = align.aligned;
        const known = ex.known;
        const fresh = ex.fresh;
        c.block(`if (${ex.expr(op.condition)})`, () =>
          emitOps(c, ir, ex, target, home, op.then, { aligned: before }),
        );
        ex.known = known;
        ex.fresh = fresh;
        if (op.else.length > 0)
          c.block("else", () => emitOps(c, ir, ex, target, home, op.else, { aligned: before }));
        ex.known = known;
        ex.fresh = fresh;
        break;
      }
      case "stackShift":
        stackShift(c, ir, home, op);
        break;
    }
  }
}

/**
 * A field of `w` bits at bit `bit` from a run's base, by one load of 1, 2, 4 or 8 bytes inside
 * the run's checked bytes, one byte swap, one shift and one mask.
 */
function directLoad(d: Direct, bit: number, w: number): string {
  const first = bit >> 3;
  const last = (bit + w - 1) >> 3;
  const span = last - first + 1;
  const size = [1, 2, 4, 8].find((n) => n >= span);
  let start = first;
  if (size !== undefined && start + size > d.bytes) start = last + 1 - size;
  if (size === undefined || start < 0) return `p4f_get(${d.ptr}, ${bit}, ${w})`;
  const word =
    size === 1
      ? `(__u64)${d.ptr}[${start}]`
      : `(__u64)__builtin_bswap${size * 8}(*(const __u${size * 8} *)(${d.ptr} + ${start}))`;
  const shift = size * 8 - (bit - 8 * start) - w;
  return mask(shift > 0 ? `(${word} >> ${shift})` : word, w < size * 8 ? w : 64);
}

function stackShift(c: CBuilder, ir: Ir.IrProgram, home: EmitContext, op: Ir.IrStackShift): void {
  const stack = ir.stacks[op.stack]!;
  const hs = stack.elements.filter((e): e is Ir.IrHeader => e.kind === "header");
  if (hs.length !== stack.size)
    throw new TooWide("push_front/pop_front on a stack of header unions");
  const n = stack.size;
  const order = op.direction === "pushFront" ? [...hs.keys()].reverse() : [...hs.keys()];
  for (const i of order) {
    const from = op.direction === "pushFront" ? i - op.count : i + op.count;
    const dst = hs[i]!;
    const src = from >= 0 && from < n ? hs[from] : undefined;
    c.line(home.setValid(dst.id, src ? home.valid(src.id) : "0"));
    dst.fields.forEach((f, k) => {
      if (!isNarrow(f.type))
        throw new TooWide("push_front/pop_front on headers with fields wider than 64 bits");
      c.line(`${home.place(f.slot)} = ${src ? home.place(src.fields[k]!.slot) : "0"};`);
    });
  }
  const next = `nx_${stack.nextIndexSlot}`;
  c.line(
    op.direction === "pushFront"
      ? `${next} = ${next} + ${op.count} > ${n} ? ${n} : ${next} + ${op.count};`
      : `${next} = ${next} > ${op.count} ? ${next} - ${op.count} : 0;`,
  );
}
