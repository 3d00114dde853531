// The P4_16 tokens. Keywords come before Identifier and use `longer_alt: Identifier`; token
// categories group keywords, operators and literals (the language server uses them as semantic
// token classes, and the annotation-body rule uses `NonParen` to accept any balanced tokens).
// Type names are ordinary identifiers: the parser, not the lexer, decides what is a type.

import { createToken, Lexer, type TokenType } from "chevrotain";

// Categories ----------------------------------------------------------------------------------
export const Keyword = createToken({ name: "Keyword", pattern: Lexer.NA });
export const Operator = createToken({ name: "Operator", pattern: Lexer.NA });
export const Literal = createToken({ name: "Literal", pattern: Lexer.NA });
/** Every token but '(' and ')': what an unparsed annotation body may contain. */
export const NonParen = createToken({ name: "NonParen", pattern: Lexer.NA });
/** Keywords the spec also allows as ordinary names (nonTypeName in the spec's grammar). */
export const NameKeyword = createToken({ name: "NameKeyword", pattern: Lexer.NA, label: "a name" });
/** Built-in type keywords that start a type. */
export const BaseTypeKeyword = createToken({ name: "BaseTypeKeyword", pattern: Lexer.NA });

// Trivia ----------------------------------------------------------------------------------------
export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\f\v]+/,
  group: Lexer.SKIPPED,
});
export const LineComment = createToken({
  name: "LineComment",
  pattern: /\/\/[^\n]*/,
  group: "comments",
});
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: "comments",
});
/** Reported by the parser front end; never reaches the grammar. */
export const UnterminatedComment = createToken({
  name: "UnterminatedComment",
  pattern: /\/\*[\s\S]*/,
  group: "errors",
});

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [NonParen],
  label: "a name",
});

/** `@pragma` takes the rest of its line as its body (the spec's one line-based construct). */
export const PragmaLine = createToken({
  name: "PragmaLine",
  pattern: /@pragma(?![A-Za-z0-9_])[^\n]*/,
  label: "'@pragma'",
});

function keyword(word: string, ...extra: TokenType[]): TokenType {
  return createToken({
    name: `Kw_${word}`,
    pattern: new RegExp(`${word}(?![A-Za-z0-9_])`),
    longer_alt: Identifier,
    categories: [Keyword, NonParen, ...extra],
    label: `'${word}'`,
  });
}

export const Kw = {
  abstract: keyword("abstract"),
  action: keyword("action"),
  actions: keyword("actions", NameKeyword),
  apply: keyword("apply", NameKeyword),
  bool: keyword("bool", BaseTypeKeyword),
  bit: keyword("bit", BaseTypeKeyword),
  break: keyword("break"),
  const: keyword("const"),
  continue: keyword("continue"),
  control: keyword("control"),
  default: keyword("default"),
  else: keyword("else"),
  entries: keyword("entries", NameKeyword),
  enum: keyword("enum"),
  error: keyword("error", BaseTypeKeyword),
  exit: keyword("exit"),
  extern: keyword("extern"),
  false: keyword("false"),
  for: keyword("for"),
  header: keyword("header"),
  header_union: keyword("header_union"),
  if: keyword("if"),
  in: keyword("in"),
  inout: keyword("inout"),
  int: keyword("int", BaseTypeKeyword),
  key: keyword("key", NameKeyword),
  list: keyword("list", NameKeyword),
  match_kind: keyword("match_kind", BaseTypeKeyword),
  out: keyword("out"),
  package: keyword("package"),
  parser: keyword("parser"),
  priority: keyword("priority", NameKeyword),
  return: keyword("return"),
  select: keyword("select"),
  state: keyword("state", NameKeyword),
  string: keyword("string", BaseTypeKeyword),
  struct: keyword("struct"),
  switch: keyword("switch"),
  table: keyword("table"),
  this: keyword("this"),
  transition: keyword("transition"),
  true: keyword("true"),
  tuple: keyword("tuple"),
  type: keyword("type", NameKeyword),
  typedef: keyword("typedef"),
  value_set: keyword("value_set"),
  varbit: keyword("varbit", BaseTypeKeyword),
  void: keyword("void", BaseTypeKeyword),
} as const;

