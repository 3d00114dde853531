// The shared parser skips Chevrotain's grammar validations to start fast; this builds one with
// them on, so an ambiguity or left recursion introduced into the grammar still fails the suite.
import { describe, expect, it } from "vitest";
import { P4Parser } from "../../grammar/parser.js";

describe("the grammar", () => {
  it("passes Chevrotain's validations", () => {
    expect(() => new P4Parser(true)).not.toThrow();
  });
});

describe("error recovery's follow sets", () => {
  it("are Chevrotain's, computed on first use instead of at set-up", () => {
    type Follows = { resyncFollows: Record<string, unknown> };
    const eager = (new P4Parser(false, true) as unknown as Follows).resyncFollows;
    const lazy = (new P4Parser() as unknown as Follows).resyncFollows;
    const keys = Object.keys(eager);
    expect(keys.length).toBeGreaterThan(100);
    for (const k of keys) expect(lazy[k], k).toEqual(eager[k]);
  });
});
