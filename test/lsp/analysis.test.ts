// The language server's analyses, served in this process over in-memory streams so that the
// count of pipelines it starts can be read: a request on an unchanged document runs none, an
// edit is never answered from the older text, and an edit to an open include analyses the
// documents that include it again (their diagnostics and answers follow the include's new text).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-jsonrpc/node.js";
import { createConnection } from "vscode-languageserver/node.js";
import { startServer } from "../../src/lsp/server.js";

interface Diagnostic {
  message: string;
  code: string;
}
interface Location {
  uri: string;
  range: { start: { line: number; character: number } };
}

const work = mkdtempSync(join(tmpdir(), "p4flow-lsp-analysis-"));
const incPath = join(work, "inc.p4");
const mainPath = join(work, "main.p4");
const incUri = pathToFileURL(incPath).href;
const mainUri = pathToFileURL(mainPath).href;

const inc = "header eth_t { bit<48> dst; bit<48> src; bit<16> type; }\n";
const main = `#include <core.p4>
#include <p4flow.p4>
#include "inc.p4"
struct hs { eth_t eth; }
parser P(packet_in pkt, out hs hdr) {
  state start {
    pkt.extract(hdr.eth);
    transition select(hdr.eth.type) { 0x0800: next; default: accept; }
  }
  state next {
    transition accept;
  }
}
FlowExtract(P()) main;
`;
/** Line 8 (0-based 7): `hdr.eth.type`'s field, and the select case's state name. */
const typeAt = { line: 7, character: main.split("\n")[7]!.indexOf("type") + 1 };
const nextAt = { line: 7, character: main.split("\n")[7]!.indexOf("next") + 1 };

let client: MessageConnection;
let runs: { readonly parse: number; readonly analysis: number };
const published = new Map<string, Diagnostic[][]>();
const versions = { main: 1, inc: 1 };

/** The latest diagnostics published for a file, once they pass `test` (polled until then). */
function diagnosticsFor(uri: string, test: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}`)), 15_000);
    const poll = () => {
      const last = published.get(uri)?.at(-1);
      if (last && test(last)) {
        clearTimeout(timer);
        resolve(last);
      } else setTimeout(poll, 5);
    };
    poll();
  });
}

const change = (uri: string, version: number, text: string) =>
  client.sendNotification("textDocument/didChange", {
    textDocument: { uri, version },
    contentChanges: [{ text }],
  });
const at = (method: string, position: { line: number; character: number }) =>
  client.sendRequest(method, { textDocument: { uri: mainUri }, position });

beforeAll(async () => {
  writeFileSync(incPath, inc);
  writeFileSync(mainPath, main);
  const up = new PassThrough();
  const down = new PassThrough();
  runs = startServer(
    createConnection(new StreamMessageReader(up), new StreamMessageWriter(down)),
  ).runs;
  client = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  client.onNotification(
    "textDocument/publishDiagnostics",
    (p: { uri: string; diagnostics: Diagnostic[] }) => {
      published.set(p.uri, [...(published.get(p.uri) ?? []), p.diagnostics]);
    },
  );
  client.listen();
  await client.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {} });
  await client.sendNotification("initialized", {});
  await client.sendNotification("textDocument/didOpen", {
    textDocument: { uri: incUri, languageId: "p4", version: 1, text: inc },
  });
  await client.sendNotification("textDocument/didOpen", {
    textDocument: { uri: mainUri, languageId: "p4", version: 1, text: main },
  });
  await diagnosticsFor(mainUri, (d) => d.length === 0);
});

afterAll(() => {
  client?.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe("language server analyses", () => {
  it("answers requests on an unchanged document without running the pipeline again", async () => {
    const before = { ...runs };
    expect(before.analysis).toBeGreaterThan(0);
    const hover = (await at("textDocument/hover", typeAt)) as { contents: { value: string } };
    // The layout is left out of the per-edit analysis and computed for the first hover.
    expect(hover.contents.value).toMatch(/bit<16> hdr\.eth\.type — flow key offset \d+, 2 bytes/);
    const definition = (await at("textDocument/definition", nextAt)) as Location;
    expect(definition).toMatchObject({ uri: mainUri, range: { start: { line: 9 } } });
    const completion = (await at("textDocument/completion", {
      line: 7,
      character: main.split("\n")[7]!.indexOf("eth.") + 4,
    })) as { label: string }[];
    expect(completion.map((c) => c.label)).toEqual(expect.arrayContaining(["dst", "type"]));
    const references = (await at("textDocument/references", nextAt)) as Location[];
    expect(references).toHaveLength(2);
    const symbols = (await client.sendRequest("textDocument/documentSymbol", {
      textDocument: { uri: mainUri },
    })) as { name: string }[];
    expect(symbols.map((s) => s.name)).toEqual(["hs", "P", "main"]);
    expect(runs).toEqual(before);
  });

  it("never answers an edited document from its older text", async () => {
    // The state moves down two lines; the definition is asked at once, before any debounce.
    const moved = main.replace("  state next {", "\n\n  state next {");
    await change(mainUri, ++versions.main, moved);
    const definition = (await at("textDocument/definition", nextAt)) as Location;
    expect(definition).toMatchObject({ uri: mainUri, range: { start: { line: 11 } } });
    const before = runs.analysis;
    await at("textDocument/hover", nextAt);
    expect(runs.analysis).toBe(before);
    await change(mainUri, ++versions.main, main);
    await diagnosticsFor(mainUri, (d) => d.length === 0);
  });

  it("analyses a document again when an open include it reads is edited", async () => {
    const before = runs.analysis;
    // The include's field is renamed: the main file's use of it is now an error.
    await change(incUri, ++versions.inc, inc.replace("bit<16> type;", "bit<16> kind;"));
    const broken = await diagnosticsFor(mainUri, (d) => d.length > 0);
    expect(broken.map((d) => d.message).join("\n")).toMatch(/type/);
    expect(runs.analysis).toBeGreaterThan(before);
    // Nothing from the include's older text: the field is gone.
    expect(await at("textDocument/hover", typeAt)).toBeNull();
    // Back to the first text (its parse may be reused): the error goes.
    await change(incUri, ++versions.inc, inc);
    await diagnosticsFor(mainUri, (d) => d.length === 0);
    const hover = (await at("textDocument/hover", typeAt)) as { contents: { value: string } };
    expect(hover.contents.value).toContain("hdr.eth.type");
  });
});
