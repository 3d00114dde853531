import { describe, expect, it } from "vitest";
import type * as A from "../../src/frontend/ast.js";
import { printExpression } from "../../src/frontend/printer.js";
import { first, parseOk, shape } from "../support/frontend.js";

function applyBody(src: string): readonly A.Statement[] {
  return first(parseOk(`control C() { apply { ${src} } }`), "ControlDeclaration").apply.statements;
}

function expr(src: string): A.Expression {
  const s = applyBody(`x = ${src};`)[0]!;
  if (s.kind !== "AssignmentStatement") throw new Error(s.kind);
  return s.value;
}

describe("statements", () => {
  it("tells declarations from expressions without knowing type names", () => {
    const kinds = applyBody(
      `
      T x;
      T<bit<8>> y;
      T[4] z;
      T(1) inst;
      .G g;
      a.b = 1;
      a[1].c = 2;
      f<bit<8>>(x);
      f(x);
      T.apply();
      bit<8> w = 3;
      tuple<bit<8>, bool> tu;
      a < b;`.replace("a < b;", ""),
    );
    expect(
      kinds.map((s) => (s.kind === "DeclarationStatement" ? s.declaration.kind : s.kind)),
    ).toEqual([
      "VariableDeclaration",
      "VariableDeclaration",
      "VariableDeclaration",
      "InstantiationDeclaration",
      "VariableDeclaration",
      "AssignmentStatement",
      "AssignmentStatement",
      "CallStatement",
      "CallStatement",
      "CallStatement",
      "VariableDeclaration",
      "VariableDeclaration",
    ]);
  });

  it("parses if/else chains, switch with fall-through and default, and jumps", () => {
    const s = applyBody(`
      if (a) { exit; } else if (b) return; else { }
      switch (t.apply().action_run) { a1: b1: { x = 1; } default: { } }
      ;`);
    expect(shape(s[0])).toMatchObject({
      kind: "IfStatement",
      else: {
        kind: "IfStatement",
        then: { kind: "ReturnStatement" },
        else: { kind: "BlockStatement" },
      },
    });
    expect(shape(s[1])).toMatchObject({
      kind: "SwitchStatement",
      cases: [
        { label: { name: { name: "a1" } } },
        { body: { statements: [{}] } },
        { label: { kind: "DefaultLabel" } },
      ],
    });
    expect((s[1] as A.SwitchStatement).cases[0]!.body).toBeUndefined();
    expect(s[2]!.kind).toBe("EmptyStatement");
  });

  it("parses compound assignments, >>= included", () => {
    const ops = applyBody("a += 1; a |+|= 2; a <<= 1; a >>= 1; a &= 3;").map(
      (s) => (s as A.AssignmentStatement).operator,
    );
    expect(ops).toEqual(["+=", "|+|=", "<<=", ">>=", "&="]);
  });

  it("parses for loops, for-in loops, break and continue", () => {
    const s = applyBody(`
      for (bit<8> i = 0; i < 4; i = i + 1) { if (i == 2) { continue; } break; }
      for (h in hdr.stack) { }
      for (bit<8> v in vals) ;`);
    expect(shape(s[0])).toMatchObject({
      kind: "ForStatement",
      init: [{ kind: "DeclarationStatement" }],
      condition: { operator: "<" },
      update: [{ kind: "AssignmentStatement" }],
    });
    expect(shape(s[1])).toMatchObject({ kind: "ForInStatement", variable: { name: "h" } });
    expect(shape(s[2])).toMatchObject({
      kind: "ForInStatement",
      variableType: { base: "bit" },
      body: { kind: "EmptyStatement" },
    });
  });

  it("parses parser states with statements, conditionals and transitions", () => {
    const p = parseOk(`
      parser P(packet_in b, out H h) {
        state start {
          b.extract(h.eth);
          bit<8> t = b.lookahead<bit<8>>();
          if (t == 1) { b.advance(8); }
          transition select(h.eth.type, t) {
            (0x800, _): ip;
            (0x86dd &&& 0xffff, 1 .. 3): ip6;
            (vs, 2): accept;
            default: reject;
          }
        }
        state ip { transition accept; }
        state ip6 { }
      }`);
    const parser = first(p, "ParserDeclaration");
    const start = parser.states[0]!;
    expect(start.statements.map((s) => s.kind)).toEqual([
      "CallStatement",
      "DeclarationStatement",
      "IfStatement",
    ]);
    expect(shape(start.transition)).toMatchObject({
      kind: "SelectTransition",
      select: {
        keys: [{ kind: "MemberExpression" }, { kind: "NameExpression" }],
        cases: [
          {
            tuple: true,
            keysets: [{ kind: "ExpressionKeyset" }, { kind: "DontCareKeyset" }],
            target: { name: "ip" },
          },
          { keysets: [{ kind: "MaskKeyset" }, { kind: "RangeKeyset" }] },
          { keysets: [{ kind: "ExpressionKeyset", value: { name: { name: "vs" } } }, {}] },
          { keysets: [{ kind: "DefaultKeyset" }], target: { name: "reject" } },
        ],
      },
    });
    expect(parser.states[2]!.transition).toBeUndefined();
  });
});