/** `_` alone: a don't-care; `_x` stays an identifier. */
export const DontCare = createToken({
  name: "DontCare",
  pattern: /_(?![A-Za-z0-9_])/,
  longer_alt: Identifier,
  categories: [NonParen],
  label: "'_'",
});

// Literals --------------------------------------------------------------------------------------
export const IntegerLiteral = createToken({
  name: "IntegerLiteral",
  pattern:
    /(?:[0-9]+[ws])?(?:0[xX][0-9a-fA-F_]*|0[bB][01_]*|0[oO][0-7_]*|0[dD][0-9_]*|[0-9][0-9_]*)/,
  categories: [Literal, NonParen],
  label: "integer",
});
export const StringLiteral = createToken({
  name: "StringLiteral",
  // A string may span lines (annotation bodies hold long texts).
  pattern: /"(?:[^"\\]|\\[\s\S])*"/,
  categories: [Literal, NonParen],
  label: "string",
});
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\n]|\\.)*/,
  group: "errors",
});

/**
 * A character that starts no token (`'`, `$`, a backquote...). It may appear only inside an
 * annotation's body (`@description(it's the outer header)`); the parser front end reports it
 * anywhere else as an unexpected character and drops it before parsing.
 */
export const StrayCharacter = createToken({
  name: "StrayCharacter",
  pattern: /[^\s]/,
  // Chevrotain cannot read the first characters of a complement set, and one such pattern turns
  // off its first-character dispatch for every token (lexing took 15 times longer). The hint
  // names them: every non-space code below 256, and above it one code of each block of 255 that
  // the lexer's dispatch table groups together (a pattern tried on a code it cannot start with
  // just fails to match).
  start_chars_hint: strayStarts(),
  categories: [NonParen],
  label: "a character",
});

function strayStarts(): number[] {
  const codes: number[] = [];
  for (let c = 0; c < 256; c++) if (!/\s/.test(String.fromCharCode(c))) codes.push(c);
  for (let c = 256; c < 0x10000; c += 255) codes.push(c);
  codes.push(0xffff);
  return codes;
}

// Punctuation and operators (longest first where one is a prefix of another) ---------------------
/** Infix operators of expressions; the parser reads a flat operand/operator list and the lowering
 *  applies precedence, which keeps the CST shallow (one node per expression, not one per level). */
export const BinaryOperator = createToken({
  name: "BinaryOperator",
  pattern: Lexer.NA,
  label: "an operator",
});

function op(name: string, pattern: string, label = `'${pattern}'`, binary = false): TokenType {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return createToken({
    name,
    pattern: new RegExp(escaped),
    categories: binary ? [Operator, NonParen, BinaryOperator] : [Operator, NonParen],
    label,
  });
}

