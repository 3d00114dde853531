// The language server (`p4flow lsp --stdio`), on vscode-languageserver. Every open document is
// analysed through the same compile() pipeline as the CLI, with open buffers shadowing files on
// disk (so unsaved includes count). Analysis is debounced and dropped when a newer edit arrives;
// diagnostics are published per file (problems inside an included file go to that file).
// Features: diagnostics, document symbols, hover, go to definition, references, rename,
// completion, semantic tokens, and compile on save (settings `p4flow.compileOnSave` and `p4flow.outputDir`, from the
// initialization options or workspace/configuration).

import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CompletionItemKind,
  DiagnosticSeverity,
  ErrorCodes,
  ResponseError,
  DocumentSymbol,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type Range,
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { compile, type CompileResult } from "../compile.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { FileHost } from "../frontend/host.js";
import type { SourceRange } from "../frontend/source.js";
import { nodeHost } from "../node-host.js";
import { Navigator, symbolsOf, wordAt, type SymbolInfo } from "./navigate.js";
import { completions, KEYWORDS, references, semanticTokens, TOKEN_TYPES } from "./editing.js";
import { main } from "../cli/main.js";
import { formatText } from "./format.js";

/** Quiet time after an edit before the document is analysed. */
const DEBOUNCE_MS = 15;

interface Settings {
  compileOnSave: boolean;
  outputDir?: string;
  emit?: string;
  target?: string;
}

interface Analysis {
  readonly version: number;
  readonly result: CompileResult;
  readonly navigator?: Navigator;
}

export const toUri = (path: string) => pathToFileURL(path).href;
export const toPath = (uri: string) => (uri.startsWith("file:") ? fileURLToPath(uri) : uri);

