// Parser-level rules: the state set (start required, accept/reject reserved, no duplicates),
// transitions to declared states only (with a suggestion), select case arity, cases hidden by
// an earlier catch-all, states without a transition and states unreachable from start.

import { transitionTargets } from "./ast-nodes.js";
import { messages } from "../diagnostics/catalog.js";
import { formatMessage } from "../diagnostics/message.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import { closest } from "./suggest.js";

const RESERVED = new Set(["accept", "reject"]);

export function checkParserStates(parser: A.ParserDeclaration, sink: DiagnosticSink): void {
  const pname = parser.name.name;
  const states = new Map<string, A.ParserState>();
  for (const s of parser.states) {
    const n = s.name.name;
    if (RESERVED.has(n)) {
      sink.report(messages.reservedStateName, s.name.range, { name: n });
      continue;
    }
    if (states.has(n)) {
      sink.report(messages.duplicateState, s.name.range, { parser: pname, name: n }, [
        { message: "The first state with this name is here.", range: states.get(n)!.name.range },
      ]);
      continue;
    }
    states.set(n, s);
  }
  if (!states.has("start")) {
    sink.report(messages.missingStartState, parser.name.range, { parser: pname });
  }

  const targetOk = (id: A.Identifier): boolean => {
    if (id.name === "" || RESERVED.has(id.name) || states.has(id.name)) return true;
    const guess = closest(id.name, [...states.keys(), ...RESERVED], true);
    const guessRange = guess ? (states.get(guess)?.name.range ?? id.range) : id.range;
    sink.report(
      messages.unknownState,
      id.range,
      { name: id.name, parser: pname },
      guess
        ? [{ message: formatMessage(messages.didYouMean, { name: guess }), range: guessRange }]
        : [],
    );
    return false;
  };

  const valueSets = new Set(
    parser.locals.filter((l) => l.kind === "ValueSetDeclaration").map((l) => l.name.name),
  );
  // A value set of tuples matches all the keys at once.
  const isValueSet = (c: A.SelectCase): boolean =>
    c.keysets.length === 1 &&
    c.keysets[0]!.kind === "ExpressionKeyset" &&
    c.keysets[0]!.value.kind === "NameExpression" &&
    valueSets.has(c.keysets[0]!.value.name.name);

  for (const s of states.values()) {
    const t = s.transition;
    if (!t) {
      sink.report(messages.noTransition, s.name.range, { name: s.name.name });
      continue;
    }
    if (t.kind === "DirectTransition") {
      targetOk(t.target);
      continue;
    }
    const want = t.select.keys.length;
    let catchAll = false;
    for (const c of t.select.cases) {
      targetOk(c.target);
      const whole =
        c.keysets.length === 1 &&
        (c.keysets[0]!.kind === "DefaultKeyset" || c.keysets[0]!.kind === "DontCareKeyset");
      if (!whole && !isValueSet(c) && c.keysets.length !== want) {
        sink.report(messages.selectArity, c.range, { got: c.keysets.length, want });
      }
      if (catchAll) sink.report(messages.caseAfterDefault, c.range);
      if (
        whole ||
        c.keysets.every((k) => k.kind === "DefaultKeyset" || k.kind === "DontCareKeyset")
      )
        catchAll = true;
    }
  }

  // Reachability from start, for the unreachable-state warning.
  const seen = new Set<string>();
  const work = states.has("start") ? ["start"] : [];
  while (work.length > 0) {
    const n = work.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    const targets = transitionTargets(states.get(n)?.transition).map((id) => id.name);
    for (const x of targets) if (states.has(x) && !seen.has(x)) work.push(x);
  }
  if (states.has("start")) {
    for (const [n, s] of states) {
      if (!seen.has(n))
        sink.report(messages.unreachableState, s.name.range, { name: n, parser: pname });
    }
  }
}
