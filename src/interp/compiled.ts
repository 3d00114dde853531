// The compiled interpreter: the IR turned once into the source of one JavaScript function (states
// as cases of a switch in a loop, fields read with byte-aligned fast paths where the cursor's
// alignment is known, small values as numbers) and the key writer likewise. It computes exactly
// what the reference interpreter (interpreter.ts) computes; the tests compare the two on every
// program and packet set, so the reference stays the executable spec and this is the fast path.

import { alignedAfter, alignedStates } from "../ir/alignment.js";
import type * as Ir from "../ir/ir.js";
import { STANDARD_ERROR_CODE } from "../ir/ir.js";
import { readBitsBig, readBitsNumber } from "./bits.js";
import { scalarWidth } from "../ir/widths.js";
import {
  OUTCOME_ACCEPT,
  OUTCOME_REJECT,
  validBitPosition,
  type FlowKeyLayout,
} from "../layout/layout.js";
import {
  compileExpr,
  convert,
  isMid,
  isSmall,
  normBig,
  normSmall,
  storedAsNumber,
  truth,
  type ExprScope,
} from "./compile-expr.js";
import { normalize, type InterpOptions, type InterpResult } from "./machine.js";

const ERR = STANDARD_ERROR_CODE;

class Emitter implements ExprScope {
  readonly slotHeader: Int32Array;
  private readonly lines: string[] = [];
  private depth = 0;
  private temps = 0;

  constructor(readonly ir: Ir.IrProgram) {
    this.slotHeader = Int32Array.from(ir.slots, (s) => s.header ?? -1);
  }

  line(s: string): void {
    this.lines.push("  ".repeat(this.depth) + s);
  }

  block(head: string, body: () => void): void {
    this.line(`${head} {`);
    this.depth++;
    body();
    this.depth--;
    this.line("}");
  }

  temp(): string {
    return `t${this.temps++}`;
  }

  toString(): string {
    return this.lines.join("\n");
  }
}

const fail = (code: number) => `{ err = ${code}; break run; }`;

/** A read of `w` bits at bit position `pos` (a JS expression), as a small or big value. */
function read(
  pos: string,
  w: number,
  alignedBit?: { byte: string; bit: number },
  asNumber = false,
): string {
  if (w === 0) return "0";
  if (alignedBit && w <= 32) {
    const { byte, bit } = alignedBit;
    const nb = Math.ceil((bit + w) / 8);
    const at = (k: number) => `pkt[${byte} + ${k}]`;
    if (nb === 4) {
      const shift = 32 - bit - w;
      const v = `(((${at(0)} << 24) | (${at(1)} << 16) | (${at(2)} << 8) | ${at(3)}) >>> ${shift})`;
      return w === 32 ? v : `(${v} & ${2 ** w - 1})`;
    }
    if (nb <= 3) {
      const parts = Array.from({ length: nb }, (_, k) =>
        k === nb - 1 ? at(k) : `(${at(k)} << ${8 * (nb - 1 - k)})`,
      );
      const shift = 8 * nb - bit - w;
      const v = parts.length === 1 ? parts[0]! : `(${parts.join(" | ")})`;
      const shifted = shift > 0 ? `(${v} >> ${shift})` : v;
      return w === 8 * nb ? shifted : `(${shifted} & ${2 ** w - 1})`;
    }
  }
  if (alignedBit && alignedBit.bit === 0 && (w === 64 || w === 128) && !asNumber) {
    // 64 bits at a time through a DataView: far fewer bigints than bit by bit.
    return w === 64
      ? `rw64(pkt, ${alignedBit.byte})`
      : `((rw64(pkt, ${alignedBit.byte}) << 64n) | rw64(pkt, ${alignedBit.byte} + 8))`;
  }
  if (alignedBit && alignedBit.bit === 0 && w % 8 === 0 && w <= 48) {
    const terms = Array.from(
      { length: w / 8 },
      (_, k) => `pkt[${alignedBit.byte} + ${k}] * ${2 ** (w - 8 - 8 * k)}`,
    );
    return asNumber ? `(${terms.join(" + ")})` : `BigInt(${terms.join(" + ")})`;
  }
  return w <= 32 || asNumber ? `rdn(pkt, ${pos}, ${w})` : `rdb(pkt, ${pos}, ${w})`;
}

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

