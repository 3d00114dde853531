// The shared parser skips Chevrotain's grammar validations to start fast; this builds one with
// them on, so an ambiguity or left recursion introduced into the grammar still fails the suite.
import { describe, expect, it } from "vitest";
import { P4Parser } from "../../grammar/parser.js";

describe("the grammar", () => {
  it("passes Chevrotain's validations", () => {
    expect(() => new P4Parser(true)).not.toThrow();
  });
});
