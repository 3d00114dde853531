// A Chevrotain lookahead strategy that builds each decision's lookahead function the first time
// the parser reaches that decision instead of all of them in performSelfAnalysis. Building them
// all took about 40% of a cold CLI run; a program reaches only some of the grammar's decisions,
// and the ones it reaches are built once per process, exactly as before (same LL(k) function).

import { LLkLookaheadStrategy, type ILookaheadStrategy } from "chevrotain";

type LookaheadFunction = (this: unknown, ...args: unknown[]) => unknown;

function lazily(build: () => LookaheadFunction): LookaheadFunction {
  let built: LookaheadFunction | undefined;
  return function (this: unknown, ...args: unknown[]) {
    built ??= build();
    return built.apply(this, args);
  };
}

export class LazyLookaheadStrategy extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(
    options: Parameters<ILookaheadStrategy["buildLookaheadForAlternation"]>[0],
  ): ReturnType<ILookaheadStrategy["buildLookaheadForAlternation"]> {
    return lazily(
      () => super.buildLookaheadForAlternation(options) as LookaheadFunction,
    ) as ReturnType<ILookaheadStrategy["buildLookaheadForAlternation"]>;
  }

  override buildLookaheadForOptional(
    options: Parameters<ILookaheadStrategy["buildLookaheadForOptional"]>[0],
  ): ReturnType<ILookaheadStrategy["buildLookaheadForOptional"]> {
    return lazily(
      () => super.buildLookaheadForOptional(options) as LookaheadFunction,
    ) as ReturnType<ILookaheadStrategy["buildLookaheadForOptional"]>;
  }
}
