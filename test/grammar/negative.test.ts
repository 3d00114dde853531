// Common syntax mistakes: each file's rendered diagnostics are a golden baseline.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseWithDiagnostics } from "../support/frontend.js";

const dir = join(import.meta.dirname, "negative");

describe("syntax errors", () => {
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".p4"))
    .sort()) {
    it(file, async () => {
      const text = readFileSync(join(dir, file), "utf8");
      const { text: rendered } = parseWithDiagnostics(text, file);
      expect(rendered, "a negative case must produce diagnostics").not.toBe("");
      await expect(rendered).toMatchFileSnapshot(
        join(import.meta.dirname, "baselines", file.replace(/\.p4$/, ".txt")),
      );
    });
  }

  it("reports three unrelated mistakes as three diagnostics", () => {
    const text = readFileSync(join(dir, "three-mistakes.p4"), "utf8");
    const { text: rendered } = parseWithDiagnostics(text, "three-mistakes.p4");
    const lines = new Set([...rendered.matchAll(/^three-mistakes\.p4:(\d+):/gm)].map((m) => m[1]));
    expect([...lines].sort()).toEqual(["1", "2", "3"]);
  });
});
