// The language server under malformed input (issue 18), spawned as `p4flow lsp --stdio` and
// spoken to in raw bytes, so broken framing can be sent: after each framing error the server
// answers the next valid request; malformed parameters are answered -32602; odd URIs and
// contentChanges null log one line, never a stack trace; CR-only documents and absurd tab sizes
// format; a 5 MB document is refused analysis with a note and the server keeps answering.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "p4flow-lsp-robust-"));

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** A client over raw bytes: frames what it is told to, reads the server's frames. */
class RawClient {
  readonly messages: Message[] = [];
  stderr = "";
  private pending = Buffer.alloc(0);
  private listeners: (() => void)[] = [];
  private nextId = 1;

  constructor(readonly child: ChildProcess) {
    child.stdout!.on("data", (chunk: Buffer) => {
      this.pending = Buffer.concat([this.pending, chunk]);
      for (;;) {
        const head = this.pending.indexOf("\r\n\r\n");
        if (head < 0) break;
        const length = Number(
          /Content-Length: (\d+)/i.exec(this.pending.toString("latin1", 0, head))![1],
        );
        if (this.pending.length < head + 4 + length) break;
        this.messages.push(JSON.parse(this.pending.toString("utf8", head + 4, head + 4 + length)));
        this.pending = this.pending.subarray(head + 4 + length);
      }
      for (const l of [...this.listeners]) l();
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString();
      for (const l of [...this.listeners]) l();
    });
  }

  raw(bytes: string): void {
    this.child.stdin!.write(bytes);
  }

  /** A well-framed message. */
  send(message: object): void {
    const body = JSON.stringify({ jsonrpc: "2.0", ...message });
    this.raw(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** Sends a request and resolves with the server's answer to it. */
  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    this.send({ id, method, params });
    return this.until((m) => m.id === id && m.method === undefined);
  }

  until(test: (m: Message) => boolean, what = "a matching message"): Promise<Message> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(new Error(`no ${what} within 30 s; stderr: ${this.stderr}`));
      }, 30_000);
      const check = () => {
        const m = this.messages.find(test);
        if (!m) return;
        this.messages.splice(this.messages.indexOf(m), 1);
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve(m);
      };
      this.listeners.push(check);
      check();
    });
  }

  /** Resolves once stderr contains the text. */
  stderrContains(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`stderr lacks '${text}': ${this.stderr}`)),
        30_000,
      );
      const check = () => {
        if (!this.stderr.includes(text)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve();
      };
      this.listeners.push(check);
      check();
    });
  }
}

let child: ChildProcess;
let client: RawClient;

