// The API documentation (`npm run docs`): TypeDoc builds it from the doc comments of the public
// entry points ("p4flow" and "p4flow/node") with no warning (typedoc.json treats warnings as
// errors, so every type the API names is documented), and it documents what a user calls first.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const out = mkdtempSync(join(tmpdir(), "p4flow-i14-docs-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it("npm run docs builds the API documentation without warnings", () => {
  execFileSync("npm", ["run", "--silent", "docs", "--", "--out", out], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  expect(existsSync(join(out, "index.html"))).toBe(true);
  const compile = readFileSync(join(out, "functions", "index.compile.html"), "utf8");
  expect(compile).toContain("CompileOptions");
  const host = readFileSync(join(out, "functions", "node-host.nodeHost.html"), "utf8");
  expect(host).toContain("relative main file against the current directory");
}, 180_000);
