// Checks that read one declaration alone keep their reports per declaration object
// (src/typecheck/per-declaration.ts): a program checked again, as the language server does with
// the declarations the parse reused, reports the same diagnostics every time, each compile's
// warning policy applied to them.
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { check } from "../../src/typecheck/check.js";
import { parseOk } from "../support/frontend.js";

const program = parseOk(`
extern E { E(); void f(); }
struct G<T> { T f; }
struct S { G<_> g; }
control C() {
  apply { this.f(); }
}
`);

const reported = (sink: DiagnosticSink) => sink.diagnostics.map((d) => `${d.code} ${d.severity}`);

describe("checks kept per declaration", () => {
  it("report the same diagnostics each time a declaration is checked", () => {
    const first = new DiagnosticSink();
    check(program, first);
    expect(reported(first)).toEqual(expect.arrayContaining(["P4F2332 error", "P4F2020 error"]));
    for (let i = 0; i < 2; i++) {
      const again = new DiagnosticSink();
      check(program, again);
      expect(again.diagnostics).toEqual(first.diagnostics);
    }
  });
});
