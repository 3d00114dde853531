// The language server (`p4flow lsp --stdio`), on vscode-languageserver. Every open document is
// analysed through the same pipeline as the CLI (analysis.ts: phase by phase, cancelled by newer
// edits, parse-only requests served from the parse), with open buffers shadowing files on disk
// (so unsaved includes count). Diagnostics are published per file (problems inside an included
// file go to that file). Features: diagnostics, document symbols, folding, hover, go to
// definition, references, rename, completion, formatting, semantic tokens, and compile on save
// (settings `p4flow.compileOnSave`, `p4flow.outputDir`, `p4flow.emit`, `p4flow.target`, from the
// initialization options or workspace/configuration), through the library's compileToOutputs.
// Malformed requests are answered InvalidParams (params.ts); broken framing is skipped
// (framing.ts).

import {
  CompletionItemKind,
  createConnection,
  ProposedFeatures,
  StreamMessageWriter,
  DiagnosticSeverity,
  ErrorCodes,
  ResponseError,
  DocumentSymbol,
  SymbolKind,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type FoldingRange,
  type Range,
} from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { FileHost } from "../frontend/host.js";
import type { SourceRange } from "../frontend/source.js";
import { formatP4 } from "../frontend/format.js";
import { BUILTIN_PREFIX } from "../frontend/preprocess.js";
import { nodeHost } from "../node-host.js";
import { Analyses, type Analysis, type AnalysedDocument } from "./analysis.js";
import { Documents } from "./documents.js";
import { Navigator, symbolsOf, wordAt, type SymbolInfo } from "./navigate.js";
import { completions, KEYWORDS, references, semanticTokens, TOKEN_TYPES } from "./editing.js";
import {
  BadParams,
  documentPosition,
  documentUri,
  formattingParams,
  invalidParams,
  renameParams,
} from "./params.js";
import { RecoveringMessageReader } from "./framing.js";
import { toPath, toUri } from "./uri.js";
import { compileOnSave, type SaveSettings } from "./save.js";

export { toPath, toUri } from "./uri.js";

/** Quiet time after an edit before the document is analysed (a burst of keys is one analysis). */
const DEBOUNCE_MS = 5;

export function toRange(r: SourceRange): Range {
  return {
    start: { line: Math.max(0, r.start.line - 1), character: Math.max(0, r.start.column - 1) },
    end: { line: Math.max(0, r.end.line - 1), character: Math.max(0, r.end.column - 1) },
  };
}

const SYMBOL_KINDS: Record<SymbolInfo["kind"], SymbolKind> = {
  header: SymbolKind.Struct,
  struct: SymbolKind.Struct,
  union: SymbolKind.Struct,
  parser: SymbolKind.Class,
  control: SymbolKind.Class,
  state: SymbolKind.Method,
  constant: SymbolKind.Constant,
  enum: SymbolKind.Enum,
  type: SymbolKind.TypeParameter,
  other: SymbolKind.Variable,
};

/**
 * Runs a request handler on checked parameters (registered with onRequest, not the typed helpers,
 * which read the parameters before any handler can check them): a BadParams becomes InvalidParams (-32602), and
 * a cancelled request is answered with `empty`.
 */
function request<P, R>(
  check: (params: unknown) => P,
  handle: (p: P, token: { isCancellationRequested: boolean }) => R | Promise<R>,
): (params: unknown, token: { isCancellationRequested: boolean }) => Promise<R> {
  return async (params, token) => {
    let p: P;
    try {
      p = check(params);
    } catch (e) {
      if (e instanceof BadParams) throw invalidParams(e);
      throw e;
    }
    return handle(p, token);
  };
}

/**
 * Serves the connection. Returns the count of pipelines the server started (tests check that a
 * request on an unchanged document runs none).
 */
