// CST→AST lowering of statements, blocks, parser states, transitions and keysets.

import type { CstNode } from "chevrotain";
import { messages } from "../diagnostics/catalog.js";
import { InternalError } from "../diagnostics/diagnostic.js";
import type * as A from "./ast.js";
import { lowerAnnotations, lowerTypeLeading, lowerConstant } from "./lower-declarations.js";
import {
  lowerExpression,
  lowerExpressionList,
  lowerName,
  lowerTypeRef,
} from "./lower-expressions.js";
import { type LowerContext, node, nodes, tok } from "./lower-context.js";
import type * as Cst from "../../grammar/cst.js";
import { NO_RANGE, spanRanges } from "./source.js";

export function lowerBlock(
  c: LowerContext,
  n: CstNode | undefined,
  annotations: readonly A.Annotation[] = [],
): A.BlockStatement {
  const range = c.nodeRange(n);
  if (!n) return { kind: "BlockStatement", annotations, statements: [], range };
  const statements = nodes((n as Cst.BlockStatementCstNode).children, "statement").flatMap(
    (s) => lowerStatement(c, s) ?? [],
  );
  return { kind: "BlockStatement", annotations, statements, range };
}

export function lowerStatement(c: LowerContext, n: CstNode | undefined): A.Statement | undefined {
  if (!n) return undefined;
  const ch = (n as Cst.StatementCstNode).children;
  const range = c.nodeRange(n);
  const annotations = lowerAnnotations(c, node(ch, "annotations"));
  if (tok(ch, "empty")) return { kind: "EmptyStatement", range };
  const block = node(ch, "blockStatement");
  if (block) return lowerBlock(c, block, annotations);
  const ifN = node(ch, "ifStatement");
  if (ifN) {
    const ic = ifN.children;
    const thenS = lowerStatement(c, node(ic, "then")) ?? { kind: "EmptyStatement", range };
    const elseS = lowerStatement(c, node(ic, "else"));
    const base = {
      kind: "IfStatement" as const,
      condition: lowerExpression(c, node(ic, "expression")),
      then: thenS,
      range,
    };
    return elseS ? { ...base, else: elseS } : base;
  }
  const sw = node(ch, "switchStatement");
  if (sw) return lowerSwitch(c, sw);
  const forN = node(ch, "forStatement");
  if (forN) return lowerFor(c, forN, annotations);
  if (tok(ch, "Kw_return")) {
    const v = node(ch, "returnValue");
    return v
      ? { kind: "ReturnStatement", value: lowerExpression(c, v), range }
      : { kind: "ReturnStatement", range };
  }
  const jump = tok(ch, "jump");
  if (jump) {
    const kind =
      jump.image === "exit"
        ? "ExitStatement"
        : jump.image === "break"
          ? "BreakStatement"
          : "ContinueStatement";
    return { kind, range };
  }
  const constant = node(ch, "constantDeclaration");
  if (constant)
    return {
      kind: "DeclarationStatement",
      declaration: lowerConstant(c, constant, annotations),
      range,
    };
  const typeLeading = node(ch, "typeLeadingDeclaration");
  if (typeLeading) {
    const decl = lowerTypeLeading(c, typeLeading, annotations);
    if (decl.kind === "FunctionDeclaration") {
      c.sink.report(messages.declarationNotAllowedHere, decl.name.range, { what: "a function" });
      return undefined;
    }
    return { kind: "DeclarationStatement", declaration: decl, range };
  }
  const exprS = node(ch, "expressionStatement");
  if (exprS) return lowerExpressionStatement(c, exprS);
  // Nothing to lower: a statement the parser recovered from (already reported). A child the
  // statement rule does not have is a compiler bug, not a statement to skip.
  const unknown = Object.keys(ch).find((k) => !(k in STATEMENT_CHILDREN));
  if (unknown) throw new InternalError(`unexpected CST child '${unknown}' in a statement`);
  return undefined;
}

/**
 * The statement rule's children, each read above (or closing what is read): typed by the rule,
 * so a child added to the grammar fails to compile until it is listed here and lowered.
 */
const STATEMENT_CHILDREN: Record<keyof Cst.StatementCstChildren, true> = {
  annotations: true,
  empty: true,
  blockStatement: true,
  ifStatement: true,
  switchStatement: true,
  forStatement: true,
  Kw_return: true,
  returnValue: true,
  returnEnd: true,
  jump: true,
  jumpEnd: true,
  constantDeclaration: true,
  typeLeadingDeclaration: true,
  expressionStatement: true,
};

function lowerExpressionStatement(
  c: LowerContext,
  n: Cst.ExpressionStatementCstNode | Cst.ForSimpleStatementCstNode,
): A.Statement | undefined {
  const ch = n.children;
  const range = c.nodeRange(n);
  const target = lowerExpression(c, node(ch, "target"));
  const opNode = node(ch, "assignmentOperator");
  if (opNode) {
    const oc = opNode.children;
    const images = Object.values(oc)
      .flat()
      .map((t) => (t as { image?: string }).image ?? "")
      .join("");
    return {
      kind: "AssignmentStatement",
      target,
      operator: images === ">>=" ? ">>=" : images,
      value: lowerExpression(c, node(ch, "value")),
      range,
    };
  }
  if (target.kind === "CallExpression") return { kind: "CallStatement", call: target, range };
  if (target.kind !== "DontCareExpression" || target.range.file !== NO_RANGE.file) {
    c.sink.report(messages.notAStatement, target.range, {});
  }
  return undefined;
}

