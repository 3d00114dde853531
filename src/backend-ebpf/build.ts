// From IR and layout to the files of a kernel program (Node only): the C source, the key header
// it includes, and, when asked, the object built by clang, all in memory so the CLI can write
// them atomically.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type { IrProgram } from "../ir/ir.js";
import type { FlowKeyLayout } from "../layout/layout.js";
import { renderHeader } from "../layout/render-c.js";
import { emitProgram, type EmitOptions } from "./emit-program.js";
import { buildObject } from "./kernel-runner.js";

export interface BuiltProgram {
  readonly c: string;
  readonly h: string;
  readonly obj?: Uint8Array;
}

export function buildProgram(
  ir: IrProgram,
  layout: FlowKeyLayout,
  baseName: string,
  options: Omit<EmitOptions, "headerFile"> & { readonly object: boolean; readonly clang?: string },
  sink: DiagnosticSink,
): BuiltProgram | undefined {
  const h = renderHeader(layout);
  const c = emitProgram(ir, layout, { ...options, headerFile: `${baseName}.h` }, sink);
  if (c === undefined) return undefined;
  if (!options.object || options.target === "lib") return { c, h };
  const obj = clangObject(baseName, c, h, sink, options.clang);
  return obj ? { c, h, obj } : undefined;
}

/**
 * The object clang builds from a program's C and its key header (NAME.bpf.c including NAME.h),
 * in a temporary directory; undefined (with a diagnostic) when clang fails.
 */
export function clangObject(
  baseName: string,
  c: string,
  h: string,
  sink: DiagnosticSink,
  clang?: string,
): Uint8Array | undefined {
  const dir = mkdtempSync(join(tmpdir(), "p4flow-build-"));
  try {
    writeFileSync(join(dir, `${baseName}.h`), h);
    writeFileSync(join(dir, `${baseName}.bpf.c`), c);
    const obj = buildObject(dir, baseName, sink, clang);
    return obj ? readFileSync(obj) : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
