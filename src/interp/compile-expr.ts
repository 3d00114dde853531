// IR expressions as JavaScript source for the compiled interpreter (compiled-parser.ts). Two value
// representations: "small" values (bit/int of at most 32 bits, bool, error) are JS numbers, held
// exactly as the reference interpreter's bigints (bit<W> in [0, 2^W), int<W> signed); everything
// wider, and varbit, is a bigint. Every operation re-normalises, so results are bit-identical to
// src/interp/interpreter.ts, which stays the oracle the tests compare with.

import type * as Ir from "../ir/ir.js";
import { scalarWidth } from "../ir/widths.js";

export function isSmall(t: Ir.IrScalarType): boolean {
  return t.kind === "bool" || t.kind === "error" || (t.kind !== "varbit" && scalarWidth(t) <= 32);
}

/**
 * Values of 33 to 53 bits (MAC addresses...) are stored as numbers, which hold them exactly and
 * keep reading and key writing cheap, but computed with as bigints: a read converts.
 */
export function isMid(t: Ir.IrScalarType): boolean {
  if (t.kind !== "bit" && t.kind !== "int") return false;
  const w = scalarWidth(t);
  return w > 32 && w <= 53;
}

/** Is the slot's value kept in the number array (small and mid values)? */
export function storedAsNumber(t: Ir.IrScalarType): boolean {
  return isSmall(t) || isMid(t);
}

const big = (v: bigint) => `${v}n`;

/** JS source normalising the small expression `x` (an integer below 2^53 in size) to `t`. */
export function normSmall(x: string, t: Ir.IrScalarType): string {
  if (t.kind === "bool") return `((${x}) !== 0 ? 1 : 0)`;
  if (t.kind === "error") return `(${x})`;
  const w = scalarWidth(t);
  if (t.kind === "int") return w === 32 ? `((${x}) | 0)` : `(((${x}) << ${32 - w}) >> ${32 - w})`;
  return w === 32 ? `((${x}) >>> 0)` : `((${x}) & ${2 ** w - 1})`;
}

/** JS source normalising the bigint expression `x` to the wide type `t`. */
export function normBig(x: string, t: Ir.IrScalarType): string {
  if (t.kind === "varbit") return `(${x})`;
  const w = scalarWidth(t);
  return t.kind === "int" ? `BigInt.asIntN(${w}, ${x})` : `BigInt.asUintN(${w}, ${x})`;
}

/** The low `w` bits of a small value as an unsigned number (int values are two's complement). */
function unsignedSmall(x: string, w: number): string {
  return w >= 32 ? `((${x}) >>> 0)` : `((${x}) & ${2 ** w - 1})`;
}

/** Converts an expression of type `from` to the representation of `to` (no normalisation). */
export function convert(x: string, from: Ir.IrScalarType, to: Ir.IrScalarType): string {
  const a = isSmall(from);
  const b = isSmall(to);
  if (a === b) return x;
  return a ? `BigInt(${x})` : `Number(${x})`;
}

/** Looks up, for a stack and a run-time index, the header id (or -1). Provided by the program. */
export interface ExprScope {
  readonly ir: Ir.IrProgram;
  /** The header owning each slot, or -1. */
  readonly slotHeader: Int32Array;
}

