// Which headers may be valid when a parser state starts, asked per header path: the states
// reachable from a state that makes the path valid (extracts it, setValid()s it or assigns it as
// a whole, anywhere in its statements), computed on demand for the paths a check asks about. The parser's `out` header parameters start invalid;
// everything else (inout and in parameters, stacks) is assumed possibly valid. Used to warn about
// a header field read where its header cannot be valid yet.

import { transitionTargets } from "./ast-nodes.js";
import { assertNever } from "../diagnostics/diagnostic.js";
import type * as A from "../frontend/ast.js";
import { printExpression } from "../frontend/printer.js";

/** The header path a statement makes valid, if any ("hdr.ipv4"). */
export function validatedPath(st: A.Statement): string[] {
  switch (st.kind) {
    case "BlockStatement":
      return st.statements.flatMap(validatedPath);
    case "IfStatement":
      return [...validatedPath(st.then), ...(st.else ? validatedPath(st.else) : [])];
    case "AssignmentStatement":
      return st.operator === "=" ? [printExpression(st.target)] : [];
    case "CallStatement": {
      const c = st.call;
      if (c.callee.kind !== "MemberExpression") return [];
      const m = c.callee.member.name;
      if (m === "extract" && c.args[0]) return [printExpression(c.args[0].value)];
      if (m === "setValid") return [printExpression(c.callee.object)];
      // A sub-parser apply may make any of its arguments valid.
      if (m === "apply") return c.args.map((a) => printExpression(a.value));
      return [];
    }
    case "DirectApplicationStatement":
    case "EmptyStatement":
    case "ReturnStatement":
    case "ExitStatement":
    case "SwitchStatement":
    case "DeclarationStatement":
    case "ForStatement":
    case "ForInStatement":
    case "BreakStatement":
    case "ContinueStatement":
      return [];
    default:
      return assertNever(st, "statement");
  }
}

/**
 * Which header paths may be valid where, in one parser. A path may be valid when a state starts
 * if the state is reachable (through one transition or more) from a state that validates it;
 * that reachability is computed once per path asked about, so the cost grows with the paths the
 * parser reads before validating them, not with states times headers.
 */
export class HeaderFlow {
  /** For each path, the states that validate it. */
  private readonly validatedBy = new Map<string, string[]>();
  /** For each state name, the states it may go to. */
  private readonly successors = new Map<string, string[]>();
  /** For each path asked about, the states it may be valid at the start of. */
  private readonly reached = new Map<string, Set<string>>();

  constructor(p: A.ParserDeclaration) {
    // With two states of one name (an error reported elsewhere), the last one's paths count and
    // both one's successors.
    const gen = new Map<string, Set<string>>();
    for (const s of p.states) {
      gen.set(s.name.name, new Set(s.statements.flatMap(validatedPath)));
      const next = transitionTargets(s.transition).map((id) => id.name);
      this.successors.set(s.name.name, [...(this.successors.get(s.name.name) ?? []), ...next]);
    }
    for (const [state, paths] of gen)
      for (const path of paths) {
        const by = this.validatedBy.get(path);
        if (by) by.push(state);
        else this.validatedBy.set(path, [state]);
      }
  }

  /** Whether the path may be valid when the state starts. */
  atEntry(state: string, path: string): boolean {
    let reached = this.reached.get(path);
    if (!reached) {
      reached = new Set();
      const work = [...(this.validatedBy.get(path) ?? [])].flatMap(
        (s) => this.successors.get(s) ?? [],
      );
      for (let next = work.pop(); next !== undefined; next = work.pop()) {
        if (reached.has(next) || !this.successors.has(next)) continue;
        reached.add(next);
        work.push(...this.successors.get(next)!);
      }
      this.reached.set(path, reached);
    }
    return reached.has(state);
  }
}

/** The header paths that may be valid at a statement of one state: at its entry, or made so by
 *  the state's statements before it. */
export class ValidHeaders {
  private readonly local = new Set<string>();

  constructor(
    private readonly flow: HeaderFlow,
    private readonly state: string,
  ) {}

  add(path: string): void {
    this.local.add(path);
  }

  /** Whether the header (`hdr.ipv4`, or a union member `hdr.u.ipv4`) may be valid: itself or
   *  a header union holding it (a path it starts with, up to a dot). */
  mayBeValid(header: string): boolean {
    for (let end = header.length; end > 0; end = header.lastIndexOf(".", end - 1)) {
      const path = header.slice(0, end);
      if (this.local.has(path) || this.flow.atEntry(this.state, path)) return true;
    }
    return false;
  }
}