beforeAll(async () => {
  child = spawn(process.execPath, [join(root, "bin", "p4flow.js"), "lsp", "--stdio"], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  client = new RawClient(child);
  const init = await client.request("initialize", { processId: process.pid, capabilities: {} });
  expect(init.result).toMatchObject({ capabilities: { foldingRangeProvider: true } });
  client.notify("initialized", {});
});

afterAll(async () => {
  const code = await new Promise<number | null>((resolve) => {
    if (!child || child.exitCode !== null) return resolve(child?.exitCode ?? null);
    const t = setTimeout(() => (child.kill(), resolve(null)), 5000);
    child.on("exit", (c) => (clearTimeout(t), resolve(c)));
    void client.request("shutdown", null).then(() => client.notify("exit", null));
  });
  rmSync(work, { recursive: true, force: true });
  expect(code).toBe(0);
});

const program = `#include <core.p4>
#include <p4flow.p4>
header h_t { bit<8> a; }
struct hs { h_t h; }
parser P(packet_in p, out hs hdr) {
    state start { p.extract(hdr.h); transition accept; }
}
FlowExtract(P()) main;
`;

let opened = 0;
/** Opens a document (a fresh URI unless given) and returns its URI. */
function open(text: string, uri = pathToFileURL(join(work, `doc${++opened}.p4`)).href): string {
  client.notify("textDocument/didOpen", {
    textDocument: { uri, languageId: "p4", version: 1, text },
  });
  return uri;
}

const diagnosticsFor = (uri: string) =>
  client.until(
    (m) =>
      m.method === "textDocument/publishDiagnostics" && (m.params as { uri: string }).uri === uri,
    `diagnostics for ${uri}`,
  );

/** The server still answers: a request on a known document gets its result. */
async function answers(): Promise<void> {
  const uri = open(program);
  const symbols = await client.request("textDocument/documentSymbol", { textDocument: { uri } });
  expect(symbols.result).toEqual(expect.arrayContaining([expect.objectContaining({ name: "P" })]));
}

describe("p4flow lsp lifetime", () => {
  it("exits 1 when stdin closes without shutdown", async () => {
    const lone = spawn(process.execPath, [join(root, "bin", "p4flow.js"), "lsp", "--stdio"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => lone.on("exit", (c) => resolve(c)));
    lone.stdin.end("Content-Length: 3\r\n\r\n{}}");
    expect(await exited).toBe(1);
  });
});

describe("p4flow lsp framing", () => {
  const body = (id: number) =>
    JSON.stringify({
      jsonrpc: "2.0",
      id,
      method: "textDocument/foldingRange",
      params: { textDocument: { uri: "file:///none.p4" } },
    });
  const cases: [string, string][] = [
    ["no Content-Length", `Content-Type: application/json\r\n\r\n${body(900)}`],
    ["a non-numeric Content-Length", `Content-Length: twelve\r\n\r\n${body(901)}`],
    ["a negative Content-Length", `Content-Length: -5\r\n\r\n${body(902)}`],
    ["a Content-Length shorter than the body", `Content-Length: 10\r\n\r\n${body(903)}`],
    ["garbage between messages", `}}} not a header at all\r\n\r\n`],
  ];
  for (const [what, bytes] of cases)
    it(`skips ${what} with a line on stderr and answers the next request`, async () => {
      const before = client.stderr.length;
      client.raw(bytes);
      await answers();
      expect(client.stderr.slice(before)).toContain("p4flow lsp: dropped");
      expect(client.stderr).not.toMatch(/\n\s+at /);
    });

  // Found by the fuzzer (seed 20261203): vscode-jsonrpc threw on a cancellation without an id,
  // and the uncaught exception ended the server.
  for (const params of [{}, null, { id: null }, { id: [1] }])
    it(`drops $/cancelRequest with params ${JSON.stringify(params)} and answers the next request`, async () => {
      const before = client.stderr.length;
      client.notify("$/cancelRequest", params);
      await answers();
      expect(client.stderr.slice(before)).toContain("p4flow lsp: dropped a message");
      expect(client.stderr).not.toMatch(/\n\s+at /);
    });

  it("accepts headers separated by LF only", async () => {
    const b = body(904);
    client.raw(`Content-Length: ${b.length}\n\n${b}`);
    expect((await client.until((m) => m.id === 904)).result).toEqual([]);
  });

  it("drops a body shorter than its Content-Length once a later header has arrived", async () => {
    const before = client.stderr.length;
    client.raw(`Content-Length: 5000\r\n\r\n{"jsonrpc":"2.0"`);
    await answers();
    expect(client.stderr.slice(before)).toContain("stopped after");
  });

  it("keeps a message whose header and body arrive in pieces", async () => {
    const b = body(905);
    const framed = `Content-Length: ${b.length}\r\n\r\n${b}`;
    for (let i = 0; i < framed.length; i += 7) {
      client.raw(framed.slice(i, i + 7));
      await new Promise((r) => setTimeout(r, 1));
    }
    expect((await client.until((m) => m.id === 905)).result).toEqual([]);
  });
});

describe("p4flow lsp parameters", () => {
  const invalid: [string, unknown][] = [
    ["textDocument/hover", { textDocument: { uri: "file:///x.p4" } }],
    ["textDocument/hover", { textDocument: { uri: 5 }, position: { line: 0, character: 0 } }],
    [
      "textDocument/definition",
      { textDocument: { uri: "file:///x.p4" }, position: { line: -1, character: 0 } },
    ],
    ["textDocument/documentSymbol", null],
    ["textDocument/semanticTokens/full", { textDocument: null }],
    [
      "textDocument/formatting",
      { textDocument: { uri: "file:///x.p4" }, options: { tabSize: "4", insertSpaces: true } },
    ],
    [
      "textDocument/rename",
      { textDocument: { uri: "file:///x.p4" }, position: { line: 0, character: 0 } },
    ],
  ];
  for (const [method, params] of invalid)
    it(`answers ${method} with ${JSON.stringify(params)} -32602 (InvalidParams)`, async () => {
      const r = await client.request(method, params);
      expect(r.error?.code).toBe(-32602);
      expect(r.error?.message).toMatch(/^Invalid parameters: /);
    });

  it("ignores didChange with contentChanges null, logging one line without a stack trace", async () => {
    const uri = open(program);
    await diagnosticsFor(uri);
    client.notify("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: null,
    });
    const log = await client.until((m) => m.method === "window/logMessage");
    expect((log.params as { message: string }).message).toContain(
      "contentChanges must be an array",
    );
    expect((log.params as { message: string }).message).not.toMatch(/\n\s+at /);
    // The document is unchanged and still served.
    const symbols = await client.request("textDocument/documentSymbol", { textDocument: { uri } });
    expect(symbols.result).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "P" })]),
    );
  });

  for (const uri of ["file://host/share/prog.p4", "file:///tmp/a%2Fb.p4", "untitled:Untitled-1"])
    it(`analyses ${uri} from its buffer and publishes to the same URI`, async () => {
      open(program.replace("bit<8> a; }", "bit<8> a }"), uri);
      const d = await diagnosticsFor(uri);
      expect((d.params as { diagnostics: { code: string }[] }).diagnostics[0]?.code).toBe(
        "P4F1002",
      );
      expect(client.messages.filter((m) => m.method === "window/logMessage")).toEqual([]);
      expect(client.stderr).not.toMatch(/\n\s+at /);
    });
});

