// The type checker: each negative program breaks one rule and its diagnostics are a golden
// baseline; the architecture-style programs, the examples and the built-in headers check clean.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { renderText } from "../../src/diagnostics/render-text.js";
import { builtinIncludes } from "../../src/frontend/include/index.js";
import { memoryHost } from "../../src/frontend/host.js";
import { nodeHost } from "../../src/node-host.js";
import { exampleFiles } from "../support/examples.js";

const negative = join(import.meta.dirname, "negative");
const root = join(import.meta.dirname, "..", "..");

function checkText(file: string, text: string, parserName?: string) {
  const r = compile({
    file,
    text,
    host: memoryHost({ [file]: text }),
    ...(parserName ? { parserName } : {}),
  });
  const sourceText = (f: string) =>
    f === file ? text : builtinIncludes[f.replace("<builtin>/", "")];
  return { r, rendered: renderText(r.diagnostics, { sourceText }) };
}

describe("type checker: one broken rule per program", () => {
  for (const f of readdirSync(negative)
    .filter((x) => x.endsWith(".p4"))
    .sort()) {
    it(f, async () => {
      const { rendered } = checkText(f, readFileSync(join(negative, f), "utf8"));
      expect(rendered).not.toBe("");
      await expect(rendered).toMatchFileSnapshot(
        join(import.meta.dirname, "baselines", f.replace(/\.p4$/, ".txt")),
      );
    });
  }

  it("names the parsers when --parser names none of them", () => {
    const { r, rendered } = checkText(
      "x.p4",
      "#include <core.p4>\nparser A(packet_in p, out bit<8> h) { state start { transition accept; } }",
      "B",
    );
    expect(r.ok).toBe(false);
    expect(rendered).toContain(
      "error P4F2202[unknown-parser]: 'B' given to --parser is not a parser of this program. Parsers in this program: 'A'; choose one with --parser NAME.",
    );
  });
});

describe("type checker: programs that must check clean", () => {
  const host = nodeHost();
  const files = [
    // protocols.p4 holds shared declarations the examples include; it has no parser.
    ...exampleFiles().filter((f) => !f.endsWith("/protocols.p4")),
    ...readdirSync(join(root, "test", "grammar", "programs")).map((f) =>
      join(root, "test", "grammar", "programs", f),
    ),
    ...readdirSync(join(root, "test", "typecheck", "positive")).map((f) =>
      join(root, "test", "typecheck", "positive", f),
    ),
  ];
  const expected: Record<string, [string | undefined, string | undefined, string | undefined]> = {
    "standard.p4": ["StandardParser", "p4flow", "meta"],
    "tunnels.p4": ["TunnelParser", "p4flow", "meta"],
    "v1model-basic.p4": ["MyParser", "v1model", "meta"],
    "ebpf-filter.p4": ["prs", "ebpf_model", undefined],
    "xdp-switch.p4": ["Parser", "xdp_model", undefined],
    "psa-basic.p4": ["IngressParserImpl", "psa", "user_meta"],
    "parser-constructs.p4": ["P", "p4flow", "meta"],
    "flow_dissector.p4": ["Dissector", "p4flow", "flow"],
    "ovs.p4": ["OvsParser", "p4flow", undefined],
    // Controls only: nothing to extract.
    "controls.p4": [undefined, undefined, undefined],
    "serializable-enums.p4": ["P", "p4flow", "meta"],
    // Declarations only.
    "zero-width-and-empty.p4": [undefined, undefined, undefined],
  };
  for (const file of files) {
    const base = file.split("/").pop()!;
    it(`${base} has no diagnostics and the expected extractor`, () => {
      const r = compile({ file, host });
      expect(renderText(r.diagnostics)).toBe("");
      const x = r.typed?.extractor;
      expect([x?.parser.name.name, x?.architecture, x?.metaParam?.name.name]).toEqual(
        expected[base],
      );
    });
  }

  for (const name of Object.keys(builtinIncludes)) {
    it(`built-in ${name} checks clean`, () => {
      const { rendered } = checkText("/inc.p4", `#include <${name}>\n`);
      expect(rendered).toBe("");
    });
  }

  it("numbers errors with the standard ones first", () => {
    const { r } = checkText("e.p4", "#include <core.p4>\nerror { Mine }\n");
    expect(r.typed?.errors.slice(0, 2)).toEqual([
      { name: "NoError", code: 0 },
      { name: "PacketTooShort", code: 1 },
    ]);
    expect(r.typed?.errors.at(-1)).toEqual({ name: "Mine", code: 7 });
  });
});
