// Where the extension finds the p4flow compiler, first hit wins: the `p4flow.path` setting (a
// command, or a path to bin/p4flow.js, relative paths against the first workspace folder); the
// p4flow a workspace folder installed (node_modules/p4flow/bin/p4flow.js, from
// `npm install --save-dev p4flow`); then `p4flow` on PATH. No VS Code API here, so it is tested
// on its own (test/editors/vscode-package.test.ts).
const { existsSync } = require("node:fs");
const { isAbsolute, join } = require("node:path");

/**
 * @param {{ configured?: string, workspaceFolders: string[], nodePath: string, exists?: (p: string) => boolean }} o
 * @returns {{ command: string, args: string[], from: "setting" | "workspace" | "PATH" }}
 */
function findCompiler(o) {
  const exists = o.exists ?? existsSync;
  const lsp = ["lsp", "--stdio"];
  const node = (script, from) => ({ command: o.nodePath, args: [script, ...lsp], from });
  const configured = (o.configured ?? "").trim();
  if (configured !== "") {
    const looksLikePath = configured.includes("/") || configured.includes("\\");
    const path =
      looksLikePath && !isAbsolute(configured) && o.workspaceFolders[0]
        ? join(o.workspaceFolders[0], configured)
        : configured;
    return path.endsWith(".js")
      ? node(path, "setting")
      : { command: path, args: lsp, from: "setting" };
  }
  for (const folder of o.workspaceFolders) {
    const script = join(folder, "node_modules", "p4flow", "bin", "p4flow.js");
    if (exists(script)) return node(script, "workspace");
  }
  return { command: "p4flow", args: lsp, from: "PATH" };
}

module.exports = { findCompiler };
