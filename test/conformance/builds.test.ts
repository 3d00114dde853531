// Accepted programs build: every program under builds/ (language features the checker accepts)
// compiles, and its C builds with clang (an accepted program whose C does not build is a
// compiler bug); every program under unsupported/ is valid P4 the IR cannot compile yet, and
// gets a located P4F3001 instead of an exception or C that clang rejects.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/backend-ebpf/build.js";
import { compile } from "../../src/compile.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { memoryHost } from "../../src/frontend/host.js";
import { requireTool } from "../support/toolchain.js";
import { compileTextResult } from "../support/compile.js";

const here = import.meta.dirname;
const files = (dir: string) =>
  readdirSync(join(here, dir))
    .filter((f) => f.endsWith(".p4"))
    .sort();

function compileFile(dir: string, name: string) {
  const text = readFileSync(join(here, dir, name), "utf8");
  return compileTextResult(text, { file: name });
}

describe("accepted feature programs build with clang", () => {
  for (const name of files("builds")) {
    it(name, (ctx) => {
      if (!requireTool("clang", (m) => ctx.skip(m), "apt-get install -y clang")) return;
      const r = compileFile("builds", name);
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const sink = new DiagnosticSink();
      const built = buildProgram(
        r.ir!,
        r.layout!,
        name.replace(/\.p4$/, ""),
        { target: "xdp", object: true },
        sink,
      );
      expect(sink.diagnostics).toEqual([]);
      expect(built?.obj?.length ?? 0).toBeGreaterThan(0);
    });
  }
});

describe("valid programs the IR cannot compile get a located P4F3001", () => {
  for (const name of files("unsupported")) {
    it(name, () => {
      const r = compileFile("unsupported", name);
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => d.code)).toEqual(["P4F3001"]);
      expect(errors[0]!.range?.file).toBe(name);
      // check reports it too, as the compile would.
      const text = readFileSync(join(here, "unsupported", name), "utf8");
      const checked = compile({ file: name, text, host: memoryHost({ [name]: text }) });
      expect(checked.diagnostics.map((d) => d.code)).toContain("P4F3001");
    });
  }
});

describe("check reports what a compile would, in source order", () => {
  it("keyset-too-wide.p4", () => {
    const name = "keyset-too-wide.p4";
    const text = readFileSync(join(here, "check-reports", name), "utf8");
    const host = memoryHost({ [name]: text });
    const checked = compile({ file: name, text, host, stopAfter: "check" });
    const compiled = compile({ file: name, text, host, stopAfter: "ir" });
    const shown = (r: typeof checked) =>
      r.diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.code}`);
    expect(shown(checked)).toEqual(["10:32 P4F2312", "10:47 P4F3003"]);
    expect(shown(checked)).toEqual(shown(compiled));
  });
});
