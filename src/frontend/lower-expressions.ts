// CST→AST lowering of names, types, arguments and expressions. Binary levels of the grammar fold
// left-associatively; a recovered node with missing children lowers to whatever is present.

import type { CstNode, IToken } from "chevrotain";
import { messages } from "../diagnostics/catalog.js";
import type * as A from "./ast.js";
import type * as Cst from "../../grammar/cst.js";
import {
  type LowerContext,
  node,
  nodes,
  tok,
  toks,
  isToken,
  unexpectedRule,
} from "./lower-context.js";
import { BINARY_PRECEDENCE } from "./precedence.js";
import { NO_RANGE, spanRanges } from "./source.js";
import { assertNever } from "../diagnostics/diagnostic.js";

export function lowerName(c: LowerContext, n: CstNode | undefined): A.Identifier {
  if (!n) return c.identifier(undefined);
  const ch = (n as Cst.NameCstNode).children;
  return c.identifier(tok(ch, "Identifier") ?? tok(ch, "NameKeyword"), c.nodeRange(n));
}

// Types ----------------------------------------------------------------------------------------

/** Depth of each lowered type reference with nested types (absent: depth 1). */
const typeDepths = new WeakMap<A.TypeRef, number>();

/** Like expressions, types nest at most MAX_EXPRESSION_DEPTH deep (`h[1][1]...`, `tuple<tuple<...>>`). */
function limitTypeDepth(c: LowerContext, t: A.TypeRef): A.TypeRef {
  if (refusedTypes.has(t) || typeDepths.has(t)) return t;
  const inner: readonly A.TypeRef[] =
    t.kind === "TupleTypeRef"
      ? t.elements
      : t.kind === "ListTypeRef" || t.kind === "HeaderStackTypeRef"
        ? [t.element]
        : t.kind === "NamedTypeRef"
          ? t.typeArgs
          : [];
  let depth = 1;
  for (const i of inner) {
    if (refusedTypes.has(i)) return refuseType(t);
    depth = Math.max(depth, (typeDepths.get(i) ?? 1) + 1);
  }
  if (depth <= MAX_EXPRESSION_DEPTH) {
    if (depth > 1) typeDepths.set(t, depth);
    return t;
  }
  c.sink.report(messages.typeTooDeep, t.range, { limit: MAX_EXPRESSION_DEPTH });
  return refuseType(t);
}

/** Stand-ins for types refused as too deep; whatever contains one is refused silently. */
const refusedTypes = new WeakSet<A.TypeRef>();

function refuseType(t: A.TypeRef): A.TypeRef {
  if (refusedTypes.has(t)) return t;
  const standIn: A.TypeRef = { kind: "DontCareTypeRef", range: t.range };
  refusedTypes.add(standIn);
  return standIn;
}

export function lowerTypeRef(c: LowerContext, n: CstNode | undefined): A.TypeRef {
  return limitTypeDepth(c, lowerTypeRefNode(c, n));
}

function lowerTypeRefNode(c: LowerContext, n: CstNode | undefined): A.TypeRef {
  const range = c.nodeRange(n);
  if (!n) return { kind: "DontCareTypeRef", range };
  const ch = (n as Cst.TypeRefCstNode).children;
  let base: A.TypeRef;
  const baseNode = node(ch, "baseType");
  const collection = tok(ch, "collection");
  if (baseNode) base = lowerBaseType(c, baseNode);
  else if (collection) {
    const args = lowerTypeArguments(c, node(ch, "typeArgumentList"));
    base =
      collection.image === "tuple"
        ? { kind: "TupleTypeRef", elements: args, range }
        : { kind: "ListTypeRef", element: args[0] ?? { kind: "DontCareTypeRef", range }, range };
  } else {
    const nameNode = node(ch, "name");
    const argsNode = node(ch, "typeArgumentList");
    const name = lowerName(c, nameNode);
    const end = toks(ch, "Greater")[0];
    base = {
      kind: "NamedTypeRef",
      global: tok(ch, "global") !== undefined,
      name,
      typeArgs: argsNode ? lowerTypeArguments(c, argsNode) : [],
      range: end ? spanRanges(c.nodeRange(nameNode), c.tokenRange(end)) : name.range,
    };
  }
  const sizes = nodes(ch, "stackSize");
  const closers = toks(ch, "RBracket");
  sizes.forEach((s, i) => {
    const close = closers[i];
    base = limitTypeDepth(c, {
      kind: "HeaderStackTypeRef",
      element: base,
      size: lowerExpression(c, s),
      range: close ? spanRanges(base.range, c.tokenRange(close)) : base.range,
    });
  });
  return base;
}

