import { describe, expect, it } from "vitest";
import { renderJson } from "../../src/diagnostics/render-json.js";
import { renderText } from "../../src/diagnostics/render-text.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { messages } from "../../src/diagnostics/catalog.js";

const range = { file: "a.p4", start: { line: 2, column: 5 }, end: { line: 2, column: 8 } };

function one() {
  const sink = new DiagnosticSink();
  sink.report(messages.unknownName, range, { name: "foo" }, [
    { message: "Did you mean 'for'?", range: { ...range, start: { line: 1, column: 1 } } },
  ]);
  return sink.diagnostics;
}

describe("diagnostic renderers", () => {
  it("renders the gcc shape with the quoted line and an underline", () => {
    expect(renderText(one(), { sourceText: () => "line one\n    foo = 1;\n" })).toBe(
      [
        "a.p4:2:5: error P4F2001[unknown-name]: 'foo' is not declared.",
        "  2 |     foo = 1;",
        "    |     ^~~",
        "a.p4:1:1: note: Did you mean 'for'?",
        "",
      ].join("\n"),
    );
  });

  it("colours the severity only when asked", () => {
    expect(renderText(one(), { color: true })).toContain("\x1b[1;31merror\x1b[0m");
    expect(renderText(one())).not.toContain("\x1b[");
  });

  it("renders JSON with every field", () => {
    expect(JSON.parse(renderJson(one()))).toEqual([
      {
        code: "P4F2001",
        name: "unknown-name",
        severity: "error",
        message: "'foo' is not declared.",
        range,
        related: [
          { message: "Did you mean 'for'?", range: { ...range, start: { line: 1, column: 1 } } },
        ],
      },
    ]);
  });

  it("applies the warning policy at report time", () => {
    const def = messages.unreachableState;
    const args = { name: "s", parser: "P" };
    const off = new DiagnosticSink({ disabled: new Set([def.name]) });
    off.report(def, range, args);
    expect(off.diagnostics).toEqual([]);
    const promoted = new DiagnosticSink({
      asError: "all",
      keepAsWarning: new Set(["case-after-default"]),
    });
    promoted.report(def, range, args);
    promoted.report(messages.caseAfterDefault, range);
    expect(promoted.diagnostics.map((d) => d.severity)).toEqual(["error", "warning"]);
    expect(promoted.errorCount).toBe(1);
  });
});
