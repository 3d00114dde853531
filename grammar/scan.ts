// Token look-ahead scans that decide what the spec's grammar leaves to a lexer that knows type
// names. We do not make the lexer track declared types (that breaks on forward references and in
// an editor mid-edit); instead the parser peeks at the token shape:
//   - `T x`, `T<A> x`, `T[4] x`, `T(args) x` start declarations; anything else is an expression;
//   - `f<A, B>(...)` is a generic call when the angle brackets hold only type-shaped tokens and a
//     `(` follows;
//   - `(T) e` is a cast when the parenthesised part is type-shaped and a unary operand follows.

import type { IToken, TokenType } from "chevrotain";
import { tokenMatcher } from "chevrotain";
import * as T from "./tokens.js";

export type Peek = (i: number) => IToken;

const is = (t: IToken, type: TokenType): boolean => tokenMatcher(t, type);

export function isNameToken(t: IToken): boolean {
  return is(t, T.Identifier) || is(t, T.NameKeyword);
}

/** Tokens that may appear inside `<...>` type arguments. */
function isTypeArgToken(t: IToken): boolean {
  return (
    isNameToken(t) ||
    is(t, T.BaseTypeKeyword) ||
    is(t, T.Kw.tuple) ||
    is(t, T.IntegerLiteral) ||
    is(t, T.DontCare) ||
    is(t, T.Comma) ||
    is(t, T.Dot) ||
    is(t, T.LBracket) ||
    is(t, T.RBracket) ||
    is(t, T.LParen) ||
    is(t, T.RParen) ||
    is(t, T.Plus) ||
    is(t, T.Minus) ||
    is(t, T.Star) ||
    is(t, T.Slash) ||
    is(t, T.Percent) ||
    is(t, T.Shl) ||
    is(t, T.Amp) ||
    is(t, T.Pipe) ||
    is(t, T.Caret) ||
    is(t, T.Colon) ||
    is(t, T.Kw.list)
  );
}

/** From a `<` at position i, the position after its matching `>`, or -1 if not type-shaped. */
export function skipAngles(peek: Peek, i: number): number {
  let depth = 0;
  for (let n = 0; n < 200; n++, i++) {
    const t = peek(i);
    if (is(t, T.Less)) depth++;
    else if (is(t, T.Greater)) {
      depth--;
      if (depth === 0) return i + 1;
    } else if (!isTypeArgToken(t)) return -1;
  }
  return -1;
}

/** From an opening bracket at i, the position after its match, or -1 (EOF or too far; a `;`
 *  ends the search too unless `semicolons` says it may occur inside, as in annotation bodies). */
