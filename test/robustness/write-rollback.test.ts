// The output set is all or nothing even when a replacement fails halfway through the swap (a
// failure the command line cannot provoke on demand, so renameSync fails here on purpose): the
// files already replaced get their old contents back, new ones are removed, no temporary file
// stays, and the message names the file that failed.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";

const failOn = { path: "" };
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  return {
    ...fs,
    renameSync: (from: string, to: string) => {
      if (to === failOn.path) {
        failOn.path = ""; // once: putting the old file back works
        throw new Error("EXDEV: cross-device link not permitted, rename");
      }
      fs.renameSync(from, to);
    },
  };
});
const { writeOutputs } = await import("../../src/cli/write.js");

const work = mkdtempSync(join(tmpdir(), "p4flow-i18-robustness-write-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("writeOutputs", () => {
  it("rolls every replaced file back when a later one fails", () => {
    const dir = join(work, "set");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.c"), "old a\n");
    writeFileSync(join(dir, "c.json"), "old c\n");
    failOn.path = join(dir, "c.json");
    const sink = new DiagnosticSink();
    const ok = writeOutputs(
      [
        { path: join(dir, "a.c"), contents: "new a\n" },
        { path: join(dir, "b.h"), contents: "new b\n" },
        { path: join(dir, "c.json"), contents: "new c\n" },
      ],
      sink,
    );
    expect(ok).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["a.c", "c.json"]);
    expect(readFileSync(join(dir, "a.c"), "utf8")).toBe("old a\n");
    expect(readFileSync(join(dir, "c.json"), "utf8")).toBe("old c\n");
    expect(sink.diagnostics.map((d) => d.message)).toEqual([
      `Cannot write '${join(dir, "c.json")}': EXDEV: cross-device link not permitted, rename.`,
    ]);
  });

  it("removes the directories it made for a set it could not write", () => {
    const dir = join(work, "fresh", "deeper");
    failOn.path = join(dir, "x.h");
    const sink = new DiagnosticSink();
    expect(writeOutputs([{ path: join(dir, "x.h"), contents: "x\n" }], sink)).toBe(false);
    expect(readdirSync(work)).not.toContain("fresh");
  });
});
