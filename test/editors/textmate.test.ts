// The VS Code extension's TextMate grammar, run with vscode-textmate (VS Code's own tokenizer) on
// every example and test program: comments, strings and directives end where they should (the
// tokenizer is back in its initial state after each file), and P4's words get the right scopes.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as oniguruma from "vscode-oniguruma";
import * as vsctm from "vscode-textmate";
import { exampleFiles } from "../support/examples.js";

const root = join(import.meta.dirname, "..", "..");
const require = createRequire(import.meta.url);
let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(join(require.resolve("vscode-oniguruma"), "..", "onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      scope === "source.p4"
        ? vsctm.parseRawGrammar(
            readFileSync(join(root, "editors", "vscode", "syntaxes", "p4.tmLanguage.json"), "utf8"),
            "p4.tmLanguage.json",
          )
        : null,
  });
  grammar = (await registry.loadGrammar("source.p4"))!;
});

/** Each token of a text with its innermost scope. */
function tokens(text: string): { line: number; text: string; scope: string }[] {
  let stack = vsctm.INITIAL;
  const out: { line: number; text: string; scope: string }[] = [];
  text.split("\n").forEach((l, i) => {
    const r = grammar.tokenizeLine(l, stack);
    for (const t of r.tokens)
      out.push({ line: i + 1, text: l.slice(t.startIndex, t.endIndex), scope: t.scopes.at(-1)! });
    stack = r.ruleStack;
  });
  return out;
}

function endsInitial(text: string): boolean {
  let stack = vsctm.INITIAL;
  for (const l of text.split("\n")) stack = grammar.tokenizeLine(l, stack).ruleStack;
  // The stack at the top level: what one empty line leaves.
  return stack.equals(grammar.tokenizeLine("", vsctm.INITIAL).ruleStack);
}

const files = [
  ...exampleFiles(),
  ...readdirSync(join(root, "test", "grammar", "programs")).map((f) =>
    join(root, "test", "grammar", "programs", f),
  ),
].filter((f) => f.endsWith(".p4"));

describe("the VS Code grammar", () => {
  it("returns to its initial state at the end of every example and test program", () => {
    expect(files.length).toBeGreaterThan(5);
    // The check can fail: an unterminated comment or string leaves the tokenizer inside it.
    expect(endsInitial("header h { /* open\n bit<8> a; }")).toBe(false);
    expect(endsInitial('const string s = "open\n')).toBe(false);
    for (const f of files) expect([f, endsInitial(readFileSync(f, "utf8"))]).toEqual([f, true]);
  });

  it("scopes P4's keywords, types, names, numbers, strings, comments and directives", () => {
    const ts = tokens(readFileSync(join(root, "examples", "tunnels.p4"), "utf8"));
    const scopeOf = (text: string) => ts.find((t) => t.text === text)?.scope;
    expect(scopeOf("transition")).toBe("keyword.control.p4");
    expect(scopeOf("select")).toBe("keyword.control.p4");
    expect(scopeOf("parser")).toBe("storage.type.p4");
    expect(scopeOf("InnerParser")).toBe("entity.name.type.p4");
    expect(scopeOf("bit")).toBe("storage.type.builtin.p4");
    expect(scopeOf("0x6558") ?? scopeOf("0")).toBe("constant.numeric.p4");
    expect(scopeOf("#include")).toBe("keyword.control.directive.include.p4");
    expect(scopeOf('"protocols.p4"')).toBe("string.quoted.other.include.p4");
    expect(ts.some((t) => t.scope === "comment.block.p4")).toBe(true);
    expect(ts.some((t) => t.scope === "comment.line.double-slash.p4")).toBe(true);
    const inline = tokens('const bit<8> X = 8w255; // done\n/* a\n "not a string" */ "s\\"q"');
    expect(inline.find((t) => t.text === "8w255")?.scope).toBe("constant.numeric.p4");
    expect(inline.find((t) => t.text.includes("not a string"))?.scope).toBe("comment.block.p4");
    expect(
      inline.filter((t) => t.scope === "constant.character.escape.p4").map((t) => t.text),
    ).toEqual(['\\"']);
  });

  it("is valid JSON next to a valid extension manifest", () => {
    const manifest = JSON.parse(
      readFileSync(join(root, "editors", "vscode", "package.json"), "utf8"),
    );
    expect(manifest.contributes.grammars[0]).toMatchObject({
      language: "p4",
      scopeName: "source.p4",
    });
    JSON.parse(
      readFileSync(join(root, "editors", "vscode", "language-configuration.json"), "utf8"),
    );
  });
});
