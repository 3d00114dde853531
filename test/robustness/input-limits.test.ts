// Hostile input ends early with a located error: files past --max-input-size, programs past
// --max-tokens, binary bytes, a macro that doubles forever, more diagnostics than are worth
// keeping, and source lines too long to quote whole.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { MAX_DIAGNOSTICS } from "../../src/diagnostics/sink.js";
import { memoryHost } from "../../src/frontend/host.js";
import { DEFAULT_INPUT_LIMITS } from "../../src/frontend/input-limits.js";
import { Rng } from "../fuzz/rng.js";
import { runCli } from "../support/cli.js";

const work = mkdtempSync(join(tmpdir(), "p4flow-i18-robustness-limits-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const example = join(import.meta.dirname, "..", "..", "examples", "standard.p4");

function check(text: string, limits = {}) {
  const r = compile({
    file: "/big.p4",
    text,
    host: memoryHost({ "/big.p4": text }),
    stopAfter: "check",
    limits,
  });
  return r.diagnostics;
}

describe("input limits", () => {
  it("refuses a file over --max-input-size at its first line, and reads it with a higher limit", () => {
    const text = `// ${"x".repeat(DEFAULT_INPUT_LIMITS.maxInputChars)}\nconst bit<8> C = 1;\n`;
    const d = check(text);
    expect(d.map((x) => [x.code, x.range?.start.line])).toEqual([["P4F1201", 1]]);
    expect(d[0]!.message).toContain(
      `more than the limit of ${DEFAULT_INPUT_LIMITS.maxInputChars} (--max-input-size)`,
    );
    expect(check(text, { maxInputChars: 2 * text.length })).toEqual([]);
  });

  it("stops at the token past --max-tokens, naming its line", () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => `header h${i}_t { bit<8> a; }`);
    const d = check(lines.join("\n"));
    // Ten tokens a line: token 500,000 is on line 50,001.
    expect(d.map((x) => [x.code, x.range?.start.line])).toEqual([["P4F1203", 50_001]]);
  });

  it("refuses binary input before lexing it", () => {
    const rng = new Rng(18);
    const text = Buffer.from(rng.bytes(1 << 20)).toString("latin1");
    const d = check(text);
    expect(d.map((x) => x.code)).toEqual(["P4F1010"]);
  });

  it("reports a macro that doubles forever once, however often it is used", () => {
    let text = "#define M0 1\n";
    for (let i = 1; i <= 40; i++) text += `#define M${i} M${i - 1} + M${i - 1}\n`;
    for (let i = 0; i < 50; i++) text += `const bit<8> C${i} = M40;\n`;
    expect(check(text).map((x) => [x.code, x.range?.start.line])).toEqual([["P4F1111", 42]]);
  });

  it(`keeps ${MAX_DIAGNOSTICS} diagnostics and says the rest were dropped`, () => {
    const text = Array.from(
      { length: MAX_DIAGNOSTICS + 50 },
      (_, i) => `const bit<8> C${i} = nope${i};`,
    ).join("\n");
    const r = compile({
      file: "/big.p4",
      text,
      host: memoryHost({ "/big.p4": text }),
      stopAfter: "check",
    });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toHaveLength(MAX_DIAGNOSTICS + 1);
    expect(r.diagnostics.at(-1)!.code).toBe("P4F1204");
    expect(r.diagnostics.at(-1)!.message).toBe(
      `More than ${MAX_DIAGNOSTICS} diagnostics; the rest are not kept.`,
    );
  });
});

describe("the limit flags", () => {
  it("take K and M suffixes and refuse what is not a positive number (exit 2)", async () => {
    const small = await runCli(["check", example, "--max-input-size", "1K"]);
    expect(small.code).toBe(1);
    expect(small.stderr).toContain("P4F1201[input-too-large]");
    expect((await runCli(["check", example, "--max-input-size", "1M"])).code).toBe(0);
    for (const [flag, value] of [
      ["--max-tokens", "0"],
      ["--max-input-size", "lots"],
      ["--max-tokens", "-5"],
    ]) {
      const r = await runCli(["check", example, flag!, value!]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `Invalid value '${value}' for ${flag}: expected a whole number above 0.`,
      );
    }
  });

  it("stops a program at --max-tokens with the position", async () => {
    const r = await runCli(["check", example, "--max-tokens", "100"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error P4F1203\[too-many-tokens\]: The program has more than 100 tokens/,
    );
  });

  it("quotes a window of a very long line, with the underline under the range", async () => {
    const file = join(work, "long.p4");
    writeFileSync(file, `/* ${"x".repeat(5000)} */ const bit<8> C = nope;\n`);
    const r = await runCli(["check", file]);
    const [, quoted, underline] = r.stderr.split("\n");
    expect(quoted!.length).toBeLessThan(220);
    expect(quoted).toMatch(/^ {2}1 \| \.\.\..*nope;$/);
    expect(quoted!.indexOf("nope")).toBe(underline!.indexOf("^"));
  });
});
