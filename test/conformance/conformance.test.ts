// The language conformance suite: our own programs grouped by rule (one folder a rule group).
// Every program under valid/ must parse and check without errors, and so must the printer's
// output of it, with the same diagnostics (and so must that of the accepted programs under
// builds/ and check-reports/); every program under invalid/ breaks one rule and
// its diagnostics are a golden baseline under baselines/.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { renderText } from "../../src/diagnostics/render-text.js";
import { builtinIncludes } from "../../src/frontend/include/index.js";
import { memoryHost } from "../../src/frontend/host.js";
import { printProgram } from "../../src/frontend/printer.js";

const here = import.meta.dirname;

function programs(kind: "valid" | "invalid"): { group: string; name: string; path: string }[] {
  const root = join(here, kind);
  return readdirSync(root)
    .sort()
    .flatMap((group) =>
      readdirSync(join(root, group))
        .filter((f) => f.endsWith(".p4"))
        .sort()
        .map((name) => ({ group, name, path: join(root, group, name) })),
    );
}

function checkText(file: string, text: string) {
  const r = compile({ file, text, host: memoryHost({ [file]: text }), stopAfter: "check" });
  const sourceText = (f: string) =>
    f === file ? text : builtinIncludes[f.replace("<builtin>/", "")];
  return { r, rendered: renderText(r.diagnostics, { sourceText }) };
}

const summary = (r: ReturnType<typeof checkText>["r"]) =>
  r.diagnostics.map((d) => `${d.severity} P4F${d.code}`).sort();

/** The printer's output of an accepted program parses and checks to the same result. */
function expectPrintedChecksTheSame(name: string, r: ReturnType<typeof checkText>["r"]) {
  const printed = printProgram(r.program!);
  const again = checkText(name, printed);
  expect(again.r.ok, again.rendered).toBe(true);
  expect(summary(again.r)).toEqual(summary(r));
}

describe("conformance: valid programs parse and check, and so does their printed form", () => {
  for (const p of programs("valid")) {
    it(`${p.group}/${p.name}`, () => {
      const { r, rendered } = checkText(p.name, readFileSync(p.path, "utf8"));
      expect(rendered).toBe("");
      expect(r.ok).toBe(true);
      expectPrintedChecksTheSame(p.name, r);
    });
  }
});

describe("conformance: the printed form of the other accepted programs checks the same", () => {
  for (const dir of ["builds", "check-reports"]) {
    const names = readdirSync(join(here, dir)).filter((f) => f.endsWith(".p4"));
    for (const name of names.sort()) {
      it(`${dir}/${name}`, () => {
        const { r } = checkText(name, readFileSync(join(here, dir, name), "utf8"));
        expect(r.ok).toBe(true);
        expectPrintedChecksTheSame(name, r);
      });
    }
  }
});

describe("conformance: invalid programs get their golden diagnostics", () => {
  for (const p of programs("invalid")) {
    it(`${p.group}/${p.name}`, async () => {
      const { r, rendered } = checkText(p.name, readFileSync(p.path, "utf8"));
      expect(r.ok).toBe(false);
      await expect(rendered).toMatchFileSnapshot(
        join(here, "baselines", p.group, p.name.replace(/\.p4$/, ".txt")),
      );
    });
  }
});