export function startServer(connection: Connection): { readonly runs: Analyses["runs"] } {
  const documents = new Documents();
  const timers = new Map<string, NodeJS.Timeout>();
  /** For each analysed document, the files it published diagnostics to (to clear them later). */
  const published = new Map<string, Set<string>>();
  let settings: SaveSettings = { compileOnSave: false };
  let canAskConfiguration = false;

  // Open buffers shadow the disk, so unsaved includes are seen.
  const disk = nodeHost();
  const host: FileHost = {
    readFile: (path) => documents.get(toUri(path))?.getText() ?? disk.readFile(path),
    resolve: disk.resolve,
    dirname: disk.dirname,
  };

  const view = (doc: TextDocument): AnalysedDocument => ({
    uri: doc.uri,
    version: doc.version,
    path: toPath(doc.uri),
    getText: () => doc.getText(),
  });
  const analyses = new Analyses(
    (d) => ({ file: d.path, text: d.getText(), host }),
    (uri) => documents.get(uri)?.version,
  );

  const readSettings = (raw: unknown) => {
    const p = (
      raw && typeof raw === "object" && "p4flow" in raw ? (raw as { p4flow: unknown }).p4flow : raw
    ) as Partial<SaveSettings> | undefined;
    if (!p || typeof p !== "object") return;
    settings = {
      compileOnSave: p.compileOnSave === true,
      ...(typeof p.outputDir === "string" ? { outputDir: p.outputDir } : {}),
      ...(typeof p.emit === "string" ? { emit: p.emit } : {}),
      ...(typeof p.target === "string" ? { target: p.target } : {}),
    };
  };

  connection.onInitialize((params) => {
    const p = (params ?? {}) as Partial<typeof params>;
    readSettings(p.initializationOptions);
    canAskConfiguration = p.capabilities?.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentFormattingProvider: true,
        completionProvider: { triggerCharacters: ["."] },
        semanticTokensProvider: {
          legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [] },
          full: true,
        },
      },
      serverInfo: { name: "p4flow" },
    };
  });

  connection.onInitialized(() => void refreshSettings());
  connection.onDidChangeConfiguration((change) => {
    readSettings(change?.settings);
    void refreshSettings();
  });

  async function refreshSettings(): Promise<void> {
    if (!canAskConfiguration) return;
    try {
      readSettings({ p4flow: await connection.workspace.getConfiguration("p4flow") });
    } catch {
      // A client that announced configuration but cannot answer: keep what we have.
    }
  }

  function publish(uri: string, a: Analysis): void {
    const path = toPath(uri);
    const byFile = new Map<string, LspDiagnostic[]>([[path, []]]);
    for (const d of a.result.diagnostics) {
      const file = d.range?.file ?? path;
      if (!byFile.has(file)) byFile.set(file, []);
      byFile.get(file)!.push(toLsp(d));
    }
    const before = published.get(uri) ?? new Set<string>();
    for (const file of before) if (!byFile.has(file)) byFile.set(file, []);
    for (const [file, diagnostics] of byFile)
      void connection.sendDiagnostics({ uri: toUri(file), diagnostics });
    published.set(uri, new Set([...byFile].filter(([, d]) => d.length > 0).map(([f]) => f)));
  }

  function schedule(doc: TextDocument): void {
    clearTimeout(timers.get(doc.uri));
    const version = doc.version;
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        const current = documents.get(doc.uri);
        // A newer edit supersedes this one; a closed document is not analysed.
        if (!current || current.version !== version) return;
        analyses.analysed(view(current)).then(
          (a) => {
            if (a && documents.get(doc.uri)?.version === a.version) publish(doc.uri, a);
          },
          (e: unknown) =>
            connection.console.error(
              `p4flow: analysis failed (a p4flow bug): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
            ),
        );
      }, DEBOUNCE_MS),
    );
  }

  /** Documents that include this one are analysed again: its buffer (or, closed, the disk)
   *  holds a new text for them. */
  function readersAgain(uri: string): void {
    for (const reader of analyses.invalidateReaders(toPath(uri), uri)) {
      const doc = documents.get(reader);
      if (doc) schedule(doc);
    }
  }

  documents.listen(connection, {
    opened(doc) {
      schedule(doc);
      readersAgain(doc.uri);
    },
    changed(doc) {
      schedule(doc);
      readersAgain(doc.uri);
    },
    closed(uri) {
      readersAgain(uri);
      clearTimeout(timers.get(uri));
      timers.delete(uri);
      analyses.forget(uri);
      for (const file of published.get(uri) ?? [])
        void connection.sendDiagnostics({ uri: toUri(file), diagnostics: [] });
      published.delete(uri);
    },
    saved(doc) {
      if (!settings.compileOnSave) return;
      const message = compileOnSave(toPath(doc.uri), settings, disk);
      connection.console.log(message);
    },
  });

  /** The whole analysis of the document's current text (undefined: closed, changed, cancelled). */
  const analysed = async (uri: string, token: { isCancellationRequested: boolean }) => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const a = await analyses.analysed(view(doc));
    return token.isCancellationRequested ? undefined : a;
  };
  /** The parse of the document's current text. */
  const parsed = (uri: string) => {
    const doc = documents.get(uri);
    return doc ? { doc, result: analyses.parsed(view(doc)) } : undefined;
  };

  connection.onRequest(
    "textDocument/documentSymbol",
    request(documentUri, (uri) => {
      const program = parsed(uri)?.result.program;
      if (!program) return [];
      const convert = (s: SymbolInfo): DocumentSymbol =>
        DocumentSymbol.create(
          s.name,
          undefined,
          SYMBOL_KINDS[s.kind],
          toRange(s.range),
          toRange(s.selection),
          s.children.map(convert),
        );
      return symbolsOf(program, toPath(uri)).map(convert);
    }),
  );

  connection.onRequest(
    "textDocument/foldingRange",
    request(documentUri, (uri) => {
      const program = parsed(uri)?.result.program;
      if (!program) return [];
      const out: FoldingRange[] = [];
      const add = (s: SymbolInfo) => {
        if (s.range.end.line > s.range.start.line)
          out.push({ startLine: s.range.start.line - 1, endLine: s.range.end.line - 1 });
        s.children.forEach(add);
      };
      symbolsOf(program, toPath(uri)).forEach(add);
      return out;
    }),
  );

  const targetAt = async (
    uri: string,
    line: number,
    character: number,
    token: { isCancellationRequested: boolean },
  ) => {
    const a = await analysed(uri, token);
    const doc = documents.get(uri);
    if (!a?.navigator || !doc || doc.version !== a.version) return undefined;
    const at = wordAt(doc.getText(), line + 1, character + 1);
    return at ? a.navigator.resolve(toPath(uri), line + 1, character + 1, at) : undefined;
  };

  connection.onRequest(
    "textDocument/hover",
    request(documentPosition, async (p, token) => {
      const t = await targetAt(p.uri, p.position.line, p.position.character, token);
      return t ? { contents: { kind: "markdown", value: "```p4\n" + t.describe + "\n```" } } : null;
    }),
  );

  connection.onRequest(
    "textDocument/definition",
    request(documentPosition, async (p, token) => {
      const t = await targetAt(p.uri, p.position.line, p.position.character, token);
      return t ? { uri: toUri(t.range.file), range: toRange(t.range) } : null;
    }),
  );

  connection.onRequest(
    "textDocument/completion",
    request(documentPosition, async (p, token) => {
      const a = await analysed(p.uri, token);
      const doc = documents.get(p.uri);
      if (!doc || !a || doc.version !== a.version) return [];
      const kinds = {
        keyword: CompletionItemKind.Keyword,
        type: CompletionItemKind.Struct,
        field: CompletionItemKind.Field,
        state: CompletionItemKind.Function,
        variable: CompletionItemKind.Variable,
      };
      return completions(
        a.result.program,
        a.navigator,
        toPath(doc.uri),
        doc.getText(),
        p.position.line + 1,
        p.position.character + 1,
      ).map((c) => ({
        label: c.label,
        kind: kinds[c.kind],
        ...(c.detail ? { detail: c.detail } : {}),
      }));
    }),
  );

  /** The texts of the files the document's program reads: open buffers first, else the disk. */
  const programFiles = (a: Analysis): Map<string, string> =>
    new Map(
      a.result.files.flatMap((f) => {
        const text = host.readFile(f);
        return text === undefined || f.startsWith(BUILTIN_PREFIX) ? [] : [[f, text] as const];
      }),
    );

  const referencesAt = async (
    uri: string,
    line: number,
    character: number,
    token: { isCancellationRequested: boolean },
  ) => {
    const a = await analysed(uri, token);
    if (!a?.navigator || documents.get(uri)?.version !== a.version) return undefined;
    return references(a.navigator, programFiles(a), toPath(uri), line + 1, character + 1);
  };

  connection.onRequest(
    "textDocument/references",
    request(documentPosition, async (p, token) =>
      ((await referencesAt(p.uri, p.position.line, p.position.character, token)) ?? []).map(
        (r) => ({ uri: toUri(r.file), range: toRange(r) }),
      ),
    ),
  );

  connection.onRequest(
    "textDocument/prepareRename",
    request(documentPosition, async (p, token) => {
      const refs = await referencesAt(p.uri, p.position.line, p.position.character, token);
      const here = refs?.find(
        (r) =>
          r.file === toPath(p.uri) &&
          r.start.line === p.position.line + 1 &&
          r.start.column <= p.position.character + 1 &&
          r.end.column >= p.position.character + 1,
      );
      return here ? toRange(here) : null;
    }),
  );

  connection.onRequest(
    "textDocument/rename",
    request(renameParams, async (p, token) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.newName) || KEYWORDS.includes(p.newName))
        throw new ResponseError(ErrorCodes.InvalidParams, `'${p.newName}' is not a valid P4 name`);
      const refs = await referencesAt(p.uri, p.position.line, p.position.character, token);
      if (!refs || refs.length === 0) return null;
      const changes: Record<string, { range: Range; newText: string }[]> = {};
      for (const r of refs)
        (changes[toUri(r.file)] ??= []).push({ range: toRange(r), newText: p.newName });
      return { changes };
    }),
  );

  connection.onRequest(
    "textDocument/formatting",
    request(formattingParams, (p) => {
      const got = parsed(p.uri);
      if (!got || got.result.files.length === 0) return [];
      const { doc, result } = got;
      if (result.diagnostics.some((d) => d.code === "P4F4090")) return [];
      // With syntax errors the tree is partial: then only the indentation pass runs.
      const clean = result.diagnostics.every((d) => d.severity !== "error");
      const text = doc.getText();
      const formatted = formatP4(
        text,
        toPath(doc.uri),
        clean ? result.program : undefined,
        p.options,
      );
      if (formatted === undefined) return [];
      return [
        {
          range: { start: doc.positionAt(0), end: doc.positionAt(text.length) },
          newText: formatted,
        },
      ];
    }),
  );

  connection.onRequest(
    "textDocument/semanticTokens/full",
    request(documentUri, (uri) => {
      const got = parsed(uri);
      if (!got?.result.program) return { data: [] };
      return { data: semanticTokens(got.doc.getText(), got.result.program, toPath(uri)) };
    }),
  );

  connection.listen();
  return { runs: analyses.runs };
}

function toLsp(d: Diagnostic): LspDiagnostic {
  const range = d.range
    ? toRange(d.range)
    : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    range,
    severity:
      d.severity === "error"
        ? DiagnosticSeverity.Error
        : d.severity === "warning"
          ? DiagnosticSeverity.Warning
          : DiagnosticSeverity.Information,
    code: d.code,
    source: "p4flow",
    message: `${d.message} [${d.name}]`,
    relatedInformation: d.related.map((r) => ({
      location: { uri: toUri(r.range.file), range: toRange(r.range) },
      message: r.message,
    })),
  };
}

/**
 * Runs the server on stdin/stdout until the client says exit; resolves with the exit code.
 * Framing errors on stdin are skipped with a line on stderr (framing.ts); the server exits when
 * stdin closes.
 */
export async function runLanguageServer(): Promise<number> {
  const connection = createConnection(
    ProposedFeatures.all,
    new RecoveringMessageReader(process.stdin),
    new StreamMessageWriter(process.stdout),
  );
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  // Exit 0 after shutdown and exit; 1 when the client exits or closes stdin without shutdown.
  const exited = new Promise<number>((resolve) => {
    connection.onExit(() => resolve(shutdown ? 0 : 1));
    process.stdin.once("end", () => resolve(shutdown ? 0 : 1));
  });
  startServer(connection);
  return exited;
}
