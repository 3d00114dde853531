// The precomputed lookahead table (grammar/lookahead-table.ts) matches what Chevrotain computes
// for the grammar, and parsing every example finds each decision it reaches in it, so the
// cold-start shortcut (grammar/lazy-lookahead.ts) parses exactly as Chevrotain's own set-up.
import { describe, expect, it } from "vitest";
import { computeLookaheadTable } from "../../grammar/lazy-lookahead.js";
import { LOOKAHEAD_TABLE } from "../../grammar/lookahead-table.js";
import { P4Parser, p4Parser } from "../../grammar/parser.js";
import { compile } from "../../src/compile.js";
import { nodeHost } from "../../src/node-host.js";
import { exampleFiles } from "../support/examples.js";

describe("precomputed lookahead", () => {
  it("matches the grammar (regenerate with scripts/lookahead-table.mjs)", () => {
    const table = computeLookaheadTable(Object.values(new P4Parser().getGAstProductions()), 3);
    expect(table).toEqual(LOOKAHEAD_TABLE);
  });

  it("holds every decision the examples reach", () => {
    for (const file of exampleFiles()) {
      const r = compile({ file, host: nodeHost(), stopAfter: "parse" });
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    }
    const strategy = (p4Parser() as unknown as { lookaheadStrategy: { computed: number } })
      .lookaheadStrategy;
    expect(strategy.computed).toBe(0);
  });
});
