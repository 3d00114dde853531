// The VS Code side of p4flow: starts `p4flow lsp --stdio` for P4 files and passes the p4flow
// settings through. Everything else (diagnostics, hover, navigation, compile on save) is the
// language server's.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("p4flow");
  const command = config.get("path", "p4flow");
  const run = command.endsWith(".js")
    ? {
        command: process.execPath,
        args: [command, "lsp", "--stdio"],
        transport: TransportKind.stdio,
      }
    : { command, args: ["lsp", "--stdio"], transport: TransportKind.stdio };
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
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
