// Evaluates `#if`/`#elif` conditions: C integer expressions over literals, with `defined`
// already replaced and macros already expanded; remaining identifiers are 0, as in C.

export type PpValue = { ok: true; value: bigint } | { ok: false; reason: string };

const TOKEN =
  /\s*(?:(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)[uUlL]*|([A-Za-z_][A-Za-z0-9_]*)|(<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%<>&|^!~?:()]))/y;

type Tok = { kind: "num"; value: bigint } | { kind: "op"; op: string };

function tokenize(text: string): Tok[] | string {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    if (/^\s*$/.test(text.slice(i))) break;
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(text);
    if (!m) return `unexpected '${text.slice(i).trim()[0] ?? ""}'`;
    if (m[1] !== undefined) {
      const lit = m[1];
      out.push({
        kind: "num",
        value: /^0[0-7]+$/.test(lit) ? BigInt(`0o${lit.slice(1)}`) : BigInt(lit),
      });
    } else if (m[2] !== undefined) out.push({ kind: "num", value: 0n });
    else out.push({ kind: "op", op: m[3]! });
    i = TOKEN.lastIndex;
  }
  return out;
}

const BINARY: Record<string, number> = {
  "||": 1,
  "&&": 2,
  "|": 3,
  "^": 4,
  "&": 5,
  "==": 6,
  "!=": 6,
  "<": 7,
  ">": 7,
  "<=": 7,
  ">=": 7,
  "<<": 8,
  ">>": 8,
  "+": 9,
  "-": 9,
  "*": 10,
  "/": 10,
  "%": 10,
};

class Evaluator {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  run(): bigint {
    const v = this.ternary();
    if (this.i < this.toks.length) throw new Error("unexpected tokens after the expression");
    return v;
  }

  private peekOp(): string | undefined {
    const t = this.toks[this.i];
    return t?.kind === "op" ? t.op : undefined;
  }

  private ternary(): bigint {
    const cond = this.binary(1);
    if (this.peekOp() !== "?") return cond;
    this.i++;
    const a = this.ternary();
    if (this.peekOp() !== ":") throw new Error("expected ':' in '?:'");
    this.i++;
    const b = this.ternary();
    return cond !== 0n ? a : b;
  }

  private binary(minPrec: number): bigint {
    let left = this.unary();
    for (;;) {
      const op = this.peekOp();
      const prec = op === undefined ? undefined : BINARY[op];
      if (prec === undefined || prec < minPrec) return left;
      this.i++;
      const right = this.binary(prec + 1);
      left = apply(op!, left, right);
    }
  }

  private unary(): bigint {
    const t = this.toks[this.i];
    if (!t) throw new Error("the expression ends too early");
    this.i++;
    if (t.kind === "num") return t.value;
    switch (t.op) {
      case "!":
        return this.unary() === 0n ? 1n : 0n;
      case "~":
        return ~this.unary();
      case "-":
        return -this.unary();
      case "+":
        return this.unary();
      case "(": {
        const v = this.ternary();
        if (this.peekOp() !== ")") throw new Error("expected ')'");
        this.i++;
        return v;
      }
      default:
        throw new Error(`unexpected '${t.op}'`);
    }
  }
}

function apply(op: string, a: bigint, b: bigint): bigint {
  const bool = (x: boolean): bigint => (x ? 1n : 0n);
  switch (op) {
    case "||":
      return bool(a !== 0n || b !== 0n);
    case "&&":
      return bool(a !== 0n && b !== 0n);
    case "|":
      return a | b;
    case "^":
      return a ^ b;
    case "&":
      return a & b;
    case "==":
      return bool(a === b);
    case "!=":
      return bool(a !== b);
    case "<":
      return bool(a < b);
    case ">":
      return bool(a > b);
    case "<=":
      return bool(a <= b);
    case ">=":
      return bool(a >= b);
    case "<<":
      return b > 64n ? 0n : a << b;
    case ">>":
      return b > 64n ? 0n : a >> b;
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
    case "%":
      if (b === 0n) throw new Error("division by zero");
      return op === "/" ? a / b : a % b;
    default:
      throw new Error(`unexpected '${op}'`);
  }
}

export function evaluateCondition(text: string): PpValue {
  const toks = tokenize(text);
  if (typeof toks === "string") return { ok: false, reason: toks };
  if (toks.length === 0) return { ok: false, reason: "the condition is empty" };
  try {
    return { ok: true, value: new Evaluator(toks).run() };
  } catch (e) {
    // The evaluator recurses once per bracket and prefix operator; a condition deep enough to
    // exhaust the stack is refused as such, not as a crash.
    if (e instanceof RangeError) return { ok: false, reason: "it is nested too deeply" };
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