export function compileExpr(s: ExprScope, e: Ir.IrExpr): string {
  switch (e.kind) {
    case "const":
      return isSmall(e.type) ? String(Number(e.value)) : big(e.value);
    case "slot":
      return slotRead(s, e.slot);
    case "stackField":
      return stackField(s, e);
    case "isValid":
      return e.header.kind === "header"
        ? `valid[${e.header.header}]`
        : `sv(${e.header.stack}, ${index(s, e.header.index)})`;
    case "unary": {
      const a = compileExpr(s, e.arg);
      if (e.op === "!")
        return isSmall(e.arg.type) ? `(${a} === 0 ? 1 : 0)` : `(${a} === 0n ? 1 : 0)`;
      if (isSmall(e.type)) return normSmall(e.op === "~" ? `~${a}` : `-${a}`, e.type);
      return normBig(e.op === "~" ? `~${a}` : `-${a}`, e.type);
    }
    case "binary":
      return binary(s, e);
    case "concat": {
      const wr = scalarWidth(e.right.type);
      const l = compileExpr(s, e.left);
      const r = compileExpr(s, e.right);
      if (isSmall(e.type)) {
        const ul = e.left.type.kind === "int" ? unsignedSmall(l, scalarWidth(e.left.type)) : l;
        return normSmall(`${ul} * ${2 ** wr} + ${unsignedSmall(r, wr)}`, e.type);
      }
      const lb = isSmall(e.left.type) ? `BigInt(${l})` : l;
      const rb = isSmall(e.right.type) ? `BigInt(${r})` : r;
      return normBig(`((${lb} << ${wr}n) | BigInt.asUintN(${wr}, ${rb}))`, e.type);
    }
    case "slice": {
      const w = scalarWidth(e.arg.type);
      const width = e.high - e.low + 1;
      const a = compileExpr(s, e.arg);
      if (isSmall(e.arg.type)) {
        const u = unsignedSmall(a, w);
        return width >= 32 ? `(${u} >>> ${e.low})` : `((${u} >>> ${e.low}) & ${2 ** width - 1})`;
      }
      const v = `BigInt.asUintN(${width}, BigInt.asUintN(${w}, ${a}) >> ${e.low}n)`;
      return width <= 32 ? `Number(${v})` : v;
    }
    case "cast": {
      const a = compileExpr(s, e.arg);
      if (e.type.kind === "bool")
        return isSmall(e.arg.type) ? `(${a} !== 0 ? 1 : 0)` : `(${a} !== 0n ? 1 : 0)`;
      if (isSmall(e.type)) {
        if (isSmall(e.arg.type)) return normSmall(a, e.type);
        // Through the low 32 bits as a bigint, then the number's own normalisation.
        return normSmall(`Number(BigInt.asUintN(32, ${a}))`, e.type);
      }
      return normBig(isSmall(e.arg.type) ? `BigInt(${a})` : a, e.type);
    }
    case "ternary":
      return `(${truth(s, e.cond)} ? ${compileExpr(s, e.then)} : ${compileExpr(s, e.else)})`;
    case "packetLength":
      return "len";
    case "packetOffset":
      // The packet is bytes [base, base + len) of the buffer the parse runs on.
      return "((cur >>> 3) - base)";
    case "varbitLength":
      return `vl[${e.slot}]`;
  }
}

/** A JS boolean expression: is the value of `e` non-zero? */
export function truth(s: ExprScope, e: Ir.IrExpr): string {
  return isSmall(e.type) ? `(${compileExpr(s, e)} !== 0)` : `(${compileExpr(s, e)} !== 0n)`;
}

/** Stacks of at most this many headers have their fields read inline, without the sf helper. */
const INLINE_STACK = 4;

/**
 * A field of the stack element an index chooses at run time: for a small stack of headers with a
 * small index, a chain of comparisons over the elements' slot reads (the index is an expression
 * without side effects, evaluated per comparison); else the runtime's sf helper. Out of range or
 * invalid, 0 (0n for a wide field).
 */
function stackField(s: ExprScope, e: Extract<Ir.IrExpr, { kind: "stackField" }>): string {
  const elements = s.ir.stacks[e.stack]!.elements;
  const slots = elements.map((el) => (el.kind === "header" ? el.fields[e.field]?.slot : undefined));
  if (
    elements.length === 0 ||
    elements.length > INLINE_STACK ||
    !isSmall(e.index.type) ||
    slots.some((x) => x === undefined)
  )
    return `sf(${e.stack}, ${e.field}, ${index(s, e.index)})`;
  const i = compileExpr(s, e.index);
  const zero = isSmall(s.ir.slots[slots[0]!]!.type) ? "0" : "0n";
  return slots.reduceRight<string>(
    (rest, slot, k) => `(${i} === ${k} ? ${slotRead(s, slot!)} : ${rest})`,
    zero,
  );
}

