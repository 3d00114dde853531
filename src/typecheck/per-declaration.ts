// Checks that read one top-level declaration alone, run once per declaration object: the parse
// keeps the declarations of unchanged included files and of the main file's unchanged chunks
// between compiles (src/parse-reuse.ts), so checking them again would only repeat the same
// reports. What a check reported for a declaration is kept (weakly, with the declaration) and
// reported again, through the compile's own sink and its warning policy, each time.

import { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";

type Report = Parameters<DiagnosticSink["report"]>;

/** A sink that keeps what it is told, to be reported later. */
class Recorder extends DiagnosticSink {
  readonly reports: Report[] = [];
  override report(...args: Report): undefined {
    this.reports.push(args);
    return undefined;
  }
}

/** The check run on each declaration of a program, its reports remembered per declaration. */
export function perDeclaration(
  check: (d: A.Declaration, sink: DiagnosticSink) => void,
): (program: A.Program, sink: DiagnosticSink) => void {
  const kept = new WeakMap<A.Declaration, readonly Report[]>();
  return (program, sink) => {
    for (const d of program.declarations) {
      let reports = kept.get(d);
      if (!reports) {
        const recorder = new Recorder();
        check(d, recorder);
        reports = recorder.reports;
        kept.set(d, reports);
      }
      for (const r of reports) sink.report(...r);
    }
  };
}