function lowerBaseType(c: LowerContext, n: Cst.BaseTypeCstNode): A.BaseTypeRef {
  const ch = n.children;
  const range = c.nodeRange(n);
  const base = (tok(ch, "base")?.image ?? "bit") as A.BaseTypeRef["base"];
  const exprNode = node(ch, "widthExpression");
  const width = exprNode ? lowerExpression(c, exprNode) : undefined;
  return width ? { kind: "BaseTypeRef", base, width, range } : { kind: "BaseTypeRef", base, range };
}

export function lowerTypeArguments(c: LowerContext, n: CstNode | undefined): A.TypeRef[] {
  if (!n) return [];
  return nodes((n as Cst.TypeArgumentListCstNode).children, "typeArgument").map((a) => {
    const ch = a.children;
    const range = c.nodeRange(a);
    const lit = tok(ch, "IntegerLiteral");
    if (lit) {
      // A numeric type argument (`T<8>`) is a width given to a generic: keep it as bit<N>.
      return { kind: "BaseTypeRef", base: "bit", width: lowerIntegerLiteral(c, lit), range };
    }
    const t = node(ch, "typeRef");
    if (t) return lowerTypeRef(c, t);
    return tok(ch, "DontCare")
      ? { kind: "DontCareTypeRef", written: true, range }
      : { kind: "DontCareTypeRef", range };
  });
}

export function lowerTypeParameters(c: LowerContext, n: CstNode | undefined): A.TypeParameter[] {
  if (!n) return [];
  return nodes((n as Cst.TypeParametersCstNode).children, "name").map((nm) => ({
    kind: "TypeParameter",
    name: lowerName(c, nm),
    range: c.nodeRange(nm),
  }));
}

// Literals -------------------------------------------------------------------------------------

export function lowerIntegerLiteral(c: LowerContext, t: IToken): A.IntegerLiteral {
  const range = c.tokenRange(t);
  const m = /^(?:([0-9]+)([ws]))?(.*)$/.exec(t.image)!;
  const body = m[3]!.replace(/_/g, "");
  let value: bigint;
  try {
    const prefix = body.slice(0, 2).toLowerCase();
    const digits = body.slice(2);
    if (prefix === "0x" || prefix === "0b" || prefix === "0o") value = BigInt(`${prefix}${digits}`);
    else if (prefix === "0d") value = BigInt(digits);
    else value = BigInt(body);
  } catch {
    c.sink.report(messages.badIntegerLiteral, range, { text: t.image });
    value = 0n;
  }
  if (m[1] === undefined) return { kind: "IntegerLiteral", value, text: t.image, range };
  const width = Number(m[1]);
  return { kind: "IntegerLiteral", value, width, signed: m[2] === "s", text: t.image, range };
}

function unescapeString(image: string): string {
  return image
    .slice(1, -1)
    .replace(/\\(.)/g, (_, ch: string) =>
      ch === "n" ? "\n" : ch === "t" ? "\t" : ch === "r" ? "\r" : ch,
    );
}

// Expressions ----------------------------------------------------------------------------------

