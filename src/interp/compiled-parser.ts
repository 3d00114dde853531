// The compiled parser's source: the IR's states as the cases of a switch in a loop (a state's ops,
// then its transition's select), fields read with byte-aligned fast paths where the cursor's
// alignment is known, small values as numbers. The source is the body of a function of
// (packet, start, end, from) over the runtime's state (compiled-extractor.ts binds it).

import { alignedAfter, alignedStates } from "../ir/alignment.js";
import type * as Ir from "../ir/ir.js";
import { STANDARD_ERROR_CODE } from "../ir/ir.js";
import { scalarWidth } from "../ir/widths.js";
import { compileExpr, convert, isMid, isSmall, normBig, normSmall, truth } from "./compile-expr.js";
import { Emitter, fail, read } from "./compiled-codegen.js";

const ERR = STANDARD_ERROR_CODE;

/**
 * The parse loop's source: returns -1 when the parser accepts, else the reject's error code. An
 * extract stores only the fields in `kept` (keptSlots): the others are never read.
 */
export function parserSource(ir: Ir.IrProgram, kept: ReadonlySet<number>): string {
  const em = new Emitter(ir);
  const aligned = alignedStates(ir);
  const expr = (e: Ir.IrExpr) => compileExpr(em, e);
  const smallSlot = (slot: number) => isSmall(ir.slots[slot]!.type);
  const storeSlot = (slot: number, value: string, from: Ir.IrScalarType) => {
    const t = ir.slots[slot]!.type;
    const v = convert(value, from, t);
    em.line(
      isSmall(t)
        ? `n[${slot}] = ${normSmall(v, t)};`
        : isMid(t)
          ? `n[${slot}] = Number(${normBig(v, t)});`
          : `b[${slot}] = ${normBig(v, t)};`,
    );
  };
  // A slot copied from a slot of the same type needs no conversion or normalisation (stored
  // values are always normalised): mid values stay numbers, wide ones keep their bigint.
  const plainCopy = (target: number, value: Ir.IrExpr): string | undefined => {
    if (value.kind !== "slot") return undefined;
    const t = ir.slots[target]!.type;
    const f = ir.slots[value.slot]!.type;
    if (isSmall(t) || t.kind !== f.kind || t.kind === "varbit" || scalarWidth(t) !== scalarWidth(f))
      return undefined;
    const h = em.slotHeader[value.slot]!;
    const [arr, zero] = isMid(t) ? ["n", "0"] : ["b", "0n"];
    const read = `${arr}[${value.slot}]`;
    return `${arr}[${target}] = ${h < 0 ? read : `(valid[${h}] ? ${read} : ${zero})`};`;
  };
  const setValid = (h: Ir.IrHeader, v: string) => {
    if (h.unionId !== undefined) {
      em.block(`if (${v})`, () => {
        for (const m of ir.unions[h.unionId!]!.members) em.line(`valid[${m.id}] = 0;`);
      });
    }
    em.line(`valid[${h.id}] = ${v} ? 1 : 0;`);
  };

  const extractHeader = (h: Ir.IrHeader, varbitBits: Ir.IrExpr | undefined, isAligned: boolean) => {
    em.block("", () => {
      const vb = h.varbitField !== undefined ? h.fields[h.varbitField]! : undefined;
      if (vb) {
        em.line(`const vlen = ${varbitBits ? `Number(${expr(varbitBits)})` : "0"};`);
        em.line(`if (vlen > ${scalarWidth(vb.type)}) ${fail(ERR.HeaderTooShort)}`);
      }
      const total = vb ? `${h.fixedBits} + vlen` : String(h.fixedBits);
      em.line(`if (cur + ${total} > bits) ${fail(ERR.PacketTooShort)}`);
      if (isAligned) em.line("const c = cur >> 3;");
      for (const f of h.fields) {
        if (!kept.has(f.slot)) continue;
        const pos = `cur + ${f.bitOffset}${f.afterVarbit ? " + vlen" : ""}`;
        if (f.type.kind === "varbit") {
          em.line(`b[${f.slot}] = rdb(pkt, ${pos}, vlen) << BigInt(${f.type.maxWidth} - vlen);`);
          em.line(`vl[${f.slot}] = vlen;`);
          continue;
        }
        const w = scalarWidth(f.type);
        const fast =
          isAligned && !f.afterVarbit
            ? { byte: `c + ${f.bitOffset >> 3}`, bit: f.bitOffset & 7 }
            : undefined;
        if (isMid(f.type)) {
          // Read as a number (exact below 2^53); an int is made signed.
          const v = read(pos, w, fast, true);
          em.line(
            f.type.kind === "int"
              ? `{ const v = ${v}; n[${f.slot}] = v >= ${2 ** (w - 1)} ? v - ${2 ** w} : v; }`
              : `n[${f.slot}] = ${v};`,
          );
          continue;
        }
        const v = read(pos, w, fast);
        em.line(
          isSmall(f.type)
            ? `n[${f.slot}] = ${f.type.kind === "int" ? normSmall(v, f.type) : v};`
            : // An unsigned read of the field's width is its value already.
              `b[${f.slot}] = ${f.type.kind === "bit" ? v : normBig(v, f.type)};`,
        );
      }
      em.line(`cur += ${total};`);
      setValid(h, "1");
    });
  };

  const onStack = (
    stack: Ir.IrStack,
    idx: string,
    each: (el: Ir.IrHeader | Ir.IrUnion) => void,
    otherwise: () => void,
  ) => {
    em.block(`switch (${idx})`, () => {
      stack.elements.forEach((el, i) =>
        em.block(`case ${i}:`, () => {
          each(el);
          em.line("break;");
        }),
      );
      em.block("default:", otherwise);
    });
  };

  const stackIndex = (e: Ir.IrExpr) => (isSmall(e.type) ? expr(e) : `idx(${expr(e)})`);

  const ops = (list: readonly Ir.IrOp[], alignedBefore: boolean) => {
    let isAligned = alignedBefore;
    for (const op of list) {
      emitOp(op, isAligned);
      isAligned = alignedAfterOp(ir, op, isAligned);
    }
  };

  const emitOp = (op: Ir.IrOp, isAligned: boolean) => {
    switch (op.kind) {
      case "extract": {
        const t = op.target;
        if (t.kind === "header") {
          extractHeader(ir.headers[t.header]!, op.varbitBits, isAligned);
        } else if (t.kind === "stackNext") {
          const stack = ir.stacks[t.stack]!;
          const k = em.temp();
          em.line(`const ${k} = n[${stack.nextIndexSlot}];`);
          em.line(`if (${k} >= ${stack.size}) ${fail(ERR.StackOutOfBounds)}`);
          onStack(
            stack,
            k,
            (el) => {
              if (el.kind !== "header") return;
              extractHeader(el, op.varbitBits, isAligned);
              em.line(`n[${stack.nextIndexSlot}] = ${k} + 1;`);
            },
            () => {},
          );
        } else {
          const stack = ir.stacks[t.stack]!;
          onStack(
            stack,
            stackIndex(t.index),
            (el) => {
              if (el.kind === "header") extractHeader(el, op.varbitBits, isAligned);
              else em.line(fail(ERR.StackOutOfBounds));
            },
            () => em.line(fail(ERR.StackOutOfBounds)),
          );
        }
        return;
      }
      case "lookahead":
        em.block("", () => {
          em.line(`if (cur + ${op.bits} > bits) ${fail(ERR.PacketTooShort)}`);
          if (isAligned) em.line("const c = cur >> 3;");
          for (const d of op.dests) {
            const w = scalarWidth(d.type);
            const fast = isAligned
              ? { byte: `c + ${d.bitOffset >> 3}`, bit: d.bitOffset & 7 }
              : undefined;
            const v = read(`cur + ${d.bitOffset}`, w, fast);
            // The bits read are an unsigned value of d.type's width, then stored with the
            // target's normalisation, as the reference does.
            const unsigned: Ir.IrScalarType = { kind: "bit", width: Math.max(1, w) };
            store(d.target, v, unsigned);
          }
          if (op.setValid?.kind === "header") setValid(ir.headers[op.setValid.header]!, "1");
        });
        return;
      case "advance":
        em.block("", () => {
          em.line(`const a = Number(${expr(op.bits)});`);
          em.line(`if (cur + a > bits) ${fail(ERR.PacketTooShort)}`);
          em.line("cur += a;");
        });
        return;
      case "assign": {
        const from = op.value.type;
        const copy = op.target.kind === "slot" ? plainCopy(op.target.slot, op.value) : undefined;
        if (copy !== undefined) em.line(copy);
        else store(op.target, expr(op.value), from);
        return;
      }
      case "setValidity": {
        const v = truth(em, op.valid);
        if (op.header.kind === "header") {
          setValid(ir.headers[op.header.header]!, v);
          return;
        }
        const stack = ir.stacks[op.header.stack]!;
        em.block("", () => {
          em.line(`const v = ${v};`);
          onStack(
            stack,
            stackIndex(
              op.header.kind === "stackElement"
                ? op.header.index
                : { kind: "const", type: { kind: "bit", width: 32 }, value: 0n },
            ),
            (el) => {
              if (el.kind === "header") setValid(el, "v");
            },
            () => {},
          );
        });
        return;
      }
      case "verify":
        em.line(`if (!${truth(em, op.condition)}) ${fail(op.error)}`);
        return;
      case "if":
        em.block(`if (${truth(em, op.condition)})`, () => ops(op.then, isAligned));
        if (op.else.length > 0) em.block("else", () => ops(op.else, isAligned));
        return;
      case "stackShift":
        em.line(`shift(${op.stack}, ${op.direction === "pushFront" ? 1 : 0}, ${op.count});`);
        return;
    }
  };

  const store = (lv: Ir.IrLValue, value: string, from: Ir.IrScalarType) => {
    if (lv.kind === "slot") {
      storeSlot(lv.slot, value, from);
      return;
    }
    const stack = ir.stacks[lv.stack]!;
    em.block("", () => {
      em.line(`const v = ${value};`);
      onStack(
        stack,
        stackIndex(lv.index),
        (el) => {
          if (el.kind === "header") storeSlot(el.fields[lv.field]!.slot, "v", from);
        },
        () => {},
      );
    });
  };

  // The run function: returns -1 when the parser accepts, else the error code of the reject.
  em.line("let cur = from, visits = 0, err = -1, state = " + ir.start + ";");
  em.block("run: for (;;)", () => {
    em.block("switch (state)", () => {
      for (const s of ir.states) {
        em.block(`case ${s.id}:`, () => {
          em.line(`if (++visits > ${ir.maxIterations}) ${fail(ERR.ParserTimeout)}`);
          ops(s.ops, aligned[s.id]!);
          transition(s.transition);
        });
      }
    });
  });
  em.line("return err;");

  function target(t: Ir.IrTarget): string {
    if (t.kind === "state") return `{ state = ${t.state}; continue run; }`;
    return t.kind === "accept" ? "break run;" : `{ err = 0; break run; }`;
  }

  function transition(t: Ir.IrTransition): void {
    if (t.kind === "direct") {
      em.line(target(t.target));
      return;
    }
    const keys = t.keys.map((k, i) => {
      em.line(`const k${i} = ${expr(k)};`);
      return { name: `k${i}`, type: k.type };
    });
    for (const c of t.cases) {
      if (c.kind === "valueSet") {
        em.line(
          `if (vsHas(${c.valueSet}, ${keys.map((k) => `String(${k.name})`).join(' + "," + ')})) ${target(c.target)}`,
        );
        continue;
      }
      const conds = c.keysets.flatMap((ks, i) => keysetCondition(ks, keys[i]!.name, keys[i]!.type));
      em.line(
        conds.length === 0 ? target(c.target) : `if (${conds.join(" && ")}) ${target(c.target)}`,
      );
    }
    em.line(fail(ERR.NoMatch));
  }

  return em.toString();
}