/** Compiles the IR into a key extractor. */
export function compileExtractor(
  ir: Ir.IrProgram,
  layout: FlowKeyLayout,
  options: InterpOptions = {},
): KeyExtractor {
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
            : `b[${f.slot}] = ${normBig(v, f.type)};`,
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

  const runSource = em.toString();
  const keySource = keyWriter(ir, layout);
  const factory = new Function(
    "rt",
    `"use strict";
const { numbers: n, bigints: b, varbitLengths: vl, valid, readNumber: rdn, readBig: rdb,
  readWord64: rw64, stackField: sf, stackValid: sv, idx, vsHas, shift, put, putBig } = rt;
let pkt, base, len, bits;
function run(packet, start, end, from) {
  pkt = packet; base = start; len = end - start; bits = end * 8;
${runSource}
}
function key(outcome, error, key, o) {
${keySource}
}
function reset() {
${resetSource(ir)}
}
return { run, key, reset };`,
  ) as (rt: Runtime) => {
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

/** JS source zeroing the machine state before a packet: straight stores, cheaper than fills. */
function resetSource(ir: Ir.IrProgram): string {
  const lines = ir.slots.map((x) =>
    storedAsNumber(x.type)
      ? `n[${x.id}] = 0;${x.type.kind === "varbit" ? ` vl[${x.id}] = 0;` : ""}`
      : `b[${x.id}] = 0n;${x.type.kind === "varbit" ? ` vl[${x.id}] = 0;` : ""}`,
  );
  for (const h of ir.headers) lines.push(`valid[${h.id}] = 0;`);
  return lines.join("\n");
}

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

/** Stores of the low `size` (<= 4) bytes of the small integer `v` (two's complement). */
function bytesOf(v: string, offset: number, size: number, little: boolean): string {
  const out: string[] = [];
  for (let i = 0; i < size; i++) {
    const at = offset + (little ? i : size - 1 - i);
    out.push(`key[o + ${at}] = ${i === 0 ? v : `${v} >>> ${8 * i}`};`);
  }
  return out.join(" ");
}

/** Stores of an 8-byte value split in `hi` and `lo` 32-bit halves (size is 8 for wide uints). */
function wideBytesOf(offset: number, size: number, little: boolean): string {
  const out: string[] = [];
  for (let i = 0; i < size; i++) {
    const at = offset + (little ? i : size - 1 - i);
    const half = i < 4 ? "lo" : "hi";
    const shift = 8 * (i % 4);
    out.push(`key[o + ${at}] = ${shift === 0 ? half : `${half} >>> ${shift}`};`);
  }
  return out.join(" ");
}

/**
 * JS source of the key writer: the same bytes as key-writer.ts, written into `key` from byte `o`
 * (which the caller has zeroed).
 */
function keyWriter(ir: Ir.IrProgram, layout: FlowKeyLayout): string {
  const little = layout.endianness === "little";
  const lines: string[] = [];
  const s = layout.status;
  lines.push(`key[o + ${s.outcomeOffset}] = outcome;`);
  lines.push(
    s.errorSize <= 4
      ? bytesOf("error", s.errorOffset, s.errorSize, little)
      : `put(key, o + ${s.errorOffset}, ${s.errorSize}, error, ${little});`,
  );
  for (const h of ir.headers) {
    if (h.validBit === undefined) continue;
    const { byte, mask } = validBitPosition(s, h.validBit);
    lines.push(`if (valid[${h.id}]) key[o + ${byte}] |= ${mask};`);
  }
  for (const f of layout.fields) {
    if (f.slot === undefined || f.kind === "padding") continue;
    const h = ir.slots[f.slot]!.header ?? -1;
    const guard = h >= 0 ? `if (valid[${h}]) ` : "";
    const t = ir.slots[f.slot]!.type;
    switch (f.kind) {
      case "uint":
      case "int":
      case "error":
      case "bool":
        lines.push(
          isSmall(t)
            ? `${guard}{ const v = n[${f.slot}]; ${bytesOf("v", f.offset, f.size, little)} }`
            : isMid(t)
              ? `${guard}{ const v = n[${f.slot}]; const hi = Math.floor(v / 4294967296), lo = v >>> 0; ${wideBytesOf(f.offset, f.size, little)} }`
              : `${guard}{ const v = BigInt.asUintN(64, b[${f.slot}]); const hi = Number(v >> 32n), lo = Number(v & 0xffffffffn); ${wideBytesOf(f.offset, f.size, little)} }`,
        );
        break;
      case "bytes":
      case "varbit":
        lines.push(
          `${guard}putBig(key, o + ${f.offset}, ${f.size}, ${f.kind === "varbit" ? `b[${f.slot}] << ${BigInt(f.size * 8 - f.bits)}n` : `b[${f.slot}]`});`,
        );
        break;
      case "varbitLength":
        lines.push(`${guard}put(key, o + ${f.offset}, ${f.size}, vl[${f.slot}], ${little});`);
        break;
    }
  }
  return lines.join("\n");
}

/**
 * The state and helpers the generated code runs over. The generated source binds them to short
 * local names (numbers → n, bigints → b, varbitLengths → vl, readNumber → rdn, readBig → rdb,
 * stackField → sf, stackValid → sv) to keep the code it builds compact.
 */
interface Runtime {
  /** Each slot stored as a number (storedAsNumber), by slot id. */
  readonly numbers: Float64Array;
  /** Each slot stored as a bigint (wider than a number holds exactly), by slot id. */
  readonly bigints: bigint[];
  /** Each varbit slot's current length in bits, by slot id. */
  readonly varbitLengths: Int32Array;
  /** Each header's validity (0 or 1), by header id. */
  readonly valid: Uint8Array;
  readNumber(data: Uint8Array, pos: number, w: number): number;
  readBig(data: Uint8Array, pos: number, w: number): bigint;
  /** A field of a stack element chosen at run time; 0 when out of range or invalid. */
  stackField(stack: number, field: number, index: number): number | bigint;
  /** Whether a stack element chosen at run time is valid (0 out of range). */
  stackValid(stack: number, index: number): number;
  idx(v: bigint): number;
  vsHas(set: number, key: string): boolean;
  shift(stack: number, pushFront: number, count: number): void;
  put(key: Uint8Array, offset: number, size: number, v: number, little: boolean): void;
  putBig(key: Uint8Array, offset: number, size: number, v: bigint): void;
  /** A big-endian 64-bit word of `data` at byte `at`. */
  readWord64(data: Uint8Array, at: number): bigint;
}

/** The helpers the generated code calls, over state shared with it. */
function runtime(ir: Ir.IrProgram, options: InterpOptions): Runtime {
  const n = new Float64Array(ir.slots.length);
  const b = new Array<bigint>(ir.slots.length).fill(0n);
  const vl = new Int32Array(ir.slots.length);
  const valid = new Uint8Array(Math.max(1, ir.headers.length));
  // Which slots live in the number array, and which of those are read as bigints (mid).
  const small = ir.slots.map((s) => storedAsNumber(s.type));
  const mid = ir.slots.map((s) => isMid(s.type));
  // Value sets: each entry normalised to its key types, as strings "v0,v1,...".
  const sets = ir.valueSets.map(
    (vs) =>
      new Set(
        (options.valueSets?.get(vs.id) ?? [])
          .filter((e) => e.length === vs.keyTypes.length)
          .map((e) => e.map((v, i) => String(normalize(v, vs.keyTypes[i]!))).join(",")),
      ),
  );
  const header = (stack: number, index: number): Ir.IrHeader | undefined => {
    const s = ir.stacks[stack]!;
    const el = index >= 0 && index < s.size ? s.elements[index] : undefined;
    return el?.kind === "header" ? el : undefined;
  };
  // 64-bit reads and writes go through a DataView over the array last used (the packet's buffer
  // for a whole batch, the key array for every key).
  let readView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(8));
  let readOf: Uint8Array | undefined;
  let writeView = readView;
  let writeOf: Uint8Array | undefined;
  return {
    numbers: n,
    bigints: b,
    varbitLengths: vl,
    valid,
    readNumber: readBitsNumber,
    readWord64(data, at) {
      if (data !== readOf) {
        readView = new DataView(data.buffer, data.byteOffset, data.byteLength);
        readOf = data;
      }
      return readView.getBigUint64(at);
    },
    readBig: readBitsBig,
    stackField(stack, field, index) {
      const first = ir.stacks[stack]!.elements[0];
      const slot = first?.kind === "header" ? first.fields[field]!.slot : -1;
      const asNumber = slot >= 0 && small[slot]! && !mid[slot]!;
      const h = header(stack, index);
      const f = h?.fields[field];
      if (!f || !valid[h!.id]) return asNumber ? 0 : 0n;
      if (mid[f.slot]) return BigInt(n[f.slot]!);
      return asNumber ? n[f.slot]! : b[f.slot]!;
    },
    stackValid(stack, index) {
      const h = header(stack, index);
      return h && valid[h.id] ? 1 : 0;
    },
    idx(v) {
      return v >= 0n && v < 1n << 31n ? Number(v) : -1;
    },
    vsHas(set, key) {
      return sets[set]!.has(key);
    },
    shift(stackId, pushFront, count) {
      const stack = ir.stacks[stackId]!;
      const hs = stack.elements.filter((e): e is Ir.IrHeader => e.kind === "header");
      if (hs.length !== stack.size) return;
      const snapshot = hs.map((h) => ({
        valid: valid[h.id]!,
        values: h.fields.map((f) => (small[f.slot] ? n[f.slot]! : b[f.slot]!)),
      }));
      const size = stack.size;
      for (let i = 0; i < size; i++) {
        const from = pushFront ? i - count : i + count;
        const src = from >= 0 && from < size ? snapshot[from] : undefined;
        const h = hs[i]!;
        valid[h.id] = src?.valid ?? 0;
        h.fields.forEach((f, k) => {
          if (small[f.slot]) n[f.slot] = src ? (src.values[k] as number) : 0;
          else b[f.slot] = src ? (src.values[k] as bigint) : 0n;
        });
      }
      const next = n[stack.nextIndexSlot]!;
      n[stack.nextIndexSlot] = pushFront ? Math.min(size, next + count) : Math.max(0, next - count);
    },
    put(key, offset, size, v, little) {
      // Two's complement of v in `size` bytes (v is an integer below 2^53 in magnitude).
      let x = v;
      for (let i = 0; i < size; i++) {
        const byte = ((x % 256) + 256) % 256;
        key[offset + (little ? i : size - 1 - i)] = byte;
        x = Math.floor(x / 256);
      }
    },
    putBig(key, offset, size, v) {
      // Most significant byte first: 8 bytes at a time from the end, then the rest.
      let x = BigInt.asUintN(size * 8, v);
      let end = offset + size;
      if (size >= 8) {
        if (key !== writeOf) {
          writeView = new DataView(key.buffer, key.byteOffset, key.byteLength);
          writeOf = key;
        }
        for (; end - offset >= 8; end -= 8, x >>= 64n) writeView.setBigUint64(end - 8, x);
      }
      for (; end > offset; end--, x >>= 8n) key[end - 1] = Number(x & 0xffn);
    },
  };
}
