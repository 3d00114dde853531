// Compile on save: the saved file through the library's compileToOutputs with the editor's
// settings (outputDir, emit, target; the rest at the command line's defaults), written atomically
// as the CLI writes them. Returns the line (and any diagnostics) for the client's log.

import { clangObject } from "../backend-ebpf/build.js";
import { EMIT_TARGETS } from "../backend-ebpf/target.js";
import { writeOutputs } from "../cli/write.js";
import { renderText } from "../diagnostics/render-text.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import type { FileHost } from "../frontend/host.js";
import {
  compileToOutputs,
  defaultEmit,
  isEmitKind,
  type EmitKindName,
  type Target,
} from "../outputs.js";

export interface SaveSettings {
  readonly compileOnSave: boolean;
  readonly outputDir?: string;
  /** Comma-separated kinds, as --emit. */
  readonly emit?: string;
  readonly target?: string;
}

const TARGETS: readonly Target[] = EMIT_TARGETS;

export function compileOnSave(path: string, settings: SaveSettings, host: FileHost): string {
  const failed = (why: string) => `p4flow: compiling ${path} failed: ${why}`;
  const target = settings.target as Target | undefined;
  if (target !== undefined && !TARGETS.includes(target))
    return failed(
      `the setting p4flow.target is '${settings.target}', not one of ${TARGETS.join(", ")}`,
    );
  const requested = settings.emit
    ?.split(",")
    .map((k) => k.trim())
    .filter((k) => k !== "");
  const unknown = requested?.find((k) => !isEmitKind(k));
  if (unknown !== undefined)
    return failed(`the setting p4flow.emit names '${unknown}', not an emit kind`);
  const emit = (requested as EmitKindName[] | undefined) ?? defaultEmit(target);
  const name = (path.split(/[\\/]/).pop() ?? "program").replace(/\.p4$/, "") || "program";
  const out = compileToOutputs({
    file: path,
    host,
    name,
    emit,
    ...(target !== undefined ? { target } : {}),
    buildObject: (n, c, h, sink) => clangObject(n, c, h, sink),
  });
  const problems = [...out.compiled.diagnostics, ...out.optionErrors, ...out.buildErrors];
  const report = problems.length > 0 ? `\n${renderText(problems, { color: false })}` : "";
  if (!out.files) return failed(`see the problems below${report}`);
  const dir = host.resolve(host.dirname(path), settings.outputDir ?? ".");
  const sink = new DiagnosticSink();
  const written = writeOutputs(
    out.files.map((f) => ({ path: host.resolve(dir, f.name), contents: f.contents })),
    sink,
  );
  if (!written) return failed(renderText(sink.diagnostics, { color: false }));
  return `p4flow: compiled ${path} into ${dir}${report}`;
}
