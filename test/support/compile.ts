// The compile boilerplate tests share: a program (a file on disk, or text in memory) through the
// whole pipeline to its IR and layout, failing the test with the rendered diagnostics when it
// does not get there.

import { readFileSync } from "node:fs";
import { compile, type CompileOptions, type CompileResult } from "../../src/compile.js";
import { renderText } from "../../src/diagnostics/render-text.js";
import { memoryHost } from "../../src/frontend/host.js";
import { builtinIncludes } from "../../src/frontend/include/index.js";
import type { IrProgram } from "../../src/ir/ir.js";
import type { FlowKeyLayout } from "../../src/layout/layout.js";
import { nodeHost } from "../../src/node-host.js";

export type PipelineOptions = Omit<CompileOptions, "file" | "text" | "host" | "stopAfter">;

/** A result that reached the IR and the layout. */
export type Compiled = CompileResult & { readonly ir: IrProgram; readonly layout: FlowKeyLayout };

function reached(r: CompileResult, text: (file: string) => string | undefined): Compiled {
  if (!r.ok || !r.ir || !r.layout)
    throw new Error(
      renderText(r.diagnostics, {
        sourceText: (f) => text(f) ?? builtinIncludes[f.replace("<builtin>/", "")],
      }),
    );
  return r as Compiled;
}

/** A P4 file on disk through the whole pipeline. */
export function compileFile(file: string, options: PipelineOptions = {}): Compiled {
  const r = compile({ ...options, file, host: nodeHost(), stopAfter: "ir" });
  return reached(r, (f) => {
    try {
      return readFileSync(f, "utf8");
    } catch {
      return undefined;
    }
  });
}

/** Options for P4 text in memory: `file` names it ("/t.p4" unless given). */
export type TextOptions = PipelineOptions & { readonly file?: string };

/**
 * P4 text (alone in memory) through the pipeline as far as it gets: the result as it is, with
 * its diagnostics, for tests of programs that are refused or warned about.
 */
export function compileTextResult(text: string, options: TextOptions = {}): CompileResult {
  const { file = "/t.p4", ...rest } = options;
  return compile({ ...rest, file, text, host: memoryHost({ [file]: text }), stopAfter: "ir" });
}

/** P4 text (alone in memory) through the whole pipeline. */
export function compileText(text: string, options: TextOptions = {}): Compiled {
  const file = options.file ?? "/t.p4";
  return reached(compileTextResult(text, options), (f) => (f === file ? text : undefined));
}
