import { describe, expect, it } from "vitest";
import { allMessages, catalogParts } from "../../src/diagnostics/catalog.js";

describe("the diagnostic catalog", () => {
  it("gives every message a unique code and a unique kebab-case name", () => {
    const all = allMessages();
    expect(new Set(all.map((m) => m.code)).size).toBe(all.length);
    expect(new Set(all.map((m) => m.name)).size).toBe(all.length);
    for (const m of all) expect(m.name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it("keeps each part's codes inside its range", () => {
    for (const part of catalogParts) {
      for (const m of Object.values(part.defs)) {
        expect(m.code, `${part.part}: ${m.name}`).toBeGreaterThanOrEqual(part.low);
        expect(m.code, `${part.part}: ${m.name}`).toBeLessThanOrEqual(part.high);
      }
    }
  });

  it("writes every template as a sentence ending in a period", () => {
    for (const m of allMessages()) expect(m.template, m.name).toMatch(/[.?]$/);
  });
});