function alignedAfterOp(ir: Ir.IrProgram, op: Ir.IrOp, aligned: boolean): boolean {
  return alignedAfter(ir, [op], aligned);
}

function keysetCondition(ks: Ir.IrKeyset, k: string, t: Ir.IrScalarType): string[] {
  const w = scalarWidth(t);
  const small = isSmall(t);
  const lit = (v: bigint) =>
    small ? String(Number(BigInt.asUintN(w, v))) : `${BigInt.asUintN(w, v)}n`;
  // Keys compare as unsigned values of their width, except ranges over int.
  const u =
    t.kind === "int"
      ? small
        ? w >= 32
          ? `(${k} >>> 0)`
          : `(${k} & ${2 ** w - 1})`
        : `BigInt.asUintN(${w}, ${k})`
      : k;
  switch (ks.kind) {
    case "any":
      return [];
    case "value":
      return [`${u} === ${lit(ks.value)}`];
    case "mask":
      return small && w <= 31
        ? [`(${u} & ${lit(ks.mask)}) === ${lit(ks.value & ks.mask)}`]
        : small
          ? [`((${u} & ${lit(ks.mask)}) >>> 0) === ${lit(ks.value & ks.mask)}`]
          : [`(${u} & ${lit(ks.mask)}) === ${lit(ks.value & ks.mask)}`];
    case "range":
      if (t.kind === "int") {
        const s = (v: bigint) =>
          small ? String(Number(BigInt.asIntN(w, v))) : `${BigInt.asIntN(w, v)}n`;
        return [`${s(ks.low)} <= ${k}`, `${k} <= ${s(ks.high)}`];
      }
      return [`${lit(ks.low)} <= ${k}`, `${k} <= ${lit(ks.high)}`];
  }
}
