// The fuzzer's language-server storm: one `p4flow lsp --stdio` process gets an initialize, an
// opened document, then a burst of requests and notifications with random and malformed
// parameters and, in some sessions, malformed framing. Oracle: the server stays alive, prints no
// stack trace, and answers a final well-formed request.

import { spawn } from "node:child_process";
import type { Rng } from "./rng.js";
import { CLI, REPO, hasStackTrace } from "./run-cli.js";

export interface StormResult {
  /** The raw bytes sent, for the reproducer. */
  readonly sent: Buffer;
  readonly badFraming: boolean;
  readonly problem?: string;
  readonly stderr: string;
}

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const message = (obj: object) => frame(JSON.stringify({ jsonrpc: "2.0", ...obj }));

const METHODS = [
  "textDocument/hover",
  "textDocument/definition",
  "textDocument/references",
  "textDocument/completion",
  "textDocument/documentSymbol",
  "textDocument/formatting",
  "textDocument/rename",
  "textDocument/semanticTokens/full",
  "textDocument/didChange",
  "textDocument/didSave",
  "textDocument/didClose",
  "textDocument/didOpen",
  "workspace/didChangeConfiguration",
  "$/cancelRequest",
  "nonexistent/method",
];

const URIS = [
  "file:///tmp/fuzz.p4",
  "file://host/share/x.p4",
  "file:///tmp/a%2Fb.p4",
  "untitled:1",
  "",
  "file:///nonexistent/dir/x.p4",
  "not a uri",
];

function weird(rng: Rng): unknown {
  return rng.pick<unknown>([
    null,
    0,
    -1,
    1e9,
    "",
    "x",
    [],
    {},
    true,
    { line: -1, character: 1e9 },
    Number.MAX_SAFE_INTEGER,
  ]);
}

function params(rng: Rng, method: string, uri: string, text: string): unknown {
  if (rng.chance(0.15)) return weird(rng);
  const position = rng.chance(0.8)
    ? { line: rng.int(60), character: rng.int(40) }
    : { line: weird(rng), character: weird(rng) };
  const textDocument = rng.chance(0.9)
    ? { uri: rng.chance(0.8) ? uri : rng.pick(URIS) }
    : weird(rng);
  switch (method) {
    case "textDocument/didChange": {
      const at = rng.int(text.length + 1);
      const edit = rng.pick([
        "",
        "}",
        "{",
        "state x { transition accept; }",
        "\r",
        "\n\n",
        "bit<8> a;",
        "\u0000",
      ]);
      const changes = rng.chance(0.1)
        ? weird(rng)
        : rng.chance(0.5)
          ? [{ text: text.slice(0, at) + edit + text.slice(at) }]
          : [{ range: { start: position, end: position }, text: edit }];
      return {
        textDocument: { ...(textDocument as object), version: rng.int(1000) },
        contentChanges: changes,
      };
    }
    case "textDocument/didOpen":
      return {
        textDocument: {
          uri: rng.pick(URIS),
          languageId: "p4",
          version: 1,
          text: rng.chance(0.5) ? text : text.replace(/\n/g, "\r"),
        },
      };
    case "textDocument/formatting":
      return {
        textDocument,
        options: { tabSize: rng.pick([0, 1, 4, 8, -1, 1e9, 2.5]), insertSpaces: rng.chance(0.5) },
      };
    case "textDocument/rename":
      return { textDocument, position, newName: rng.pick(["y", "", "1x", "a b"]) };
    case "textDocument/references":
      return { textDocument, position, context: { includeDeclaration: rng.chance(0.5) } };
    case "workspace/didChangeConfiguration":
      return {
        settings: {
          p4flow: {
            compileOnSave: rng.chance(0.5),
            outputDir: rng.pick(["/dev/null", "/tmp/x", 5]),
            emit: rng.pick(["c", "zz", null]),
          },
        },
      };
    case "$/cancelRequest":
      return { id: rng.int(20) };
    default:
      return { textDocument, position };
  }
}

function badFrame(rng: Rng): string {
  const body = JSON.stringify({
    jsonrpc: "2.0",
    id: 5000 + rng.int(100),
    method: "textDocument/hover",
    params: {},
  });
  return rng.pick([
    `${body}\r\n`,
    `Content-Length: abc\r\n\r\n${body}`,
    `Content-Length: -5\r\n\r\n${body}`,
    `Content-Length: ${body.length}\n\n${body}`,
    `Content-Length: ${body.length - 5}\r\n\r\n${body}`,
    `Content-Length: 3\r\n\r\n{{{`,
    `Content-Type: x\r\n\r\n`,
    frame("{not json"),
    frame("[]"),
    frame('{"jsonrpc":"2.0","id":{},"method":"x"}'),
  ]);
}

export function lspStorm(rng: Rng, text: string, timeoutMs: number): Promise<StormResult> {
  const uri = "file:///tmp/fuzz-lsp.p4";
  const parts: string[] = [];
  parts.push(
    message({
      id: 1,
      method: "initialize",
      params: { processId: null, rootUri: null, capabilities: {} },
    }),
  );
  parts.push(message({ method: "initialized", params: {} }));
  parts.push(
    message({
      method: "textDocument/didOpen",
      params: { textDocument: { uri, languageId: "p4", version: 1, text } },
    }),
  );
  const badFraming = rng.chance(0.3);
  const n = rng.range(5, 40);
  for (let i = 0; i < n; i++) {
    if (rng.chance(0.05) && !badFraming)
      parts.push(
        frame(
          JSON.stringify({
            jsonrpc: "2.0",
            id: 10 + i,
            method: rng.pick(METHODS),
            params: weird(rng),
          }),
        ),
      );
    else if (rng.chance(0.03) && !badFraming) parts.push(frame("{not json at all"));
    else {
      const method = rng.pick(METHODS);
      const isNotification =
        method.startsWith("textDocument/did") ||
        method.startsWith("workspace/did") ||
        method.startsWith("$/");
      parts.push(
        message({
          ...(isNotification ? {} : { id: 10 + i }),
          method,
          params: params(rng, method, uri, text),
        }),
      );
    }
  }
  if (badFraming) parts.splice(rng.range(3, parts.length), 0, badFrame(rng));
  const sent = Buffer.from(parts.join(""));
  return runStorm(sent, badFraming, timeoutMs);
}

/** Sends `sent`, then a final shutdown request, and judges what comes back. */
export function runStorm(
  sent: Buffer,
  badFraming: boolean,
  timeoutMs: number,
): Promise<StormResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, "lsp", "--stdio"], {
      cwd: REPO,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let done = false;
    const finish = (problem?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      const trace = hasStackTrace(stderr)
        ? `stack trace on stderr: ${stderr
            .split("\n")
            .find((l) => l.trim())
            ?.slice(0, 200)}`
        : undefined;
      const p = problem ?? trace;
      resolve({ sent, badFraming, stderr, ...(p ? { problem: p } : {}) });
    };
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
      if (stdout.includes('"id":999999')) finish();
    });
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 1 << 20) stderr += d.toString("utf8");
    });
    child.stdin.on("error", () => {});
    child.on("exit", (code, signal) =>
      finish(`server exited (${signal ?? code}) before answering`),
    );
    const timer = setTimeout(
      () =>
        finish(
          badFraming
            ? "silent after malformed framing"
            : `no answer to a request within ${timeoutMs} ms`,
        ),
      timeoutMs,
    );
    child.stdin.write(sent);
    child.stdin.write(message({ id: 999999, method: "shutdown", params: null }));
  });
}
