// Chevrotain's LL(k) lookahead, set up without its cold-start cost. performSelfAnalysis builds a
// lookahead function for every decision (OR, OPTION, MANY, ...) from paths it computes over the
// grammar, which took about 40% of a cold CLI run. Here:
// - the paths are precomputed (grammar/lookahead-table.ts, written by scripts/lookahead-table.mjs
//   and checked against the grammar by test/grammar/lookahead-table.test.ts), and the function
//   for a decision is made from them the first time the parser reaches it;
// - a decision missing from the table (a grammar edited without regenerating it) gets its paths
//   computed by Chevrotain, on first use too.
// The functions decide as Chevrotain's do: the first alternative (whose GATE, if any, holds)
// with a path matching the next tokens; single-token paths use a table by token type.

import {
  Alternation,
  EOF,
  getLookaheadPaths,
  LLkLookaheadStrategy,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Terminal,
  tokenMatcher,
  tokenName,
  type ILookaheadStrategy,
  type IProduction,
  type IToken,
  type LookaheadProductionType,
  type Rule,
  type TokenType,
} from "chevrotain";

type AltOptions = Parameters<ILookaheadStrategy["buildLookaheadForAlternation"]>[0];
type OptOptions = Parameters<ILookaheadStrategy["buildLookaheadForOptional"]>[0];
/** Per alternative, the token sequences that select it. */
type Paths = TokenType[][][];
/** The same, with tokens by name (the serialized table). */
export type NamedPaths = string[][][];

interface Reader {
  LA(i: number): IToken;
}

/** The table's key for a decision. */
export const decisionKey = (rule: string, kind: string, occurrence: number, k: number) =>
  `${rule} ${kind}${occurrence} k${k}`;

function lazily<F extends (...args: never[]) => unknown>(build: () => F): F {
  let built: F | undefined;
  return function (this: unknown, ...args: Parameters<F>) {
    built ??= build();
    return built.apply(this, args);
  } as F;
}

/** For each single token type index, the first alternative it selects; undefined if paths are longer. */
function singleTokenChoices(alts: Paths): number[] | undefined {
  if (!alts.every((a) => a.every((p) => p.length === 1))) return undefined;
  const choice: number[] = [];
  alts.forEach((alt, i) => {
    for (const [t] of alt) {
      for (const idx of [t!.tokenTypeIdx!, ...(t!.categoryMatches ?? [])])
        if (choice[idx] === undefined) choice[idx] = i;
    }
  });
  return choice;
}

function matches(reader: Reader, path: readonly TokenType[]): boolean {
  for (let i = 0; i < path.length; i++) if (!tokenMatcher(reader.LA(i + 1), path[i]!)) return false;
  return true;
}

function alternationFunction(alts: Paths, hasPredicates: boolean) {
  const choice = hasPredicates ? undefined : singleTokenChoices(alts);
  if (choice)
    return function (this: Reader) {
      return choice[this.LA(1).tokenTypeIdx];
    };
  return function (this: Reader, orAlts: readonly { GATE?: () => boolean }[]) {
    for (let a = 0; a < alts.length; a++) {
      const gate = orAlts[a]?.GATE;
      if (gate !== undefined && gate.call(this) === false) continue;
      for (const path of alts[a]!) if (matches(this, path)) return a;
    }
    return undefined;
  };
}

function optionalFunction(inside: TokenType[][]) {
  const choice = singleTokenChoices([inside]);
  if (choice)
    return function (this: Reader) {
      return choice[this.LA(1).tokenTypeIdx] === 0;
    };
  return function (this: Reader) {
    return inside.some((path) => matches(this, path));
  };
}

export class LazyLookaheadStrategy extends LLkLookaheadStrategy {
  private readonly byName: Map<string, TokenType>;
  /** Decisions whose paths were not in the table (the test of the table expects none). */
  computed = 0;

  constructor(
    options: { maxLookahead: number },
    tokens: readonly TokenType[],
    private readonly table: Readonly<Record<string, NamedPaths>>,
  ) {
    super(options);
    this.byName = new Map([...tokens, EOF].map((t) => [tokenName(t), t]));
  }

  /** The decision's paths from the table, or computed by Chevrotain. */
  private paths(rule: Rule, kind: string, occurrence: number, k: number, prodType: string): Paths {
    const named = this.table[decisionKey(rule.name, kind, occurrence, k)];
    const tokens = named?.map((alt) => alt.map((path) => path.map((n) => this.byName.get(n))));
    if (tokens && tokens.every((alt) => alt.every((path) => path.every((t) => t !== undefined))))
      return tokens as Paths;
    this.computed++;
    return getLookaheadPaths({
      occurrence,
      rule,
      prodType: prodType as LookaheadProductionType,
      maxLookahead: k,
    });
  }

  override buildLookaheadForAlternation(
    options: AltOptions,
  ): ReturnType<ILookaheadStrategy["buildLookaheadForAlternation"]> {
    const { rule, prodOccurrence, maxLookahead, hasPredicates } = options;
    return lazily(() =>
      alternationFunction(
        this.paths(rule, "Alternation", prodOccurrence, maxLookahead, "Alternation"),
        hasPredicates,
      ),
    ) as ReturnType<ILookaheadStrategy["buildLookaheadForAlternation"]>;
  }

  override buildLookaheadForOptional(
    options: OptOptions,
  ): ReturnType<ILookaheadStrategy["buildLookaheadForOptional"]> {
    const { rule, prodOccurrence, maxLookahead, prodType } = options;
    return lazily(() =>
      optionalFunction(this.paths(rule, prodType, prodOccurrence, maxLookahead, prodType)[0]!),
    ) as ReturnType<ILookaheadStrategy["buildLookaheadForOptional"]>;
  }
}

/** The lookahead production type of a grammar node, if it is a decision. */
function decisionKind(node: unknown): string | undefined {
  if (node instanceof Alternation) return "Alternation";
  if (node instanceof Option) return "Option";
  if (node instanceof Repetition) return "Repetition";
  if (node instanceof RepetitionMandatory) return "RepetitionMandatory";
  if (node instanceof RepetitionMandatoryWithSeparator) return "RepetitionMandatoryWithSeparator";
  if (node instanceof RepetitionWithSeparator) return "RepetitionWithSeparator";
  return undefined;
}

/** Every decision's paths by name, computed by Chevrotain (for the table and its test). */
export function computeLookaheadTable(
  rules: readonly Rule[],
  k: number,
): Record<string, NamedPaths> {
  const table: Record<string, NamedPaths> = {};
  const walk = (rule: Rule, node: IProduction) => {
    // A rule reference's definition is the other rule's: that rule is walked on its own.
    if (node instanceof NonTerminal || node instanceof Terminal) return;
    const kind = decisionKind(node);
    if (kind) {
      const { idx, maxLookahead } = node as unknown as { idx: number; maxLookahead?: number };
      const depth = maxLookahead || k;
      const paths = getLookaheadPaths({
        occurrence: idx,
        rule,
        prodType: kind as LookaheadProductionType,
        maxLookahead: depth,
      });
      table[decisionKey(rule.name, kind, idx, depth)] = paths.map((alt) =>
        alt.map((path) => path.map((t) => tokenName(t))),
      );
    }
    for (const child of (node as { definition?: IProduction[] }).definition ?? [])
      walk(rule, child);
  };
  for (const rule of rules) for (const d of rule.definition) walk(rule, d);
  return table;
}
