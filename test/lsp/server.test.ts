// The language server driven as an editor drives it: spawned as `p4flow lsp --stdio`, spoken to
// in JSON-RPC (vscode-jsonrpc), documents opened, edited and saved, and the published diagnostics
// and the answers checked. Positions come from markers ($1, $2, ...) in the sources.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-jsonrpc/node.js";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "p4flow-lsp-"));
const out = join(work, "out");

interface Position {
  line: number;
  character: number;
}
interface LspDiagnostic {
  range: { start: Position; end: Position };
  message: string;
  code: string;
  severity: number;
}

/** Strips $N markers from a text, returning it and each marker's position. */
function marked(text: string): { text: string; at: Record<string, Position> } {
  const at: Record<string, Position> = {};
  const lines = text.split("\n").map((l, line) =>
    l.replace(/\$(\d+)/g, (_m, n: string, offset: number) => {
      const before = l.slice(0, offset).replace(/\$\d+/g, "");
      at[n] = { line, character: before.length };
      return "";
    }),
  );
  return { text: lines.join("\n"), at };
}

const headers = `header eth_t { bit<48> dst; bit<48> src; bit<16> type; }
header ipv4_t { bit<8> vihl; bit<8> tos; bit<16> len; bit<32> skip; bit<8> ttl; bit<8> proto; }
`;

const main = marked(`#include <core.p4>
#include <p4flow.p4>
#include "headers.p4"
struct hs { eth_t eth; ipv4_t ipv4; }
struct m_t { bit<8> ttl; }
parser P(packet_in pkt, out hs hdr, inout m_t meta) {
  state start {
    pkt.extract(hdr.eth);
    transition select(hdr.eth.type) { 0x0800: $1parse_ipv4; default: $5accept; }
  }
  state $2parse_ipv4 {
    pkt.extract(hdr.ipv4);
    meta.ttl = hdr.$4ipv4.t$3tl;
    transition accept;
  }
}
FlowExtract(P()) main;
`);

let child: ChildProcess;
/** The semantic token types the server announced. */
let tokenLegend: string[] = [];
let conn: MessageConnection;
const diagnostics = new Map<string, LspDiagnostic[]>();
const waiters: { uri: string; test: (d: LspDiagnostic[]) => boolean; resolve: () => void }[] = [];

