// The VS Code side of p4flow: finds the compiler (find-compiler.js: the p4flow.path setting, the
// workspace's node_modules, then PATH), starts `p4flow lsp --stdio` for P4 files and passes the
// p4flow settings through. Everything else (diagnostics, hover, navigation, compile on save) is
// the language server's.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");
const { findCompiler } = require("./find-compiler.js");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("p4flow");
  const found = findCompiler({
    configured: config.get("path", ""),
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    nodePath: process.execPath,
  });
  const run = { command: found.command, args: found.args, transport: TransportKind.stdio };
  client = new LanguageClient(
    "p4flow",
    "p4flow",
    { run, debug: run },
    {
      documentSelector: [{ scheme: "file", language: "p4" }],
      initializationOptions: { p4flow: config },
      synchronize: { configurationSection: "p4flow" },
    },
  );
  context.subscriptions.push(client);
  return client.start().catch((e) => {
    const where =
      found.from === "PATH"
        ? "'p4flow' on PATH (install it in the workspace with npm install --save-dev p4flow, or set p4flow.path)"
        : `${found.command} ${found.args.join(" ")} (from ${found.from === "setting" ? "the p4flow.path setting" : "the workspace's node_modules"})`;
    void vscode.window.showErrorMessage(`p4flow: cannot start the language server: ${where}: ${e}`);
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
