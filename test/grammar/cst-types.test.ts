// grammar/cst.ts, the CST's types generated from the grammar (Chevrotain's generateCstDts), is
// current: a renamed or reshaped rule changes it, and the lowering that reads the CST through
// those types then fails to compile. Regenerate with
// `npx vitest run test/grammar/cst-types.test.ts --update` and read the diff.

import { generateCstDts } from "chevrotain";
import { join } from "node:path";
import { format, resolveConfig } from "prettier";
import { describe, expect, it } from "vitest";
import { P4Parser } from "../../grammar/parser.js";

const HEADER = `// Generated from grammar/parser.ts by test/grammar/cst-types.test.ts (run it with --update after
// changing the grammar): do not edit. The type of every CST node and its children, by rule.
`;

describe("the CST types", () => {
  it("match the grammar", async () => {
    const file = join(import.meta.dirname, "..", "..", "grammar", "cst.ts");
    const text =
      HEADER +
      generateCstDts(new P4Parser().getGAstProductions(), { includeVisitorInterface: false });
    const formatted = await format(text, { ...(await resolveConfig(file)), filepath: file });
    expect(formatted).toContain("export interface ParserDeclarationCstNode");
    await expect(formatted).toMatchFileSnapshot("../../grammar/cst.ts");
  });
});
