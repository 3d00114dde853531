// IR operations as C statements: extract (fixed, varbit, stack next, run-time stack index),
// lookahead, advance, assignments, validity, verify, conditionals and stack shifts. Packet bytes
// are copied into the scratch buffer with the target's load helper, then fields are cut out with
// p4f_get; every error is `err = code; goto reject;`, as the interpreter rejects.

import type * as Ir from "../ir/ir.js";
import { STANDARD_ERROR_CODE } from "../ir/ir.js";
import type { CBuilder } from "./c-builder.js";
import { BUF_BYTES_FOR_PRELUDE } from "./limits.js";
import { alignedAfter } from "../ir/alignment.js";
import { validAfter } from "../ir/validity.js";
import { copyBytes, ExprEmitter, isNarrow, sext, TooWide, widthOf } from "./emit-expr.js";
import { putField } from "./key-store.js";
import type { SlotHome } from "./emit-program.js";
import type { Target } from "./target.js";

export function emitOps(
  c: CBuilder,
  ir: Ir.IrProgram,
  ex: ExprEmitter,
  target: Target,
  home: SlotHome,
  ops: readonly Ir.IrOp[],
  /** Whether the cursor is byte-aligned before the first op; updated as ops are emitted. */
  align: { aligned: boolean },
): void {
  const fail = (name: keyof typeof STANDARD_ERROR_CODE) =>
    `{ err = ${STANDARD_ERROR_CODE[name]}; goto reject; }`;
  /**
   * Makes the packet bytes that hold the next `bits` bits readable and returns the C pointer to
   * read them from. Aligned and of constant size: straight from the packet (direct packet
   * access), falling back to a copy when the bytes lie outside the linear data (tc non-linear
   * skbs, XDP fragments). Otherwise: copied into st->buf by the target's load helper.
   */
  const load = (bits: string, constantBits?: number): string => {
    c.line(`if (cursor + (${bits}) > (__u64)pkt_len * 8) ${fail("PacketTooShort")}`);
    const from = "(__u32)(cursor >> 3)";
    if (align.aligned && constantBits !== undefined) {
      const nb = Math.ceil(constantBits / 8);
      if (nb === 0) return "st->buf";
      c.block("", () => {
        // The mask bounds the offset for the verifier (which needs offset + size <= 0xffff).
        c.line("__u64 off = cursor >> 3;");
        c.line("__u8 *q = data + (off & 0x7fff);");
        c.line(`if (off <= 0x7fff && q + ${nb} <= data_end) pk = q;`);
        c.block("else", () => {
          c.line(
            `if (${target.load("(__u32)off", "st->buf", String(nb))} != 0) ${fail("PacketTooShort")}`,
          );
          c.line("pk = st->buf;");
        });
      });
      return "pk";
    }
    c.block("", () => {
      c.line(`__u32 nb = (__u32)(((cursor & 7) + (${bits}) + 7) >> 3);`);
      // Through memory, so that the verifier's bound on nb does not make it track the cursor's
      // exact value (which would multiply the states it explores).
      c.line("st->nb = nb;");
      c.line("nb = *(volatile __u32 *)&st->nb;");
      c.line(`if (nb > ${BUF_BYTES_FOR_PRELUDE - 16}) nb = ${BUF_BYTES_FOR_PRELUDE - 16};`);
      c.line(`if (nb > 0 && ${target.load(from, "st->buf", "nb")} != 0) ${fail("PacketTooShort")}`);
    });
    return "st->buf";
  };
  /** Whether a slot's value is ever used: read by the parser, or part of the key. */
  const needed = (slot: number) =>
    home.keys.read.has(slot) || (!home.noKey && home.keys.field.has(slot));
  /** Wide fields can be read from the packet directly only as whole, byte-aligned bytes. */
  const readableInPlace = (h: Ir.IrHeader) =>
    h.fields.every((f) => isNarrow(f.type) || (f.bitOffset % 8 === 0 && widthOf(f.type) % 8 === 0));
  const setValid = (h: Ir.IrHeader, v: string) => {
    if (h.unionId !== undefined && v !== "0") {
      for (const m of ir.unions[h.unionId]!.members)
        if (m.id !== h.id) c.line(`if (${v}) st->valid[${m.id}] = 0;`);
    }
    c.line(`st->valid[${h.id}] = ${v};`);
  };
  const extractHeader = (h: Ir.IrHeader, varbitBits: string | undefined) => {
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
          const get = `${constant ? "p4f_get" : "p4f_get_var"}(${buf}, ${at}, ${w})`;
          const lf = toKey ? home.keys.field.get(f.slot) : undefined;
          if (!lf) c.line(`st->s[${f.slot}] = ${get};`);
          else
            c.block("", () => {
              c.line(`__u64 v = ${get};`);
              if (home.keys.read.has(f.slot)) c.line(`st->s[${f.slot}] = v;`);
              const value = lf.kind === "int" ? `(__u64)${sext("v", w)}` : "v";
              c.line(putField(home.layout, lf.offset, lf.size, value));
            });
        } else {
          const off = home.wide.get(f.slot)!;
          const lf = toKey ? home.keys.field.get(f.slot) : undefined;
          const keep = !lf || home.keys.read.has(f.slot);
          if (buf === "pk") {
            if (keep)
              for (const l of copyBytes("st->w", off, "pk", f.bitOffset / 8, w / 8, false))
                c.line(l);
            if (lf)
              for (const l of copyBytes("key", lf.offset, "pk", f.bitOffset / 8, lf.size, false))
                c.line(l);
          } else {
            c.line(`p4f_get_wide(st->buf, ${at}, ${w}, st->w + ${off}, ${Math.ceil(w / 8)});`);
            if (lf)
              for (const l of copyBytes("key", lf.offset, "st->w", off, lf.size, true)) c.line(l);
          }
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
  ) => {
    c.line(`n = ${index};`);
    stack.elements.forEach((el, i) =>
      c.block(`${i === 0 ? "" : "else "}if (n == ${i})`, () => body(el)),
    );
    if (outOfRange) c.block("else", outOfRange);
  };
  const store = (lv: Ir.IrLValue, value: string) => {
    if (lv.kind === "slot") {
      if (!isNarrow(ir.slots[lv.slot]!.type))
        throw new TooWide(`an assignment to the wide field '${ir.slots[lv.slot]!.path}'`);
      const lf = home.keys.directSlots.has(lv.slot) ? home.keys.field.get(lv.slot) : undefined;
      if (lf) {
        // Written once into the key, never read back (key-store.ts).
        const t = ir.slots[lv.slot]!.type;
        const v = lf.kind === "int" ? `(__u64)${sext(`(${value})`, widthOf(t))}` : value;
        c.line(putField(home.layout, lf.offset, lf.size, v));
      } else c.line(`${ex.place(lv.slot)} = ${value};`);
      return;
    }
    const stack = ir.stacks[lv.stack]!;
    c.block("", () => {
      c.line(`__u64 v = ${value};`);
      onStackElement(stack, ex.expr(lv.index), (el) => {
        if (el.kind === "header") c.line(`st->s[${el.fields[lv.field]!.slot}] = v;`);
      });
    });
  };

  /**
   * A wide slot gets a wide slot of its type (a field of an invalid header reads as zeros) or a
   * constant; anything computed is wider than the backend's 64-bit arithmetic.
   */
  const wideAssign = (slot: number, value: Ir.IrExpr) => {
    const to = home.wide.get(slot)!;
    const t = ir.slots[slot]!.type;
    // Stored as the field's bytes in wire order, the value right-aligned (as p4f_get_wide does).
    const bytes = Math.ceil(widthOf(t) / 8);
    if (value.kind === "const") {
      const v = BigInt.asUintN(bytes * 8, value.value);
      for (let k = 0; k < bytes; k++)
        c.line(`st->w[${to + k}] = ${Number((v >> BigInt(8 * (bytes - 1 - k))) & 0xffn)};`);
      return;
    }
    if (value.kind !== "slot" || JSON.stringify(ir.slots[value.slot]!.type) !== JSON.stringify(t))
      throw new TooWide(
        `an assignment of a computed value to the wide field '${ir.slots[slot]!.path}'`,
      );
    const from = home.wide.get(value.slot)!;
    const h = ex.headerOfSlot(value.slot);
    const copy = () => copyBytes("st->w", to, "st->w", from, bytes, true).forEach((l) => c.line(l));
    if (h < 0) return copy();
    c.block(`if (st->valid[${h}])`, copy);
    c.block("else", () => c.line(`p4f_clear(st->w + ${to}, ${bytes});`));
  };

  for (const op of ops) {
    const known = ex.known;
    emitOp(op);
    ex.known = validAfter(ir, [op], known);
    align.aligned = alignedAfter(ir, [op], align.aligned);
  }

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
          onStackElement(stack, next, (el) => {
            if (el.kind === "header") extractHeader(el, vb);
          });
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
        const buf = load(String(op.bits), op.bits);
        for (const d of op.dests)
          if (d.target.kind !== "slot" || needed(d.target.slot))
            store(
              d.target,
              align.aligned
                ? `p4f_get(${buf}, ${d.bitOffset}, ${widthOf(d.type)})`
                : `p4f_get_var(${buf}, (__u32)((cursor & 7) + ${d.bitOffset}), ${widthOf(d.type)})`,
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
        c.block(`if (${ex.expr(op.condition)})`, () =>
          emitOps(c, ir, ex, target, home, op.then, { aligned: before }),
        );
        ex.known = known;
        if (op.else.length > 0)
          c.block("else", () => emitOps(c, ir, ex, target, home, op.else, { aligned: before }));
        ex.known = known;
        break;
      }
      case "stackShift":
        stackShift(c, ir, op);
        break;
    }
  }
}

function stackShift(c: CBuilder, ir: Ir.IrProgram, op: Ir.IrStackShift): void {
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
    c.line(`st->valid[${dst.id}] = ${src ? `st->valid[${src.id}]` : "0"};`);
    dst.fields.forEach((f, k) => {
      if (!isNarrow(f.type))
        throw new TooWide("push_front/pop_front on headers with fields wider than 64 bits");
      c.line(`st->s[${f.slot}] = ${src ? `st->s[${src.fields[k]!.slot}]` : "0"};`);
    });
  }
  const next = `nx_${stack.nextIndexSlot}`;
  c.line(
    op.direction === "pushFront"
      ? `${next} = ${next} + ${op.count} > ${n} ? ${n} : ${next} + ${op.count};`
      : `${next} = ${next} > ${op.count} ? ${next} - ${op.count} : 0;`,
  );
}
