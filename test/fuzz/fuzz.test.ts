// A short fixed-seed run of the fuzzer (fuzz.ts) over the built command line: every kind of
// input but the language-server storm (the server's own tests cover it; `npm run fuzz` runs it),
// and no finding allowed. `npm run fuzz -- --seed N --seconds S` runs it longer.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatReport, KINDS, runFuzz } from "./fuzz.js";

const findingsDir = mkdtempSync(join(tmpdir(), "p4flow-fuzz-test-"));
afterAll(() => rmSync(findingsDir, { recursive: true, force: true }));

const SEED = 20261202;
const SECONDS = 40;

describe("the fuzzer", () => {
  it(
    `finds nothing in ${SECONDS} s from seed ${SEED}`,
    async () => {
      const report = await runFuzz({
        seed: SEED,
        seconds: SECONDS,
        kinds: KINDS.filter((k) => k !== "lsp"),
        findingsDir,
        clangEvery: 4,
        timeoutMs: 60_000,
      });
      const summary = formatReport(SEED, SECONDS, report);
      expect(report.findings, summary).toEqual([]);
      // It ran, and both accepted and refused inputs came through.
      const runs = Object.values(report.runs).reduce((a, b) => a + b, 0);
      expect(runs, summary).toBeGreaterThanOrEqual(8);
      expect(report.exitCodes["0"] ?? 0, summary).toBeGreaterThan(0);
      expect((report.exitCodes["1"] ?? 0) + (report.exitCodes["2"] ?? 0), summary).toBeGreaterThan(
        0,
      );
    },
    SECONDS * 1000 + 240_000,
  );
});