export const MaskOp = op("MaskOp", "&&&");
export const Ellipsis = op("Ellipsis", "...");
export const SatAddAssign = op("SatAddAssign", "|+|=");
export const SatSubAssign = op("SatSubAssign", "|-|=");
export const SatAdd = op("SatAdd", "|+|", undefined, true);
export const SatSub = op("SatSub", "|-|", undefined, true);
export const ShlAssign = op("ShlAssign", "<<=");
export const RangeOp = op("RangeOp", "..");
export const PlusPlus = op("PlusPlus", "++", undefined, true);
export const PlusColon = op("PlusColon", "+:");
export const AndAnd = op("AndAnd", "&&", undefined, true);
export const OrOr = op("OrOr", "||", undefined, true);
export const EqEq = op("EqEq", "==", undefined, true);
export const NotEq = op("NotEq", "!=", undefined, true);
export const LessEq = op("LessEq", "<=", undefined, true);
export const Shl = op("Shl", "<<", undefined, true);
export const PlusAssign = op("PlusAssign", "+=");
export const MinusAssign = op("MinusAssign", "-=");
export const StarAssign = op("StarAssign", "*=");
export const SlashAssign = op("SlashAssign", "/=");
export const PercentAssign = op("PercentAssign", "%=");
export const AndAssign = op("AndAssign", "&=");
export const OrAssign = op("OrAssign", "|=");
export const XorAssign = op("XorAssign", "^=");
/** `>=` is lexed as one token only when not part of `>>=` (see GreaterEq handling in the parser). */
export const GreaterEq = op("GreaterEq", ">=", undefined, true);
export const Greater = op("Greater", ">", undefined, true);
export const Less = op("Less", "<", undefined, true);
export const Assign = op("Assign", "=");
export const Plus = op("Plus", "+", undefined, true);
export const Minus = op("Minus", "-", undefined, true);
export const Star = op("Star", "*", undefined, true);
export const Slash = op("Slash", "/", undefined, true);
export const Percent = op("Percent", "%", undefined, true);
export const Amp = op("Amp", "&", undefined, true);
export const Pipe = op("Pipe", "|", undefined, true);
export const Caret = op("Caret", "^", undefined, true);
export const Tilde = op("Tilde", "~");
export const Bang = op("Bang", "!");
export const Question = op("Question", "?");
export const Colon = op("Colon", ":");
export const Semicolon = op("Semicolon", ";");
export const Comma = op("Comma", ",");
export const Dot = op("Dot", ".");
export const At = op("At", "@");
export const Hash = op("Hash", "#");
export const LBrace = op("LBrace", "{");
export const RBrace = op("RBrace", "}");
export const LBracket = op("LBracket", "[");
export const RBracket = op("RBracket", "]");
export const LParen = createToken({
  name: "LParen",
  pattern: /\(/,
  categories: [Operator],
  label: "'('",
});
export const RParen = createToken({
  name: "RParen",
  pattern: /\)/,
  categories: [Operator],
  label: "')'",
});

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  Keyword,
  Operator,
  Literal,
  NonParen,
  NameKeyword,
  BaseTypeKeyword,
  BinaryOperator,
  ...Object.values(Kw),
  DontCare,
  Identifier,
  IntegerLiteral,
  StringLiteral,
  UnterminatedString,
  PragmaLine,
  MaskOp,
  Ellipsis,
  SatAddAssign,
  SatSubAssign,
  SatAdd,
  SatSub,
  ShlAssign,
  RangeOp,
  PlusPlus,
  PlusColon,
  AndAnd,
  OrOr,
  EqEq,
  NotEq,
  LessEq,
  Shl,
  PlusAssign,
  MinusAssign,
  StarAssign,
  SlashAssign,
  PercentAssign,
  AndAssign,
  OrAssign,
  XorAssign,
  GreaterEq,
  Greater,
  Less,
  Assign,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Amp,
  Pipe,
  Caret,
  Tilde,
  Bang,
  Question,
  Colon,
  Semicolon,
  Comma,
  Dot,
  At,
  Hash,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  LParen,
  RParen,
  StrayCharacter,
];

/**
 * `validate` runs Chevrotain's checks of the token definitions (unreachable or duplicate
 * patterns); the shared lexers skip them to start fast and a test (test/grammar) builds one with
 * them on. `ensureOptimizations` makes a token that would turn off the first-character dispatch
 * an error when the module loads, not a silent slowdown. `editorLines`: lines end at "\n", "\r\n"
 * or a lone "\r", as editors count them (for text as the editor has it); otherwise at "\n" only,
 * as the preprocessor counts them (its position map is by those lines; a lone "\r" is not a line
 * end there).
 */
export function createLexer(validate = false, editorLines = false): Lexer {
  return new Lexer(allTokens, {
    ensureOptimizations: true,
    positionTracking: "full",
    ...(editorLines ? {} : { lineTerminatorsPattern: /\n/g, lineTerminatorCharacters: ["\n"] }),
    skipValidations: !validate,
  });
}

/** The lexer of preprocessed text (the parser's). */
export const p4Lexer = createLexer();

let rawTextLexer: Lexer | undefined;
/** The lexer of text as the editor has it (formatting, semantic tokens), built on first use. */
export function editorLexer(): Lexer {
  rawTextLexer ??= createLexer(false, true);
  return rawTextLexer;
}
