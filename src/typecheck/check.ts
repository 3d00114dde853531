// The type checker's entry point. It checks declarations and names across the whole program,
// type declarations (widths, header/union/stack rules, recursion), parser state machines, the
// types of the expressions and statements in parsers, controls and actions, and picks the
// extractor parser.

import type { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import { findExtractorFor } from "./architecture.js";
import { checkAbstractMethods } from "./check-abstract-methods.js";
import { BodyChecker } from "./check-bodies.js";
import { checkDontCareTypes } from "./check-dont-care-types.js";
import { checkParserStates } from "./check-parser.js";
import { checkPlacement } from "./check-placement.js";
import { checkRecursion } from "./check-recursion.js";
import { NameChecker } from "./check-names.js";
import { ScopeRules } from "./check-scopes.js";
import { checkTableRules } from "./check-tables.js";
import { ConstantEvaluator } from "./constants.js";
import { Environment } from "./environment.js";
import { TypeResolver } from "./resolve-types.js";
import type { TypedProgram } from "./typed-program.js";

export interface CheckOptions {
  /** Pick the extractor parser by name instead of through `main`. */
  readonly parserName?: string;
  /** --arch: the architecture the program must be written for. */
  readonly arch?: string;
  /** Whether a missing extractor is an error (compiling) or not (checking a library file). */
  readonly requireExtractor?: boolean;
}

export function check(
  program: A.Program,
  sink: DiagnosticSink,
  options: CheckOptions = {},
): TypedProgram {
  const env = new Environment(program, sink);
  const constants = new ConstantEvaluator(env);
  const types = new TypeResolver(env, constants, sink);
  for (const d of program.declarations) {
    if (d.kind !== "ErrorDeclaration" && d.kind !== "MatchKindDeclaration") types.declaredType(d);
  }
  const names = new NameChecker(env, types);
  names.checkProgram(program);
  new ScopeRules(sink).checkProgram(program);
  checkRecursion(program, sink);
  checkAbstractMethods(program, types, sink);
  checkDontCareTypes(program, sink);
  checkPlacement(program, sink);
  const bodies = new BodyChecker(env, types, constants, sink);
  bodies.setTopLevelActions(
    program.declarations.filter((d): d is A.ActionDeclaration => d.kind === "ActionDeclaration"),
  );
  for (const d of program.declarations) {
    if (d.kind === "ParserDeclaration") {
      checkParserStates(d, sink);
      bodies.checkParser(d);
    } else if (d.kind === "ControlDeclaration") {
      bodies.checkControl(d);
      for (const l of d.locals)
        if (l.kind === "TableDeclaration") checkTableRules(l, constants, sink);
    } else if (d.kind === "ActionDeclaration") bodies.action(d);
    else if (d.kind === "ConstantDeclaration") bodies.constant(d);
  }
  const wantExtractor = options.requireExtractor === true || options.parserName !== undefined;
  const extractor =
    wantExtractor || hasMain(program)
      ? findExtractorFor(program, env, sink, options.parserName, options.arch)
      : undefined;
  return {
    program,
    declarations: env.declarations,
    typeRefs: types.refTypes,
    declaredTypes: types.declaredTypes,
    expressionTypes: bodies.expressionTypes,
    unsized: bodies.unsized,
    constants: constants.evaluated,
    calls: bodies.calls,
    references: names.references,
    errors: env.errors.map((name, code) => ({ name, code })),
    matchKinds: env.matchKinds,
    ...(extractor ? { extractor } : {}),
  };
}

function hasMain(program: A.Program): boolean {
  return program.declarations.some(
    (d) => d.kind === "InstantiationDeclaration" && d.name.name === "main",
  );
}
