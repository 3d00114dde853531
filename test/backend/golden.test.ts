// The generated C for the standard example, XDP and tc, as golden baselines: a change to the
// emitters shows up as a reviewed diff (accept with `vitest -u`).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitProgram } from "../../src/backend-ebpf/emit-program.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { compileFile } from "../support/compile.js";

const example = join(import.meta.dirname, "..", "..", "examples", "standard.p4");

describe("generated C", () => {
  for (const target of ["xdp", "tc"] as const) {
    it(`standard example, ${target}`, async () => {
      const r = compileFile(example);
      const sink = new DiagnosticSink();
      const c = emitProgram(r.ir, r.layout, { target, headerFile: "standard.h" }, sink);
      expect(sink.diagnostics).toEqual([]);
      await expect(c).toMatchFileSnapshot(`baselines/standard.${target}.bpf.c`);
    });
  }
});