describe("expressions", () => {
  it("follows the spec's precedence", () => {
    expect(printExpression(expr("a + b * c"))).toBe("a + b * c");
    expect(shape(expr("a + b * c"))).toMatchObject({ operator: "+", right: { operator: "*" } });
    expect(shape(expr("a | b ^ c & d"))).toMatchObject({
      operator: "|",
      right: { operator: "^", right: { operator: "&" } },
    });
    expect(shape(expr("a == b && c != d || e"))).toMatchObject({
      operator: "||",
      left: { operator: "&&" },
    });
    expect(shape(expr("a << 2 + 1"))).toMatchObject({ operator: "<<", right: { operator: "+" } });
    expect(shape(expr("a >> 2"))).toMatchObject({ operator: ">>" });
    expect(shape(expr("a > b"))).toMatchObject({ operator: ">" });
    expect(shape(expr("a ++ b + c"))).toMatchObject({ operator: "+", left: { operator: "++" } });
    expect(shape(expr("a - b - c"))).toMatchObject({ operator: "-", left: { operator: "-" } });
    expect(shape(expr("c ? a : b ? d : e"))).toMatchObject({
      kind: "TernaryExpression",
      else: { kind: "TernaryExpression" },
    });
    expect(shape(expr("a |+| b |-| c"))).toMatchObject({
      operator: "|-|",
      left: { operator: "|+|" },
    });
  });

  it("parses unary operators, casts and parentheses", () => {
    expect(shape(expr("!~-+a"))).toMatchObject({
      operator: "!",
      operand: { operator: "~", operand: { operator: "-", operand: { operator: "+" } } },
    });
    expect(shape(expr("(bit<8>) a"))).toMatchObject({
      kind: "CastExpression",
      type: { base: "bit" },
    });
    expect(shape(expr("(T) a"))).toMatchObject({
      kind: "CastExpression",
      type: { name: { name: "T" } },
    });
    expect(shape(expr("(a) - b"))).toMatchObject({ kind: "BinaryExpression", operator: "-" });
    expect(shape(expr("(a + b) * c"))).toMatchObject({ operator: "*", left: { operator: "+" } });
  });

  it("parses members, indexes, slices, calls and generic calls", () => {
    expect(shape(expr("h.s[2].f[7:4]"))).toMatchObject({
      kind: "SliceExpression",
      form: "colon",
      high: { value: "7n" },
      low: { value: "4n" },
      object: { kind: "MemberExpression", object: { kind: "IndexExpression" } },
    });
    expect(shape(expr("x[4 +: 8]"))).toMatchObject({
      kind: "SliceExpression",
      form: "plusColon",
      low: { value: "4n" },
      high: { value: "8n" },
    });
    expect(shape(expr("p.lookahead<bit<16>>()"))).toMatchObject({
      kind: "CallExpression",
      typeArgs: [{ base: "bit" }],
      args: [],
    });
    expect(shape(expr("f(a, name = 2, _)"))).toMatchObject({
      args: [{}, { name: { name: "name" } }, { value: { kind: "DontCareExpression" } }],
    });
    expect(shape(expr("a < b"))).toMatchObject({ kind: "BinaryExpression", operator: "<" });
    expect(shape(expr("error.NoError"))).toMatchObject({
      kind: "MemberExpression",
      object: { name: { name: "error" } },
    });
    expect(shape(expr(".global_const"))).toMatchObject({ kind: "NameExpression", global: true });
    expect(shape(expr("this"))).toMatchObject({ kind: "ThisExpression" });
  });

  it("parses integer literals of every base, width and sign", () => {
    const lit = (s: string) =>
      shape(expr(s)) as { value: string; width?: number; signed?: boolean };
    expect(lit("0x1F")).toMatchObject({ value: "31n" });
    expect(lit("0b1010")).toMatchObject({ value: "10n" });
    expect(lit("0o17")).toMatchObject({ value: "15n" });
    expect(lit("0d99")).toMatchObject({ value: "99n" });
    expect(lit("1_000")).toMatchObject({ value: "1000n" });
    expect(lit("8w255")).toMatchObject({ value: "255n", width: 8, signed: false });
    expect(lit("16s0x7f")).toMatchObject({ value: "127n", width: 16, signed: true });
    expect(shape(expr('"a\\"b"'))).toMatchObject({ kind: "StringLiteral", value: 'a"b' });
  });

  it("parses list, struct, invalid-header and rest expressions", () => {
    expect(shape(expr("{ 1, 2, 3 }"))).toMatchObject({
      kind: "ListExpression",
      elements: [{}, {}, {}],
      hasRest: false,
    });
    expect(shape(expr("{ a = 1, b = 2 }"))).toMatchObject({
      kind: "StructExpression",
      members: [{ name: { name: "a" } }, {}],
    });
    expect(shape(expr("{ a = 1, ... }"))).toMatchObject({
      kind: "StructExpression",
      hasRest: true,
    });
    expect(shape(expr("{ 1, ... }"))).toMatchObject({ kind: "ListExpression", hasRest: true });
    expect(shape(expr("{ ... }"))).toMatchObject({
      kind: "ListExpression",
      hasRest: true,
      elements: [],
    });
    expect(shape(expr("{#}"))).toMatchObject({ kind: "InvalidHeaderExpression" });
    expect(shape(expr("{ }"))).toMatchObject({ kind: "ListExpression", elements: [] });
  });
});