export function toRange(r: SourceRange): Range {
  return {
    start: { line: r.start.line - 1, character: r.start.column - 1 },
    end: { line: r.end.line - 1, character: Math.max(0, r.end.column - 1) },
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

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** For each analysed document, the files it published diagnostics to (to clear them later). */
  const published = new Map<string, Set<string>>();
  let settings: Settings = { compileOnSave: false };
  let canAskConfiguration = false;

  // Open buffers shadow the disk, so unsaved includes are seen.
  const disk = nodeHost();
  const host: FileHost = {
    readFile: (path) => documents.get(toUri(path))?.getText() ?? disk.readFile(path),
    resolve: disk.resolve,
    dirname: disk.dirname,
  };

  const readSettings = (raw: unknown) => {
    const p = (
      raw && typeof raw === "object" && "p4flow" in raw ? (raw as { p4flow: unknown }).p4flow : raw
    ) as Partial<Settings> | undefined;
    if (!p || typeof p !== "object") return;
    settings = {
      compileOnSave: p.compileOnSave === true,
      ...(typeof p.outputDir === "string" ? { outputDir: p.outputDir } : {}),
      ...(typeof p.emit === "string" ? { emit: p.emit } : {}),
      ...(typeof p.target === "string" ? { target: p.target } : {}),
    };
  };

  connection.onInitialize((params) => {
    readSettings(params.initializationOptions);
    canAskConfiguration = params.capabilities.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: true },
        documentSymbolProvider: true,
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
    readSettings(change.settings);
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

  function analyse(doc: TextDocument): Analysis {
    const path = toPath(doc.uri);
    const result = compile({ file: path, text: doc.getText(), host, stopAfter: "ir" });
    const x = result.typed?.extractor;
    const roots = new Set(
      [x?.headersParam?.name.name, x?.metaParam?.name.name].filter((n): n is string => !!n),
    );
    const navigator = result.program
      ? new Navigator(result.program, result.layout, roots)
      : undefined;
    const a: Analysis = navigator
      ? { version: doc.version, result, navigator }
      : { version: doc.version, result };
    analyses.set(doc.uri, a);
    return a;
  }

  function publish(doc: TextDocument, a: Analysis): void {
    const path = toPath(doc.uri);
    const byFile = new Map<string, LspDiagnostic[]>([[path, []]]);
    for (const d of a.result.diagnostics) {
      const file = d.range?.file ?? path;
      if (!byFile.has(file)) byFile.set(file, []);
      byFile.get(file)!.push(toLsp(d));
    }
    const before = published.get(doc.uri) ?? new Set<string>();
    for (const file of before) if (!byFile.has(file)) byFile.set(file, []);
    for (const [file, diagnostics] of byFile)
      void connection.sendDiagnostics({ uri: toUri(file), diagnostics });
    published.set(doc.uri, new Set([...byFile].filter(([, d]) => d.length > 0).map(([f]) => f)));
  }

  function schedule(doc: TextDocument): void {
    clearTimeout(timers.get(doc.uri));
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        const current = documents.get(doc.uri);
        // A newer edit supersedes this one; a closed document is not analysed.
        if (!current || current.version !== doc.version) return;
        try {
          publish(current, analyse(current));
        } catch (e) {
          connection.console.error(`p4flow: analysis failed: ${(e as Error).stack ?? e}`);
        }
      }, DEBOUNCE_MS),
    );
  }

  const fresh = (uri: string): Analysis | undefined => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const a = analyses.get(uri);
    return a && a.version === doc.version ? a : analyse(doc);
  };

  documents.onDidOpen((e) => schedule(e.document));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    analyses.delete(e.document.uri);
    for (const file of published.get(e.document.uri) ?? [])
      void connection.sendDiagnostics({ uri: toUri(file), diagnostics: [] });
    published.delete(e.document.uri);
  });
  documents.onDidSave(async (e) => {
    if (!settings.compileOnSave) return;
    const path = toPath(e.document.uri);
    const out: string[] = [];
    const io = {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void out.push(t),
      colorStderr: false,
      host: disk,
      cwd: disk.dirname(path),
    };
    const args = [path, "-o", settings.outputDir ?? disk.dirname(path)];
    if (settings.emit) args.push("--emit", settings.emit);
    if (settings.target) args.push("--target", settings.target);
    const code = await main(args, io);
    const message =
      code === 0 ? `p4flow: compiled ${path}` : `p4flow: compiling ${path} failed (exit ${code})`;
    connection.console.log(out.length > 0 ? `${message}\n${out.join("")}` : message);
  });

  connection.onDocumentSymbol((p) => {
    const a = fresh(p.textDocument.uri);
    if (!a?.result.program) return [];
    const convert = (s: SymbolInfo): DocumentSymbol =>
      DocumentSymbol.create(
        s.name,
        undefined,
        SYMBOL_KINDS[s.kind],
        toRange(s.range),
        toRange(s.selection),
        s.children.map(convert),
      );
    return symbolsOf(a.result.program, toPath(p.textDocument.uri)).map(convert);
  });

  const targetAt = (uri: string, line: number, character: number) => {
    const a = fresh(uri);
    const doc = documents.get(uri);
    if (!a?.navigator || !doc) return undefined;
    const at = wordAt(doc.getText(), line + 1, character + 1);
    return at ? a.navigator.resolve(toPath(uri), line + 1, character + 1, at) : undefined;
  };

  connection.onHover((p) => {
    const t = targetAt(p.textDocument.uri, p.position.line, p.position.character);
    return t ? { contents: { kind: "markdown", value: "```p4\n" + t.describe + "\n```" } } : null;
  });

  connection.onDefinition((p) => {
    const t = targetAt(p.textDocument.uri, p.position.line, p.position.character);
    return t ? { uri: toUri(t.range.file), range: toRange(t.range) } : null;
  });

  connection.onCompletion((p) => {
    const doc = documents.get(p.textDocument.uri);
    const a = fresh(p.textDocument.uri);
    if (!doc || !a) return [];
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
  });

  /** The texts of the files the document's program reads: open buffers first, else the disk. */
  const programFiles = (a: Analysis): Map<string, string> =>
    new Map(
      a.result.files.flatMap((f) => {
        const text = host.readFile(f);
        return text === undefined || f.startsWith("<builtin>") ? [] : [[f, text] as const];
      }),
    );

  const referencesAt = (uri: string, line: number, character: number) => {
    const a = fresh(uri);
    if (!a?.navigator) return undefined;
    return references(a.navigator, programFiles(a), toPath(uri), line + 1, character + 1);
  };

  connection.onReferences((p) =>
    (referencesAt(p.textDocument.uri, p.position.line, p.position.character) ?? []).map((r) => ({
      uri: toUri(r.file),
      range: toRange(r),
    })),
  );

  connection.onPrepareRename((p) => {
    const refs = referencesAt(p.textDocument.uri, p.position.line, p.position.character);
    const here = refs?.find(
      (r) =>
        r.file === toPath(p.textDocument.uri) &&
        r.start.line === p.position.line + 1 &&
        r.start.column <= p.position.character + 1 &&
        r.end.column >= p.position.character + 1,
    );
    return here ? toRange(here) : null;
  });

  connection.onRenameRequest((p) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.newName) || KEYWORDS.includes(p.newName))
      throw new ResponseError(ErrorCodes.InvalidParams, `'${p.newName}' is not a valid P4 name`);
    const refs = referencesAt(p.textDocument.uri, p.position.line, p.position.character);
    if (!refs || refs.length === 0) return null;
    const changes: Record<string, { range: Range; newText: string }[]> = {};
    for (const r of refs)
      (changes[toUri(r.file)] ??= []).push({ range: toRange(r), newText: p.newName });
    return { changes };
  });

  connection.onDocumentFormatting((p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    const a = fresh(p.textDocument.uri);
    // With syntax errors the tree is partial: then only the indentation pass runs.
    const parsed = a?.result.diagnostics.every((d) => d.severity !== "error" || d.code >= "P4F2");
    const text = doc.getText();
    const formatted = formatText(
      text,
      toPath(doc.uri),
      parsed ? a?.result.program : undefined,
      p.options,
    );
    if (formatted === undefined) return [];
    return [
      { range: { start: doc.positionAt(0), end: doc.positionAt(text.length) }, newText: formatted },
    ];
  });

  connection.languages.semanticTokens.on((p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return { data: [] };
    const a = fresh(p.textDocument.uri);
    return { data: semanticTokens(doc.getText(), a?.result.program, toPath(doc.uri)) };
  });

  documents.listen(connection);
  connection.listen();
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

/** Runs the server on stdin/stdout until the client says exit; resolves with the exit code. */
export async function runLanguageServer(): Promise<number> {
  const { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } =
    await import("vscode-languageserver/node.js");
  const connection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(process.stdin),
    new StreamMessageWriter(process.stdout),
  );
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  const exited = new Promise<number>((resolve) =>
    connection.onExit(() => resolve(shutdown ? 0 : 1)),
  );
  startServer(connection);
  return exited;
}
