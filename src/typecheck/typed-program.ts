// The type checker's result: the AST (never mutated) plus side tables. Later phases (the IR
// lowering, the language server) read only this.

import type * as A from "../frontend/ast.js";
import type { Extractor } from "./architecture.js";
import type { Environment } from "./environment.js";
import type { Type } from "./types.js";

export interface TypedProgram {
  readonly program: A.Program;
  /** Top-level declarations by name (overloads in declaration order). */
  readonly declarations: Environment["declarations"];
  /** The semantic type of every TypeRef the checker resolved. */
  readonly typeRefs: ReadonlyMap<A.TypeRef, Type>;
  /** Error members with their codes: core.p4's standard errors first, then the program's own. */
  readonly errors: readonly { readonly name: string; readonly code: number }[];
  readonly matchKinds: readonly string[];
  /** The parser that becomes the flow extractor, when one was found. */
  readonly extractor?: Extractor;
}