/**
 * Expressions deeper than this (operators, members, indices, slices, calls and brackets counted
 * together) are refused with a located error. The parser reads operator and postfix chains flat,
 * so `1 + 1 + ...` of any length parses; the limit here keeps the trees every later phase walks
 * recursively (checker, constant evaluator, IR, printer, interpreters, emitters, clang's own
 * bracket limit) shallow enough for the JavaScript stack.
 */
export const MAX_EXPRESSION_DEPTH = 256;

/** Depth of each lowered expression (absent: a leaf, depth 1). */
const depths = new WeakMap<A.Expression, number>();
/** Stand-ins for expressions refused as too deep; whatever contains one is refused silently. */
const refused = new WeakSet<A.Expression>();

function subexpressions(e: A.Expression): readonly A.Expression[] {
  switch (e.kind) {
    case "MemberExpression":
      return [e.object];
    case "IndexExpression":
      return [e.object, e.index];
    case "SliceExpression":
      return [e.object, e.high, e.low];
    case "CallExpression":
      return [e.callee, ...e.args.map((a) => a.value)];
    case "UnaryExpression":
    case "CastExpression":
      return [e.operand];
    case "BinaryExpression":
      return [e.left, e.right];
    case "TernaryExpression":
      return [e.condition, e.then, e.else];
    case "ListExpression":
      return e.elements;
    case "StructExpression":
      return e.members.map((m) => m.value);
    case "MaskExpression":
      return [e.value, e.mask];
    case "RangeExpression":
      return [e.low, e.high];
    case "IntegerLiteral":
    case "BooleanLiteral":
    case "StringLiteral":
    case "NameExpression":
    case "ThisExpression":
    case "DontCareExpression":
    case "InvalidHeaderExpression":
    case "TypeExpression":
      return [];
    default:
      return assertNever(e);
  }
}

/**
 * Records the depth of a node whose subexpressions are already lowered; past the limit it
 * reports once (at the outermost node that first crosses it) and returns a stand-in.
 */
function limitDepth(c: LowerContext, e: A.Expression): A.Expression {
  if (refused.has(e)) return e;
  let depth = 1;
  for (const s of subexpressions(e)) {
    if (refused.has(s)) return refuse(e);
    depth = Math.max(depth, (depths.get(s) ?? 1) + 1);
  }
  if (depth <= MAX_EXPRESSION_DEPTH) {
    if (depth > 1) depths.set(e, depth);
    return e;
  }
  c.sink.report(messages.expressionTooDeep, e.range, { limit: MAX_EXPRESSION_DEPTH });
  return refuse(e);
}

function refuse(e: A.Expression): A.Expression {
  const standIn: A.Expression = { kind: "DontCareExpression", range: e.range };
  refused.add(standIn);
  return standIn;
}

/** True for the stand-in of an expression refused as too deep (already reported). */
export function isRefusedExpression(e: A.Expression): boolean {
  return refused.has(e);
}

export function lowerExpression(c: LowerContext, n: CstNode | undefined): A.Expression {
  return limitDepth(c, lowerExpressionNode(c, n));
}

/** The rules whose nodes are expressions. */
type ExpressionNode =
  | Cst.ExpressionCstNode
  | Cst.BinaryCstNode
  | Cst.WidthBinaryCstNode
  | Cst.UnaryCstNode
  | Cst.PostfixCstNode
  | Cst.PrimaryCstNode;

function lowerExpressionNode(c: LowerContext, cst: CstNode | undefined): A.Expression {
  if (!cst) return { kind: "DontCareExpression", range: NO_RANGE };
  const n = cst as ExpressionNode;
  switch (n.name) {
    case "expression": {
      const ch = n.children;
      const cond = lowerExpression(c, node(ch, "condition"));
      const thenN = node(ch, "then");
      if (!thenN) return cond;
      const els = lowerExpression(c, node(ch, "else"));
      return {
        kind: "TernaryExpression",
        condition: cond,
        then: lowerExpression(c, thenN),
        else: els,
        range: c.nodeRange(n),
      };
    }
    case "unary":
      return lowerUnary(c, n);
    case "postfix":
      return lowerPostfix(c, n);
    case "primary":
      return lowerPrimary(c, n);
    case "binary":
    case "widthBinary":
      return lowerBinary(c, n);
    default:
      return unexpectedRule(n, "in an expression");
  }
}

