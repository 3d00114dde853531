// The open documents, kept from the client's didOpen / didChange / didClose notifications
// (full and incremental changes). Notifications are checked first (params.ts): a malformed one
// (contentChanges null, a version that is not a number...) is logged in one line and ignored,
// never half-applied.

import { TextDocument } from "vscode-languageserver-textdocument";
import type { Connection } from "vscode-languageserver/node.js";
import { BadParams, changeParams, documentUri, openParams } from "./params.js";

export interface DocumentEvents {
  opened(doc: TextDocument): void;
  changed(doc: TextDocument): void;
  closed(uri: string): void;
  saved(doc: TextDocument): void;
}

export class Documents {
  private readonly docs = new Map<string, TextDocument>();

  get(uri: string): TextDocument | undefined {
    return this.docs.get(uri);
  }

  listen(connection: Connection, events: DocumentEvents): void {
    const guard =
      <T>(method: string, handle: (params: T) => void) =>
      (params: T) => {
        try {
          handle(params);
        } catch (e) {
          if (!(e instanceof BadParams)) throw e;
          connection.console.warn(`p4flow: ignored ${method}: ${e.message}`);
        }
      };
    connection.onDidOpenTextDocument(
      guard("textDocument/didOpen", (params) => {
        const p = openParams(params);
        const doc = TextDocument.create(p.uri, "p4", p.version, p.text);
        this.docs.set(p.uri, doc);
        events.opened(doc);
      }),
    );
    connection.onDidChangeTextDocument(
      guard("textDocument/didChange", (params) => {
        const p = changeParams(params);
        const doc = this.docs.get(p.uri);
        if (!doc) throw new BadParams(`${p.uri} is not open`);
        const changed = TextDocument.update(doc, p.changes, p.version);
        this.docs.set(p.uri, changed);
        events.changed(changed);
      }),
    );
    connection.onDidCloseTextDocument(
      guard("textDocument/didClose", (params) => {
        const uri = documentUri(params);
        if (this.docs.delete(uri)) events.closed(uri);
      }),
    );
    connection.onDidSaveTextDocument(
      guard("textDocument/didSave", (params) => {
        const doc = this.docs.get(documentUri(params));
        if (doc) events.saved(doc);
      }),
    );
  }
}