describe("p4flow lsp formatting", () => {
  const format = (uri: string, options: object) =>
    client.request("textDocument/formatting", { textDocument: { uri }, options });

  it("formats a document with CR-only line ends, keeping them", async () => {
    const uri = open(["header h_t {", "bit<8> a;", "}", ""].join("\r"));
    const r = await format(uri, { tabSize: 2, insertSpaces: true });
    expect(r.error).toBeUndefined();
    expect((r.result as { newText: string }[])[0]!.newText).toBe(
      ["header h_t {", "  bit<8> a;", "}", ""].join("\r"),
    );
  });

  it("clamps tabSize 1e9 to 16 spaces", async () => {
    const uri = open("header h_t {\nbit<8> a;\n}\n");
    const r = await format(uri, { tabSize: 1e9, insertSpaces: true });
    expect((r.result as { newText: string }[])[0]!.newText).toBe(
      `header h_t {\n${" ".repeat(16)}bit<8> a;\n}\n`,
    );
  });
});

describe("p4flow lsp large documents", () => {
  it("gives a 5 MB document one note, answers at once after an edit, and keeps serving others", async () => {
    const line = "header h_t { bit<8> a; bit<8> b; bit<16> c; bit<32> d; }\n";
    const big = line.repeat(Math.ceil(5_000_000 / line.length));
    const uri = open(big);
    const d = await diagnosticsFor(uri);
    expect(
      (d.params as { diagnostics: { code: string }[] }).diagnostics.map((x) => x.code),
    ).toEqual(["P4F4090"]);
    client.notify("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [
        {
          range: { start: { line: 0, character: 7 }, end: { line: 0, character: 10 } },
          text: "g_t",
        },
      ],
    });
    const hover = await client.request("textDocument/hover", {
      textDocument: { uri },
      position: { line: 0, character: 8 },
    });
    expect(hover.result).toBeNull();
    const symbols = await client.request("textDocument/documentSymbol", { textDocument: { uri } });
    expect(symbols.result).toEqual([]);
    await answers();
  });

  it("answers a parse-only request on a new edit before that edit's diagnostics", async () => {
    const states = Array.from(
      { length: 300 },
      (_, i) =>
        `    state s${i} { p.extract(hdr.h); transition ${i + 1 < 300 ? `s${i + 1}` : "accept"}; }`,
    ).join("\n");
    const text = program.replace(
      "state start { p.extract(hdr.h); transition accept; }",
      `state start { transition s0; }\n${states}`,
    );
    const uri = open(text);
    await diagnosticsFor(uri);
    client.notify("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: text.replace("bit<8> a;", "bit<8> a; bit<8> b;") }],
    });
    const order: string[] = [];
    const published = diagnosticsFor(uri).then(() => order.push("diagnostics"));
    const symbols = client
      .request("textDocument/documentSymbol", { textDocument: { uri } })
      .then((r) => {
        order.push("symbols");
        return r;
      });
    expect(((await symbols).result as unknown[]).length).toBeGreaterThan(0);
    await published;
    expect(order).toEqual(["symbols", "diagnostics"]);
  });
});