function lowerBinary(c: LowerContext, n: Cst.BinaryCstNode | Cst.WidthBinaryCstNode): A.Expression {
  const ch: Cst.BinaryCstChildren = n.children;
  const operands = nodes(ch, "operand").map((o) => lowerExpression(c, o));
  const seconds = new Set(toks(ch, "shrSecond").map((t) => t.startOffset));
  const operators = toks(ch, "operator").map((t) =>
    t.image === ">" && seconds.has(t.endOffset! + 1) ? ">>" : (t.image as A.BinaryOperator),
  );
  if (operands.length === 0) return { kind: "DontCareExpression", range: c.nodeRange(n) };
  // Precedence climbing over the flat list; every level is left-associative.
  let pos = 0;
  const climb = (minPrec: number): A.Expression => {
    let left = operands[pos]!;
    while (pos < operators.length && pos + 1 < operands.length) {
      const op = operators[pos]!;
      const prec = BINARY_PRECEDENCE[op] ?? 0;
      if (prec < minPrec) break;
      pos++;
      const right = climb(prec + 1);
      left = limitDepth(c, {
        kind: "BinaryExpression",
        operator: op as A.BinaryOperator,
        left,
        right,
        range: spanRanges(left.range, right.range),
      });
    }
    return left;
  };
  return climb(0);
}

function lowerUnary(c: LowerContext, n: Cst.UnaryCstNode): A.Expression {
  const ch = n.children;
  const range = c.nodeRange(n);
  const op = tok(ch, "operator");
  if (op) {
    return {
      kind: "UnaryExpression",
      operator: op.image as A.UnaryOperator,
      operand: lowerExpression(c, node(ch, "operand")),
      range,
    };
  }
  const castType = node(ch, "castType");
  if (castType) {
    return {
      kind: "CastExpression",
      type: lowerTypeRef(c, castType),
      operand: lowerExpression(c, node(ch, "castOperand")),
      range,
    };
  }
  return lowerExpression(c, node(ch, "postfix"));
}

function lowerPostfix(c: LowerContext, n: Cst.PostfixCstNode): A.Expression {
  const ch = n.children;
  let e = lowerExpression(c, node(ch, "primary"));
  for (const opNode of nodes(ch, "postfixOp")) {
    const oc = opNode.children;
    const range = spanRanges(e.range, c.nodeRange(opNode));
    const member = node(oc, "member");
    if (tok(oc, "Dot") || member) {
      e = limitDepth(c, {
        kind: "MemberExpression",
        object: e,
        member: lowerName(c, member),
        range,
      });
      continue;
    }
    const index = node(oc, "index");
    if (index) {
      const other = node(oc, "sliceOther");
      const colon = tok(oc, "sliceColon");
      const plusColon = tok(oc, "slicePlusColon");
      if (colon || plusColon) {
        if (!other) c.sink.report(messages.missingSliceBound, c.nodeRange(opNode), {});
        e = limitDepth(c, {
          kind: "SliceExpression",
          object: e,
          form: plusColon ? "plusColon" : "colon",
          high: plusColon ? lowerExpression(c, other) : lowerExpression(c, index),
          low: plusColon ? lowerExpression(c, index) : lowerExpression(c, other),
          range,
        });
      } else {
        e = limitDepth(c, {
          kind: "IndexExpression",
          object: e,
          index: lowerExpression(c, index),
          range,
        });
      }
      continue;
    }
    const generic = node(oc, "genericArgs");
    const args = generic ?? node(oc, "argumentList");
    e = limitDepth(c, {
      kind: "CallExpression",
      callee: e,
      typeArgs: generic ? lowerTypeArguments(c, node(oc, "typeArgumentList")) : [],
      args: lowerArguments(c, args),
      range,
    });
  }
  return e;
}

