// The shared lexer skips Chevrotain's checks of the token definitions and relies on its
// first-character dispatch (a hint lists where StrayCharacter may start): this builds one with
// the checks on, and compares its tokens with a lexer whose dispatch is off on text that holds
// every kind of token, stray and non-ASCII characters.
import { createToken, Lexer } from "chevrotain";
import { describe, expect, it } from "vitest";
import { allTokens, createLexer, p4Lexer } from "../../grammar/tokens.js";

const tokensOf = (l: Lexer, text: string) => {
  const r = l.tokenize(text);
  return {
    tokens: r.tokens.map((t) => [t.tokenType.name, t.image, t.startOffset, t.endLine, t.endColumn]),
    comments: (r.groups["comments"] ?? []).map((t) => [t.image, t.startOffset]),
    errors: r.errors.map((e) => [e.offset, e.length, e.line, e.column]),
  };
};

describe("the lexer", () => {
  it("passes Chevrotain's checks with first-character dispatch on", () => {
    expect(() => createLexer(true)).not.toThrow();
  });

  it("lexes as a lexer without first-character dispatch does", () => {
    // A pattern Chevrotain cannot read turns its dispatch off: the reference lexer.
    const off = createToken({ name: "Off", pattern: /[^\s]/ });
    const plain = new Lexer([...allTokens, off], {
      positionTracking: "full",
      skipValidations: true,
    });
    const text = [
      "#include <core.p4>",
      "@pragma foo bar",
      "@note(it's $x `y`) header h_t { bit<8> a; int<4> b; varbit<32> c; }",
      "/* block\n comment */ // line",
      'const bit<32> x = 8w255 + 0x1F_f - 0b101 * 0o7 / 0d9 |+| 3 |-| 4; "str\\"ing"',
      "a &&& b ... c .. d ++ e +: f && g || h == i != j <= k << l >= m > n < o",
      "a += b; a -= b; a *= b; a /= b; a %= b; a <<= b; a &= b; a |= b; a ^= b; a |+|= b; a |-|= b;",
      "~!?:;,.@#{}[]() _ _x x_ header_union headerx state transition select",
      "caf\u00e9 \u00a0 \u2028 \u0100 \uffff \ud83d\ude00 $ ` '",
      '"unterminated',
      "/* unterminated",
    ].join("\n");
    expect(tokensOf(p4Lexer, text)).toEqual(tokensOf(plain, text));
  });

  it("ends lines at \\n only, as the preprocessor's position map does", () => {
    const r = p4Lexer.tokenize("a\rb\r\nc\nd");
    expect(r.tokens.map((t) => [t.image, t.startLine])).toEqual([
      ["a", 1],
      ["b", 1],
      ["c", 2],
      ["d", 3],
    ]);
  });
});
