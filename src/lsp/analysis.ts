// Analysis of open documents for the language server, run so that the server stays responsive:
// - each document is analysed through compileSteps() (the CLI's pipeline), yielding to the event
//   loop between phases; an edit (or close) cancels the analysis of the older text at the next
//   phase boundary, so newer edits supersede older work;
// - an edit runs the phases that give diagnostics, all of them on every change: preprocess,
//   parse (the included files' parse reused, parse-reuse.ts), check, and the IR lowering (its
//   warnings: unsupported constructs, keysets wider than their keys, loops). The flow-key layout
//   reports nothing, so it is left out and computed when a hover first needs it;
// - one analysis per text: hover, definition, references, rename and completion read the
//   analysis of the current text (waiting for it if it is running; none if the text changes
//   meanwhile: they answer empty) and never run the pipeline again for an unchanged text;
//   `runs` counts the pipelines started (the tests hold it to that);
// - an edit to an open document that others include drops their analyses (invalidateReaders),
//   so no answer or diagnostic comes from an include's older text; the included files' parse is
//   kept by content in parse-reuse.ts, so an unchanged include is not parsed again;
// - requests that need only the parse (symbols, formatting, semantic tokens, folding) take the
//   parse of the current text, made on demand or kept from the running analysis, and never wait
//   for checking and lowering;
// - a document over MAX_ANALYSED_CHARS is not compiled at all (one note says so).

import {
  compile,
  compileSteps,
  layoutFor,
  type CompileOptions,
  type CompileResult,
} from "../compile.js";
import { messages } from "../diagnostics/catalog.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import type { FlowKeyLayout } from "../layout/layout.js";
import { Navigator } from "./navigate.js";

/** Larger documents are not analysed (a phase runs without yielding; this bounds how long). */
export const MAX_ANALYSED_CHARS = 1_000_000;

export interface Analysis {
  readonly version: number;
  readonly result: CompileResult;
  readonly navigator?: Navigator;
}

export interface AnalysedDocument {
  readonly uri: string;
  readonly version: number;
  readonly path: string;
  getText(): string;
}

interface State {
  version: number;
  /** The parse of this version (also the whole analysis once it is done). */
  parsed?: CompileResult;
  analysis?: Analysis;
  /** The running analysis of this version. */
  running?: Promise<Analysis | undefined>;
  /** The files the running analysis read (known once it has preprocessed). */
  reading?: readonly string[];
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Analyses {
  private readonly states = new Map<string, State>();
  /** Pipelines started: parse-only ones and whole analyses. */
  readonly runs = { parse: 0, analysis: 0 };

  constructor(
    /** The compile options for a document (its file name, the host with open buffers). */
    private readonly options: (doc: AnalysedDocument) => CompileOptions,
    /** The current version of a document, or undefined once closed. */
    private readonly current: (uri: string) => number | undefined,
  ) {}

  /**
   * Forgets the analyses that read a file other than their own document (an open include that
   * was just edited): their running analysis stops at its next phase and the next request or
   * schedule analyses the new text. Returns their documents' URIs.
   */
  invalidateReaders(path: string, except: string): string[] {
    const readers: string[] = [];
    for (const [uri, s] of this.states) {
      if (uri === except) continue;
      const files = s.analysis?.result.files ?? s.parsed?.files ?? s.reading;
      if (files?.includes(path)) {
        this.states.delete(uri);
        readers.push(uri);
      }
    }
    return readers;
  }

  /** Forgets a closed document (a running analysis stops at its next phase). */
  forget(uri: string): void {
    this.states.delete(uri);
  }

  private state(doc: AnalysedDocument): State {
    let s = this.states.get(doc.uri);
    if (!s || s.version !== doc.version) {
      s = { version: doc.version };
      this.states.set(doc.uri, s);
    }
    return s;
  }

  /** The parse of the document's current text (no checking or lowering). */
  parsed(doc: AnalysedDocument): CompileResult {
    const s = this.state(doc);
    if (!s.parsed) {
      s.parsed = tooLarge(doc);
      if (!s.parsed) {
        this.runs.parse++;
        s.parsed = compile({ ...this.options(doc), stopAfter: "parse" });
      }
    }
    return s.parsed;
  }

  /** The whole analysis of the document's current text; undefined if the text changes first. */
  analysed(doc: AnalysedDocument): Promise<Analysis | undefined> {
    const s = this.state(doc);
    if (s.analysis) return Promise.resolve(s.analysis);
    s.running ??= this.run(doc, s);
    return s.running;
  }

  private async run(doc: AnalysedDocument, s: State): Promise<Analysis | undefined> {
    const stale = () => this.current(doc.uri) !== s.version || this.states.get(doc.uri) !== s;
    const big = tooLarge(doc);
    const options = this.options(doc);
    let result: CompileResult;
    if (big) result = big;
    else {
      this.runs.analysis++;
      const steps = compileSteps({ ...options, stopAfter: "ir", withoutLayout: true });
      for (;;) {
        await nextTurn();
        if (stale()) return undefined;
        const step = steps.next();
        if (step.done) {
          result = step.value;
          break;
        }
        s.reading = step.value.files;
        if (step.value.phase === "parse") s.parsed ??= step.value;
      }
    }
    const x = result.typed?.extractor;
    const roots = new Set(
      [x?.headersParam?.name.name, x?.metaParam?.name.name].filter((n): n is string => !!n),
    );
    const ir = result.ir;
    let layout: FlowKeyLayout | undefined;
    const layoutOf = () => (ir ? (layout ??= layoutFor(ir, options)) : undefined);
    const navigator = result.program
      ? new Navigator(result.program, result.typed, layoutOf, roots)
      : undefined;
    s.analysis = navigator
      ? { version: s.version, result, navigator }
      : { version: s.version, result };
    s.running = undefined;
    return s.analysis;
  }
}

/** A document too large to analyse gets one note and nothing else. */
function tooLarge(doc: AnalysedDocument): CompileResult | undefined {
  const size = doc.getText().length;
  if (size <= MAX_ANALYSED_CHARS) return undefined;
  const sink = new DiagnosticSink();
  const mb = (n: number) => `${(n / 1_000_000).toFixed(1)} MB`;
  sink.report(
    messages.documentTooLarge,
    {
      file: doc.path,
      start: { line: 1, column: 1 },
      end: { line: 1, column: 1 },
    },
    { size: mb(size), limit: mb(MAX_ANALYSED_CHARS) },
  );
  return { diagnostics: sink.diagnostics, ok: true, files: [doc.path] };
}
