// The VS Code extension as a user installs it: `npm ci && npm run package` in a copy of
// editors/vscode gives a .vsix holding the extension, its grammar, its LICENSE and its runtime
// dependency (the language client), and nothing of the packaging tools; and the client's lookup
// of the compiler (find-compiler.js): the p4flow.path setting, the workspace's node_modules, PATH.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const extension = join(root, "editors", "vscode");
const work = mkdtempSync(join(tmpdir(), "p4flow-i14-vsix-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Found = { command: string; args: string[]; from: string };
const { findCompiler } = createRequire(import.meta.url)(join(extension, "find-compiler.js")) as {
  findCompiler: (o: {
    configured?: string;
    workspaceFolders: string[];
    nodePath: string;
    exists?: (p: string) => boolean;
  }) => Found;
};

describe("the extension finds the compiler", () => {
  const lsp = ["lsp", "--stdio"];
  it("from the p4flow.path setting first", () => {
    expect(
      findCompiler({
        configured: "/opt/p4flow/bin/p4flow.js",
        workspaceFolders: ["/w"],
        nodePath: "/node",
      }),
    ).toEqual({ command: "/node", args: ["/opt/p4flow/bin/p4flow.js", ...lsp], from: "setting" });
    expect(
      findCompiler({ configured: "tools/p4flow.js", workspaceFolders: ["/w"], nodePath: "/node" })
        .args[0],
    ).toBe(join("/w", "tools", "p4flow.js"));
    expect(
      findCompiler({ configured: "my-p4flow", workspaceFolders: ["/w"], nodePath: "/node" }),
    ).toEqual({ command: "my-p4flow", args: lsp, from: "setting" });
  });

  it("then from a workspace folder's node_modules, then PATH", () => {
    const w = join(work, "workspace");
    mkdirSync(join(w, "node_modules", "p4flow", "bin"), { recursive: true });
    writeFileSync(join(w, "node_modules", "p4flow", "bin", "p4flow.js"), "");
    expect(findCompiler({ workspaceFolders: [join(work, "none"), w], nodePath: "/node" })).toEqual({
      command: "/node",
      args: [join(w, "node_modules", "p4flow", "bin", "p4flow.js"), ...lsp],
      from: "workspace",
    });
    expect(
      findCompiler({ configured: "  ", workspaceFolders: [join(work, "none")], nodePath: "/node" }),
    ).toEqual({ command: "p4flow", args: lsp, from: "PATH" });
  });
});

/** The names in a zip file's central directory (a .vsix is a zip). */
function zipEntries(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString("utf8", at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

describe("npm run package in editors/vscode", () => {
  it("produces a .vsix with the extension, its LICENSE and its runtime dependencies only", () => {
    const dir = join(work, "vscode");
    cpSync(extension, dir, {
      recursive: true,
      filter: (src) => !src.includes("node_modules") && !src.endsWith(".vsix"),
    });
    const npm = (args: string[]) =>
      execFileSync("npm", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    npm(["ci", "--no-audit", "--no-fund", "--prefer-offline"]);
    npm(["run", "package"]);
    const files = zipEntries(readFileSync(join(dir, "p4flow-vscode.vsix")));
    expect(files).toEqual(
      expect.arrayContaining([
        "extension.vsixmanifest",
        "extension/package.json",
        "extension/extension.js",
        "extension/find-compiler.js",
        "extension/language-configuration.json",
        "extension/syntaxes/p4.tmLanguage.json",
        "extension/LICENSE.txt",
        "extension/readme.md",
        "extension/node_modules/vscode-languageclient/package.json",
      ]),
    );
    expect(
      files.filter((f) => /node_modules\/@vscode\/vsce|\.vsix$|package-lock\.json/.test(f)),
    ).toEqual([]);
    const manifest = readFileSync(join(dir, "package.json"), "utf8");
    expect(JSON.parse(manifest).license).toBe("Apache-2.0");
  }, 300_000);
});