export function skipBalanced(
  peek: Peek,
  i: number,
  open: TokenType,
  close: TokenType,
  semicolons = false,
): number {
  let depth = 0;
  for (let n = 0; n < 10_000; n++, i++) {
    const t = peek(i);
    if (isEof(t) || (!semicolons && is(t, T.Semicolon))) return -1;
    if (is(t, open)) depth++;
    else if (is(t, close)) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function isEof(t: IToken): boolean {
  return t.tokenType?.name === "EOF";
}

/** The position after a type starting at i, or -1 if the tokens there cannot be a type. */
export function skipType(peek: Peek, i: number): number {
  const t = peek(i);
  if (is(t, T.BaseTypeKeyword)) {
    i++;
    if (is(peek(i), T.Less)) i = skipAngles(peek, i);
  } else if (is(t, T.Kw.tuple) || is(t, T.Kw.list)) {
    i++;
    if (!is(peek(i), T.Less)) return -1;
    i = skipAngles(peek, i);
  } else {
    if (is(t, T.Dot)) i++;
    if (!isNameToken(peek(i))) return -1;
    i++;
    if (is(peek(i), T.Less)) i = skipAngles(peek, i);
  }
  while (i > 0 && is(peek(i), T.LBracket)) i = skipBalanced(peek, i, T.LBracket, T.RBracket);
  return i;
}

/** Does a local declaration (variable or instantiation) start at token 1? */
export function startsDeclaration(peek: Peek): boolean {
  const first = peek(1);
  // `error.NoError` and `bit<8>.minSizeInBits()` are expressions.
  if (is(first, T.BaseTypeKeyword) && is(peek(2), T.Dot)) return false;
  let i = skipType(peek, 1);
  if (i < 0) return false;
  if (isNameToken(peek(i))) return true;
  if (is(peek(i), T.LParen)) {
    i = skipBalanced(peek, i, T.LParen, T.RParen);
    return i > 0 && isNameToken(peek(i));
  }
  return false;
}

/** At a `<` (token 1): is this a generic call's type argument list? */
export function startsTypeArgsCall(peek: Peek): boolean {
  const i = skipAngles(peek, 1);
  return i > 0 && is(peek(i), T.LParen);
}

/** Tokens that can begin the operand of a cast. Unary +/- are left out on purpose: `(a) - b`
 *  is a subtraction (we cannot know that `a` is a type). */
function startsCastOperand(t: IToken): boolean {
  return (
    isNameToken(t) ||
    is(t, T.Literal) ||
    is(t, T.Kw.true) ||
    is(t, T.Kw.false) ||
    is(t, T.Kw.this) ||
    is(t, T.Kw.error) ||
    is(t, T.LParen) ||
    is(t, T.LBrace) ||
    is(t, T.Bang) ||
    is(t, T.Tilde) ||
    is(t, T.Dot) ||
    is(t, T.DontCare)
  );
}

/** At a `(` (token 1): is this a cast `(T) e`? */
export function startsCast(peek: Peek): boolean {
  const second = peek(2);
  if (is(second, T.BaseTypeKeyword) && !is(peek(3), T.Dot)) return true;
  if (is(second, T.Kw.tuple)) return true;
  const end = skipType(peek, 2);
  if (end < 0 || !is(peek(end), T.RParen)) return false;
  return startsCastOperand(peek(end + 1));
}

/** At `extern` (token 1): an extern object (`extern X {` / `extern X<T> {`) rather than a function? */
export function startsExternObject(peek: Peek): boolean {
  if (!isNameToken(peek(2))) return false;
  if (is(peek(3), T.LBrace)) return true;
  if (!is(peek(3), T.Less)) return false;
  const i = skipAngles(peek, 3);
  return i > 0 && is(peek(i), T.LBrace);
}

/** At `(` (token 1) in a keyset: a tuple keyset `(a, b)` rather than a parenthesised expression? */
export function startsTupleKeyset(peek: Peek): boolean {
  let depth = 0;
  for (let i = 1; i < 10_000; i++) {
    const t = peek(i);
    if (isEof(t) || is(t, T.Semicolon) || is(t, T.LBrace) || is(t, T.RBrace)) return false;
    if (is(t, T.LParen)) depth++;
    else if (is(t, T.RParen)) {
      depth--;
      if (depth === 0) return false;
    } else if (depth === 1 && is(t, T.Comma)) return true;
  }
  return false;
}

/** A `for (...)` header of the `for (T x in e)` shape. */
export function startsForIn(peek: Peek): boolean {
  let depth = 0;
  for (let i = 1; i < 1_000; i++) {
    const t = peek(i);
    if (isEof(t) || is(t, T.Semicolon)) return false;
    if (is(t, T.LParen)) depth++;
    else if (is(t, T.RParen)) {
      depth--;
      if (depth === 0) return false;
    } else if (depth === 1 && is(t, T.Kw.in)) return true;
  }
  return false;
}

/** Two tokens written with nothing between them (`>` `>` as a shift, `>` `>=` as `>>=`). */
export function adjacent(a: IToken, b: IToken): boolean {
  return a.endOffset !== undefined && a.endOffset + 1 === b.startOffset;
}

/** The position after the annotations (`@name`, `@name(...)`, `@name[...]`, `@pragma ...`)
 *  starting at i; i itself when there are none. */
export function skipAnnotations(peek: Peek, i: number): number {
  for (;;) {
    const t = peek(i);
    if (is(t, T.PragmaLine)) {
      i++;
      continue;
    }
    if (!is(t, T.At)) return i;
    i += 2;
    if (is(peek(i), T.LParen)) i = skipBalanced(peek, i, T.LParen, T.RParen, true);
    else if (is(peek(i), T.LBracket)) i = skipBalanced(peek, i, T.LBracket, T.RBracket, true);
    if (i < 0) return 1;
  }
}