function lowerSwitch(c: LowerContext, n: Cst.SwitchStatementCstNode): A.SwitchStatement {
  const ch = n.children;
  const cases = nodes(ch, "switchCase").map((sc): A.SwitchCase => {
    const cc = sc.children;
    const def = tok(cc, "Kw_default");
    const label: A.SwitchCase["label"] = def
      ? { kind: "DefaultLabel", range: c.tokenRange(def) }
      : lowerExpression(c, node(cc, "expression"));
    const body = node(cc, "blockStatement");
    const range = c.nodeRange(sc);
    return body
      ? { kind: "SwitchCase", label, body: lowerBlock(c, body), range }
      : { kind: "SwitchCase", label, range };
  });
  return {
    kind: "SwitchStatement",
    subject: lowerExpression(c, node(ch, "expression")),
    cases,
    range: c.nodeRange(n),
  };
}

function lowerFor(
  c: LowerContext,
  n: Cst.ForStatementCstNode,
  annotations: readonly A.Annotation[],
): A.Statement {
  const ch = n.children;
  const range = c.nodeRange(n);
  const body = lowerStatement(c, node(ch, "body")) ?? { kind: "EmptyStatement", range };
  const collection = node(ch, "collection");
  if (collection) {
    const typeN = node(ch, "typeRef");
    const base = {
      kind: "ForInStatement" as const,
      annotations,
      variable: lowerName(c, node(ch, "name")),
      collection: forCollection(c, collection, node(ch, "collectionEnd")),
      body,
      range,
    };
    return typeN ? { ...base, variableType: lowerTypeRef(c, typeN) } : base;
  }
  const cond = node(ch, "condition");
  const base = {
    kind: "ForStatement" as const,
    annotations,
    init: lowerForUpdates(c, node(ch, "init")),
    update: lowerForUpdates(c, node(ch, "update")),
    body,
    range,
  };
  return cond ? { ...base, condition: lowerExpression(c, cond) } : base;
}

/** `e` or the range `a .. b` that a for-in statement walks. */
function forCollection(c: LowerContext, first: CstNode, end: CstNode | undefined): A.Expression {
  const low = lowerExpression(c, first);
  if (!end) return low;
  const high = lowerExpression(c, end);
  return { kind: "RangeExpression", low, high, range: spanRanges(low.range, high.range) };
}

function lowerForUpdates(c: LowerContext, n: Cst.ForUpdatesCstNode | undefined): A.Statement[] {
  if (!n) return [];
  return nodes(n.children, "forSimpleStatement").flatMap((s): A.Statement[] => {
    const ch = s.children;
    const range = c.nodeRange(s);
    const typeN = node(ch, "typeRef");
    if (typeN) {
      const decl: A.VariableDeclaration = {
        kind: "VariableDeclaration",
        annotations: [],
        name: lowerName(c, node(ch, "name")),
        type: lowerTypeRef(c, typeN),
        initializer: lowerExpression(c, node(ch, "initializer")),
        range,
      };
      return [{ kind: "DeclarationStatement", declaration: decl, range }];
    }
    const s2 = lowerExpressionStatement(c, s);
    return s2 ? [s2] : [];
  });
}

// Parser states --------------------------------------------------------------------------------

export function lowerParserState(c: LowerContext, n: CstNode): A.ParserState {
  const ch = (n as Cst.ParserStateCstNode).children;
  const statements = nodes(ch, "statement").flatMap((s) => lowerStatement(c, s) ?? []);
  const tr = node(ch, "transition");
  const base = {
    kind: "ParserState" as const,
    annotations: lowerAnnotations(c, node(ch, "annotations")),
    name: lowerName(c, node(ch, "name")),
    statements,
    range: c.nodeRange(n),
  };
  return tr ? { ...base, transition: lowerTransition(c, tr) } : base;
}

function lowerTransition(c: LowerContext, n: Cst.TransitionCstNode): A.Transition {
  const ch = n.children;
  const range = c.nodeRange(n);
  const sel = node(ch, "selectExpression");
  if (!sel) return { kind: "DirectTransition", target: lowerName(c, node(ch, "name")), range };
  const sc = sel.children;
  const cases = nodes(sc, "selectCase").map((cn): A.SelectCase => {
    const cc = cn.children;
    const { keysets, tuple } = lowerKeysetExpression(c, node(cc, "keysetExpression"));
    return {
      kind: "SelectCase",
      annotations: lowerAnnotations(c, node(cc, "annotations")),
      keysets,
      tuple,
      target: lowerName(c, node(cc, "name")),
      range: c.nodeRange(cn),
    };
  });
  return {
    kind: "SelectTransition",
    select: {
      kind: "SelectExpression",
      keys: lowerExpressionList(c, node(sc, "expressionList")),
      cases,
      range: c.nodeRange(sel),
    },
    range,
  };
}

export function lowerKeysetExpression(
  c: LowerContext,
  n: CstNode | undefined,
): { keysets: A.Keyset[]; tuple: boolean } {
  if (!n) return { keysets: [], tuple: false };
  const ch = (n as Cst.KeysetExpressionCstNode).children;
  const simple = nodes(ch, "simpleKeyset").map((k) => lowerSimpleKeyset(c, k));
  return { keysets: simple, tuple: tok(ch, "LParen") !== undefined };
}

function lowerSimpleKeyset(c: LowerContext, n: Cst.SimpleKeysetCstNode): A.Keyset {
  const ch = n.children;
  const range = c.nodeRange(n);
  if (tok(ch, "Kw_default")) return { kind: "DefaultKeyset", range };
  if (tok(ch, "DontCare")) return { kind: "DontCareKeyset", range };
  const value = lowerExpression(c, node(ch, "value"));
  const mask = node(ch, "mask");
  if (mask) return { kind: "MaskKeyset", value, mask: lowerExpression(c, mask), range };
  const high = node(ch, "high");
  if (high) return { kind: "RangeKeyset", low: value, high: lowerExpression(c, high), range };
  return { kind: "ExpressionKeyset", value, range };
}
