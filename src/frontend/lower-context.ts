// Shared state and helpers for CST→AST lowering: mapping token and node positions back to the
// original source through the preprocessor's PositionMap, and safe access to CST children that a
// recovered parse may have left out.

import type { CstElement, CstNode, IToken } from "chevrotain";
import { InternalError } from "../diagnostics/diagnostic.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type { Identifier } from "./ast.js";
import { NO_RANGE, type PositionMap, type SourceRange } from "./source.js";

/** A CST node's children by label, untyped; grammar/cst.ts has each rule's own type. */
type Children = Record<string, CstElement[] | undefined>;

/** The element type of a child list (`StatementCstNode[] | undefined` gives StatementCstNode). */
type Element<T> = NonNullable<T> extends readonly (infer E)[] ? E : never;
/** The labels of a children type: with a rule's own type (grammar/cst.ts), a label the rule
 *  does not have is a compile error. */
type Label<C> = keyof C & string;

/**
 * A CST node of a rule the lowering does not expect where it stands: tsc proves the known rules
 * covered (`n` is never), and at run time the error names the rule instead of printing the node.
 */
export function unexpectedRule(n: never, where: string): never {
  throw new InternalError(`unexpected CST rule '${(n as CstNode).name}' ${where}`);
}

export function isToken(e: CstElement | undefined): e is IToken {
  return e !== undefined && (e as IToken).image !== undefined;
}

export function isNode(e: CstElement | undefined): e is CstNode {
  return e !== undefined && (e as CstNode).children !== undefined;
}

export function tok<C extends object>(ctx: C, key: Label<C>, i = 0): IToken | undefined {
  const e = (ctx as Children)[key]?.[i];
  return isToken(e) && !e.isInsertedInRecovery ? e : undefined;
}

export function toks<C extends object>(ctx: C, key: Label<C>): IToken[] {
  return ((ctx as Children)[key] ?? []).filter(isToken).filter((t) => !t.isInsertedInRecovery);
}

export function node<C extends object, K extends Label<C>>(
  ctx: C,
  key: K,
  i = 0,
): Extract<Element<C[K]>, CstNode> | undefined {
  const e = (ctx as Children)[key]?.[i];
  return isNode(e) ? (e as Extract<Element<C[K]>, CstNode>) : undefined;
}

export function nodes<C extends object, K extends Label<C>>(
  ctx: C,
  key: K,
): Extract<Element<C[K]>, CstNode>[] {
  return ((ctx as Children)[key] ?? []).filter(isNode) as Extract<Element<C[K]>, CstNode>[];
}

export class LowerContext {
  constructor(
    readonly map: PositionMap,
    readonly sink: DiagnosticSink,
  ) {}

  tokenRange(t: IToken): SourceRange {
    if (!Number.isFinite(t.startLine) || !Number.isFinite(t.startColumn)) return NO_RANGE;
    const start = this.map.original(t.startLine!, t.startColumn!);
    const endLine = Number.isFinite(t.endLine) ? t.endLine! : t.startLine!;
    const endCol = Number.isFinite(t.endColumn)
      ? t.endColumn! + 1
      : t.startColumn! + t.image.length;
    const end = this.map.original(endLine, endCol);
    return {
      file: start.file,
      start: { line: start.line, column: start.column },
      end:
        end.file === start.file
          ? { line: end.line, column: end.column }
          : { line: start.line, column: start.column + t.image.length },
    };
  }

  nodeRange(n: CstNode | undefined): SourceRange {
    const loc = n?.location;
    if (!loc || !Number.isFinite(loc.startLine) || !Number.isFinite(loc.startColumn))
      return NO_RANGE;
    const start = this.map.original(loc.startLine!, loc.startColumn!);
    const endOk = Number.isFinite(loc.endLine) && Number.isFinite(loc.endColumn);
    const end = endOk ? this.map.original(loc.endLine!, loc.endColumn! + 1) : start;
    return {
      file: start.file,
      start: { line: start.line, column: start.column },
      end:
        end.file === start.file
          ? { line: end.line, column: end.column }
          : { line: start.line, column: start.column },
    };
  }

  identifier(t: IToken | undefined, fallback?: SourceRange): Identifier {
    if (!t) return { kind: "Identifier", name: "", range: fallback ?? NO_RANGE };
    return { kind: "Identifier", name: t.image, range: this.tokenRange(t) };
  }
}