/** A run-time index as a JS number (out-of-range values stay out of range). */
function index(s: ExprScope, e: Ir.IrExpr): string {
  const v = compileExpr(s, e);
  return isSmall(e.type) ? v : `idx(${v})`;
}

export function slotRead(s: ExprScope, slot: number): string {
  const t = s.ir.slots[slot]!.type;
  const arr = isSmall(t) ? `n[${slot}]` : isMid(t) ? `BigInt(n[${slot}])` : `b[${slot}]`;
  const h = s.slotHeader[slot]!;
  if (h < 0) return arr;
  return `(valid[${h}] ? ${arr} : ${isSmall(t) ? "0" : "0n"})`;
}

function binary(s: ExprScope, e: Extract<Ir.IrExpr, { kind: "binary" }>): string {
  if (e.op === "&&") return `(${truth(s, e.left)} && ${truth(s, e.right)} ? 1 : 0)`;
  if (e.op === "||") return `(${truth(s, e.left)} || ${truth(s, e.right)} ? 1 : 0)`;
  const t = e.left.type;
  const w = scalarWidth(t);
  const small = isSmall(t);
  const a = compileExpr(s, e.left);
  // The right operand in the left's representation (shift amounts may be wider or narrower).
  const b = convert(compileExpr(s, e.right), e.right.type, t);
  const n = (x: string) => (isSmall(e.type) ? normSmall(x, e.type) : normBig(x, e.type));
  const zero = small ? "0" : "0n";
  switch (e.op) {
    case "+":
    case "-":
      return n(`${a} ${e.op} ${b}`);
    case "*":
      return small ? n(`Math.imul(${a}, ${b})`) : n(`${a} * ${b}`);
    case "/":
    case "%": {
      const q = small ? (e.op === "/" ? `Math.trunc(x / y)` : `x % y`) : `x ${e.op} y`;
      return `((x, y) => y === ${zero} ? ${zero} : ${n(q)})(${a}, ${b})`;
    }
    case "|+|":
    case "|-|": {
      const [lo, hi] =
        t.kind === "int"
          ? [-(2n ** BigInt(w - 1)), 2n ** BigInt(w - 1) - 1n]
          : [0n, 2n ** BigInt(w) - 1n];
      const L = small ? String(Number(lo)) : big(lo);
      const H = small ? String(Number(hi)) : big(hi);
      return `((r) => r < ${L} ? ${L} : r > ${H} ? ${H} : r)(${a} ${e.op === "|+|" ? "+" : "-"} ${b})`;
    }
    case "<<": {
      const W = small ? String(w) : `${w}n`;
      const shifted = small ? `(${a} << y)` : `(${a} << y)`;
      return `((y) => y >= ${W} ? ${zero} : ${n(shifted)})(${b})`;
    }
    case ">>": {
      const W = small ? String(w) : `${w}n`;
      if (t.kind === "int") {
        const minus = small ? "-1" : "-1n";
        return `((x, y) => y >= ${W} ? (x < ${zero} ? ${minus} : ${zero}) : x >> y)(${a}, ${b})`;
      }
      return small
        ? `((y) => y >= ${W} ? 0 : ${a} >>> y)(${b})`
        : `((y) => y >= ${W} ? 0n : ${a} >> y)(${b})`;
    }
    case "&":
    case "|":
    case "^":
      return n(`${a} ${e.op} ${b}`);
    case "==":
      return `(${a} === ${b} ? 1 : 0)`;
    case "!=":
      return `(${a} !== ${b} ? 1 : 0)`;
    case "<":
    case "<=":
    case ">":
    case ">=":
      return `(${a} ${e.op} ${b} ? 1 : 0)`;
  }
}