function lowerPrimary(c: LowerContext, n: Cst.PrimaryCstNode): A.Expression {
  const ch = n.children;
  const range = c.nodeRange(n);
  const int = tok(ch, "IntegerLiteral");
  if (int) return lowerIntegerLiteral(c, int);
  const str = tok(ch, "StringLiteral");
  if (str)
    return { kind: "StringLiteral", value: unescapeString(str.image), text: str.image, range };
  if (tok(ch, "Kw_true")) return { kind: "BooleanLiteral", value: true, range };
  if (tok(ch, "Kw_false")) return { kind: "BooleanLiteral", value: false, range };
  if (tok(ch, "Kw_this")) return { kind: "ThisExpression", range };
  if (tok(ch, "DontCare")) return { kind: "DontCareExpression", range };
  const globalName = node(ch, "globalName");
  if (globalName)
    return { kind: "NameExpression", global: true, name: lowerName(c, globalName), range };
  const name = node(ch, "name");
  if (name) return { kind: "NameExpression", global: false, name: lowerName(c, name), range };
  const base = node(ch, "baseType");
  if (base) {
    const t = lowerBaseType(c, base);
    // `error` used as a value (`error.NoError`) names the error namespace.
    if (t.base === "error" && !t.width) {
      return {
        kind: "NameExpression",
        global: false,
        name: { kind: "Identifier", name: "error", range },
        range,
      };
    }
    return { kind: "TypeExpression", type: t, range };
  }
  const inner = node(ch, "expression");
  if (inner) return lowerExpression(c, inner);
  const brace = node(ch, "braceExpression");
  if (brace) return lowerBrace(c, brace);
  return { kind: "DontCareExpression", range };
}

function lowerBrace(c: LowerContext, n: Cst.BraceExpressionCstNode): A.Expression {
  const ch = n.children;
  const range = c.nodeRange(n);
  if (tok(ch, "invalid")) return { kind: "InvalidHeaderExpression", range };
  const tail = node(ch, "braceTail");
  const hasRest =
    tok(ch, "rest") !== undefined ||
    (tail !== undefined && tok(tail.children, "rest") !== undefined);
  const named = nodes(ch, "namedArgument");
  if (named.length > 0) {
    return {
      kind: "StructExpression",
      members: named.map((a) => lowerNamedArgument(c, a)),
      hasRest,
      range,
    };
  }
  return {
    kind: "ListExpression",
    elements: nodes(ch, "expression").map((e) => lowerExpression(c, e)),
    hasRest,
    range,
  };
}

export function lowerNamedArgument(c: LowerContext, n: CstNode): A.NamedArgument {
  const ch = (n as Cst.NamedArgumentCstNode).children;
  return {
    kind: "Argument",
    name: lowerName(c, node(ch, "name")),
    value: lowerExpression(c, node(ch, "expression")),
    range: c.nodeRange(n),
  };
}

export function lowerArguments(c: LowerContext, n: CstNode | undefined): A.Argument[] {
  if (!n) return [];
  return nodes((n as Cst.ArgumentListCstNode).children, "argument").map((a) => {
    const ch = a.children;
    const argName = node(ch, "argName");
    const value = lowerExpression(c, node(ch, "expression"));
    const range = c.nodeRange(a);
    return argName
      ? { kind: "Argument", name: lowerName(c, argName), value, range }
      : { kind: "Argument", value, range };
  });
}

export function lowerExpressionList(c: LowerContext, n: CstNode | undefined): A.Expression[] {
  if (!n) return [];
  return nodes((n as Cst.ExpressionListCstNode).children, "expression").map((e) =>
    lowerExpression(c, e),
  );
}

export { isToken };