function nextDiagnostics(
  uri: string,
  test: (d: LspDiagnostic[]) => boolean,
): Promise<LspDiagnostic[]> {
  const now = diagnostics.get(uri);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}`)), 10_000);
    const w = {
      uri,
      test,
      resolve: () => {
        clearTimeout(timer);
        resolve(diagnostics.get(uri)!);
      },
    };
    if (now && test(now)) w.resolve();
    else waiters.push(w);
  });
}

const mainPath = join(work, "main.p4");
const mainUri = pathToFileURL(mainPath).href;
const headersPath = join(work, "headers.p4");

beforeAll(async () => {
  writeFileSync(headersPath, headers);
  writeFileSync(mainPath, main.text);
  child = spawn(process.execPath, [join(root, "bin", "p4flow.js"), "lsp", "--stdio"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  conn = createMessageConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  conn.onNotification(
    "textDocument/publishDiagnostics",
    (p: { uri: string; diagnostics: LspDiagnostic[] }) => {
      diagnostics.set(p.uri, p.diagnostics);
      for (const w of [...waiters])
        if (w.uri === p.uri && w.test(p.diagnostics)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
    },
  );
  conn.onRequest("workspace/configuration", () => [
    { compileOnSave: true, outputDir: out, emit: "c,h" },
  ]);
  conn.listen();
  const init = (await conn.sendRequest("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(work).href,
    capabilities: { workspace: { configuration: true } },
    initializationOptions: { p4flow: { compileOnSave: true, outputDir: out, emit: "c,h" } },
  })) as {
    capabilities: Record<string, unknown> & {
      semanticTokensProvider: { legend: { tokenTypes: string[] } };
    };
  };
  tokenLegend = init.capabilities.semanticTokensProvider.legend.tokenTypes;
  expect(init.capabilities).toMatchObject({
    hoverProvider: true,
    definitionProvider: true,
    documentSymbolProvider: true,
  });
  await conn.sendNotification("initialized", {});
});

afterAll(async () => {
  if (conn) {
    await conn.sendRequest("shutdown").catch(() => undefined);
    await conn.sendNotification("exit").catch(() => undefined);
  }
  const code = await new Promise<number | null>((resolve) => {
    if (!child || child.exitCode !== null) return resolve(child?.exitCode ?? null);
    const t = setTimeout(() => (child.kill(), resolve(null)), 3000);
    child.on("exit", (c) => (clearTimeout(t), resolve(c)));
  });
  rmSync(work, { recursive: true, force: true });
  expect(code).toBe(0);
});

describe("p4flow lsp", () => {
  it("publishes diagnostics on open and clears them when an edit fixes the program", async () => {
    const broken = main.text.replace("bit<8> ttl; }", "bit<8> ttl }");
    await conn.sendNotification("textDocument/didOpen", {
      textDocument: { uri: mainUri, languageId: "p4", version: 1, text: broken },
    });
    const d = await nextDiagnostics(mainUri, (x) => x.length > 0);
    expect(d[0]).toMatchObject({ code: "P4F1002", severity: 1, range: { start: { line: 4 } } });
    expect(d[0]!.message).toContain("Expected ';'");
    await conn.sendNotification("textDocument/didChange", {
      textDocument: { uri: mainUri, version: 2 },
      contentChanges: [{ text: main.text }],
    });
    expect(await nextDiagnostics(mainUri, (x) => x.length === 0)).toEqual([]);
  });

  it("lists headers, structs and parsers with their states", async () => {
    const symbols = (await conn.sendRequest("textDocument/documentSymbol", {
      textDocument: { uri: mainUri },
    })) as { name: string; children?: { name: string }[] }[];
    expect(symbols.map((s) => s.name)).toEqual(["hs", "m_t", "P", "main"]);
    expect(symbols.find((s) => s.name === "P")!.children!.map((c) => c.name)).toEqual([
      "start",
      "parse_ipv4",
    ]);
  });

  it("hovers a key field with its type and place in the flow key", async () => {
    const h = (await conn.sendRequest("textDocument/hover", {
      textDocument: { uri: mainUri },
      position: main.at["3"],
    })) as { contents: { value: string } };
    expect(h.contents.value).toMatch(
      /bit<8> hdr\.ipv4\.ttl — flow key offset \d+, 1 byte \(uint, network order\)/,
    );
  });

  it("goes to a state's declaration and to a field declared in an included file", async () => {
    const state = (await conn.sendRequest("textDocument/definition", {
      textDocument: { uri: mainUri },
      position: main.at["1"],
    })) as { uri: string; range: { start: Position } };
    expect(state).toMatchObject({ uri: mainUri, range: { start: main.at["2"] } });
    const field = (await conn.sendRequest("textDocument/definition", {
      textDocument: { uri: mainUri },
      position: main.at["3"],
    })) as { uri: string; range: { start: Position } };
    expect(field.uri).toBe(pathToFileURL(headersPath).href);
    expect(field.range.start.line).toBe(1);
  });

  it("completes fields after '.', and states in a select case", async () => {
    const fields = (await conn.sendRequest("textDocument/completion", {
      textDocument: { uri: mainUri },
      position: main.at["4"],
    })) as { label: string }[];
    expect(fields.map((c) => c.label)).toEqual(["eth", "ipv4"]);
    const states = (await conn.sendRequest("textDocument/completion", {
      textDocument: { uri: mainUri },
      position: main.at["5"],
    })) as { label: string }[];
    expect(states.map((c) => c.label)).toEqual(["start", "parse_ipv4", "accept", "reject"]);
  });

  it("finds references of a state, and renames a field across the include", async () => {
    const refs = (await conn.sendRequest("textDocument/references", {
      textDocument: { uri: mainUri },
      position: main.at["1"],
      context: { includeDeclaration: true },
    })) as { uri: string; range: { start: Position } }[];
    expect(refs.map((r) => r.range.start).sort((a, b) => a.line - b.line)).toEqual([
      main.at["1"],
      main.at["2"],
    ]);
    const edit = (await conn.sendRequest("textDocument/rename", {
      textDocument: { uri: mainUri },
      position: main.at["3"],
      newName: "hopLimit",
    })) as { changes: Record<string, { range: { start: Position } }[]> };
    const headersUri = pathToFileURL(headersPath).href;
    expect(Object.keys(edit.changes).sort()).toEqual([headersUri, mainUri].sort());
    expect(edit.changes[headersUri]!.map((e) => e.range.start.line)).toEqual([1]);
    // meta.ttl is another field: only hdr.ipv4.ttl is renamed in main.p4.
    expect(edit.changes[mainUri]!.map((e) => e.range.start)).toEqual([
      { line: main.at["3"]!.line, character: main.at["3"]!.character - 1 },
    ]);
    await expect(
      conn.sendRequest("textDocument/rename", {
        textDocument: { uri: mainUri },
        position: main.at["3"],
        newName: "state",
      }),
    ).rejects.toThrow("'state' is not a valid P4 name");
  });

  it("gives semantic tokens for keywords, types, states and fields", async () => {
    const legend = tokenLegend;
    const { data } = (await conn.sendRequest("textDocument/semanticTokens/full", {
      textDocument: { uri: mainUri },
    })) as { data: number[] };
    const kinds = new Set<string>();
    for (let i = 0; i < data.length; i += 5) kinds.add(legend[data[i + 3]!]!);
    expect([...kinds].sort()).toEqual(
      ["function", "keyword", "number", "parameter", "property", "string", "type"].sort(),
    );
  });

  it("compiles on save into the configured folder", async () => {
    await conn.sendNotification("textDocument/didSave", { textDocument: { uri: mainUri } });
    const deadline = Date.now() + 10_000;
    while (!(existsSync(out) && readdirSync(out).length === 2) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(out).sort()).toEqual(["main.bpf.c", "main.h"]);
  });

  it("formats a document: indentation fixed, comments kept, one edit for the whole text", async () => {
    const uri = pathToFileURL(join(work, "messy.p4")).href;
    const messy =
      "#include <core.p4>\nheader h_t {\n bit<8> x;\n      bit<8> y; }\nparser P(packet_in p, out h_t h) {\nstate start {\n// keep me\np.extract(h);\ntransition accept;\n}\n}\n";
    await conn.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "p4", version: 1, text: messy },
    });
    const edits = (await conn.sendRequest("textDocument/formatting", {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    })) as { range: { start: Position }; newText: string }[];
    expect(edits).toHaveLength(1);
    expect(edits[0]!.range.start).toEqual({ line: 0, character: 0 });
    expect(edits[0]!.newText).toBe(
      "#include <core.p4>\nheader h_t {\n  bit<8> x;\n  bit<8> y;\n}\nparser P(packet_in p, out h_t h) {\n  state start {\n    // keep me\n    p.extract(h);\n    transition accept;\n  }\n}\n",
    );
    // Already formatted: no edits.
    await conn.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: edits[0]!.newText }],
    });
    expect(
      await conn.sendRequest("textDocument/formatting", {
        textDocument: { uri },
        options: { tabSize: 2, insertSpaces: true },
      }),
    ).toEqual([]);
    await conn.sendNotification("textDocument/didClose", { textDocument: { uri } });
  });

  it("survives random edits and requests, and still answers", async () => {
    const edits = fc.sample(
      fc.record({
        at: fc.nat(main.text.length),
        cut: fc.nat(12),
        insert: fc.oneof(
          fc.string({ maxLength: 8 }),
          fc.constantFrom(
            "{",
            "}",
            "(",
            "state",
            "transition",
            ".",
            "<",
            "bit<",
            '#include "',
            "\u0000",
          ),
        ),
        ask: fc.constantFrom(
          "hover",
          "definition",
          "documentSymbol",
          "completion",
          "references",
          "semanticTokens/full",
          "formatting",
        ),
        line: fc.nat(20),
        character: fc.nat(60),
      }),
      { numRuns: 150, seed: 3 },
    );
    let text = main.text;
    let version = 3;
    for (const e of edits) {
      text = text.slice(0, e.at) + e.insert + text.slice(Math.min(text.length, e.at + e.cut));
      await conn.sendNotification("textDocument/didChange", {
        textDocument: { uri: mainUri, version: version++ },
        contentChanges: [{ text }],
      });
      const params =
        e.ask === "documentSymbol" || e.ask === "semanticTokens/full"
          ? { textDocument: { uri: mainUri } }
          : e.ask === "formatting"
            ? { textDocument: { uri: mainUri }, options: { tabSize: 4, insertSpaces: true } }
            : {
                textDocument: { uri: mainUri },
                position: { line: e.line, character: e.character },
                context: { includeDeclaration: true },
              };
      await conn.sendRequest(`textDocument/${e.ask}`, params);
    }
    await conn.sendNotification("textDocument/didChange", {
      textDocument: { uri: mainUri, version: version++ },
      contentChanges: [{ text: main.text }],
    });
    expect(await nextDiagnostics(mainUri, (x) => x.length === 0)).toEqual([]);
    expect(child.exitCode).toBeNull();
  });
});
