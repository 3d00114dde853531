import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { renderText } from "../../src/diagnostics/render-text.js";
import { memoryHost } from "../../src/frontend/host.js";
import { preprocess, type PreprocessOptions } from "../../src/frontend/preprocess.js";
import { compileFiles, first } from "../support/frontend.js";

const NO_OPTIONS: PreprocessOptions = { includePaths: [], defines: [], undefines: [] };

function pp(
  files: Record<string, string>,
  main = "/m.p4",
  options: PreprocessOptions = NO_OPTIONS,
) {
  const sink = new DiagnosticSink();
  const r = preprocess({ path: main, text: files[main]! }, memoryHost(files), options, sink);
  return { ...r, sink, rendered: renderText(sink.diagnostics, { sourceText: (f) => files[f] }) };
}

/** The output's non-empty lines, trimmed. */
const code = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");

describe("preprocessor directives", () => {
  it("expands object-like and function-like macros, with # and ##", () => {
    const r = pp({
      "/m.p4": [
        "#define W 16",
        "#define FIELD(t, n) bit<t> n;",
        "#define STR(x) #x",
        "#define CAT(a, b) a ## b",
        "FIELD(W, etherType)",
        "const string s = STR(hello world);",
        "const bit<8> CAT(my, Name) = W;",
      ].join("\n"),
    });
    expect(r.rendered).toBe("");
    expect(code(r.text)).toEqual([
      "bit<16> etherType;",
      'const string s = "hello world";',
      "const bit<8> myName = 16;",
    ]);
  });

  it("does not expand macros inside comments and strings", () => {
    const r = pp({ "/m.p4": '#define X 1\n// X\n/* X\nX */ X "X"' });
    expect(code(r.text)).toEqual(["// X", "/* X", 'X */ 1 "X"']);
  });

  it("evaluates #if, #elif, #else, #ifdef, #ifndef with defined and arithmetic", () => {
    const r = pp({
      "/m.p4": [
        "#define A 3",
        "#if A * 2 == 6 && defined(A) && !defined B",
        "yes1",
        "#elif 1",
        "no1",
        "#else",
        "no2",
        "#endif",
        "#ifdef B",
        "no3",
        "#elif A > 2 ? 1 : 0",
        "yes2",
        "#endif",
        "#ifndef B",
        "yes3",
        "#endif",
        "#if UNKNOWN_NAME",
        "no4",
        "#endif",
      ].join("\n"),
    });
    expect(r.rendered).toBe("");
    expect(code(r.text)).toEqual(["yes1", "yes2", "yes3"]);
  });

  it("applies -D and -U from the options", () => {
    const r = pp({ "/m.p4": "#ifdef FAST\nV\n#endif\n#ifdef SLOW\nS\n#endif" }, "/m.p4", {
      includePaths: [],
      defines: [{ name: "FAST" }, { name: "V", value: "42" }, { name: "SLOW" }],
      undefines: ["SLOW"],
    });
    expect(code(r.text)).toEqual(["42"]);
  });

  it("includes quoted files relative to the includer, then -I paths, then built-ins", () => {
    const r = pp(
      {
        "/src/m.p4":
          '#include "local.p4"\n#include <lib.p4>\n#include <core.p4>\n#include <core.p4>\nmain_line',
        "/src/local.p4": "local_line",
        "/inc/lib.p4": "lib_line",
      },
      "/src/m.p4",
      { includePaths: ["/inc"], defines: [], undefines: [] },
    );
    expect(r.rendered).toBe("");
    expect(r.files).toEqual(["/src/m.p4", "/src/local.p4", "/inc/lib.p4", "<builtin>/core.p4"]);
    const lines = code(r.text);
    expect(lines[0]).toBe("local_line");
    expect(lines[1]).toBe("lib_line");
    expect(lines.filter((l) => l.startsWith("extern packet_in"))).toHaveLength(1);
    expect(lines[lines.length - 1]).toBe("main_line");
  });

  it("honours #pragma once and #line", () => {
    const r = pp({
      "/m.p4": '#include "o.p4"\n#include "o.p4"\n#line 100 "gen.p4"\nhere',
      "/o.p4": "#pragma once\nonce",
    });
    expect(code(r.text)).toEqual(["once", "here"]);
    const line = r.text.split("\n").findIndex((l) => l === "here") + 1;
    expect(r.map.original(line, 1)).toEqual({ file: "gen.p4", line: 100, column: 1 });
  });

  it("joins backslash continuations and keeps the line count", () => {
    const r = pp({ "/m.p4": "#define LONG(a) \\\n  a + \\\n  a\nx = LONG(2);\ny" });
    expect(code(r.text)).toEqual(["x = 2 + 2;", "y"]);
    expect(r.text.split("\n")).toHaveLength(5);
  });
});

describe("position mapping", () => {
  it("maps tokens after macro expansion back to the use site and beyond", () => {
    const r = pp({ "/m.p4": "#define LONGNAME 1\nconst bit<8> A = LONGNAME + B;" });
    const out = r.text.split("\n")[1]!;
    expect(out).toBe("const bit<8> A = 1 + B;");
    expect(r.map.original(2, out.indexOf("1") + 1)).toEqual({ file: "/m.p4", line: 2, column: 18 });
    expect(r.map.original(2, out.indexOf("B") + 1)).toEqual({ file: "/m.p4", line: 2, column: 29 });
    expect(r.map.original(2, 1)).toEqual({ file: "/m.p4", line: 2, column: 1 });
  });

  it("names the included file in AST ranges and records where it was included", () => {
    const files = {
      "/m.p4": '\n#include "h.p4"\nconst bit<8> B = 2;',
      "/h.p4": "\n\nconst bit<8> A = 1;",
    };
    const { program, pp: r } = compileFiles(files, "/m.p4");
    const consts = program.declarations.filter((d) => d.kind === "ConstantDeclaration");
    expect(consts.map((d) => [d.name.name, d.range.file, d.range.start.line])).toEqual([
      ["A", "/h.p4", 3],
      ["B", "/m.p4", 3],
    ]);
    expect(r.map.includedFrom("/h.p4")).toMatchObject({ file: "/m.p4", start: { line: 2 } });
    expect(r.map.includedFrom("/m.p4")).toBeUndefined();
  });

  it("reports a syntax error inside an included file at its own line", () => {
    const { rendered } = compileFiles(
      { "/m.p4": '#include "bad.p4"\n', "/bad.p4": "header h {\n  bit<8> x\n}" },
      "/m.p4",
    );
    expect(rendered).toContain(
      "/bad.p4:2:11: error P4F1002[unexpected-token]: Expected ';' after the field declaration, found '}'.",
    );
  });

  it("finds the parser declared after macro-heavy code", () => {
    const { program, rendered } = compileFiles(
      {
        "/m.p4":
          "#define HDR(n) header n { bit<8> f; }\nHDR(a_t)\nHDR(b_t)\nparser P(packet_in p) { state start { transition accept; } }",
      },
      "/m.p4",
    );
    expect(rendered).toBe("");
    expect(first(program, "ParserDeclaration").range.start.line).toBe(4);
  });
});

describe("preprocessor errors", () => {
  const cases: Record<string, Record<string, string>> = {
    "missing include": { "/m.p4": '#include "nope.p4"\n#include <nope.p4>' },
    "include cycle": {
      "/m.p4": '#include "a.p4"',
      "/a.p4": '#include "b.p4"',
      "/b.p4": '#include "a.p4"',
    },
    "unterminated if": { "/m.p4": "#if 1\nx\n#ifdef Y\n" },
    "endif without if": { "/m.p4": "#endif\n#else" },
    "error and warning directives": { "/m.p4": "#warning careful\n#error stop here." },
    "unknown directive": { "/m.p4": "#frobnicate 3" },
    "bad condition": { "/m.p4": "#if 1 +\n#endif\n#if (2\n#endif\n#if 1/0\n#endif" },
    "malformed directives": {
      "/m.p4": "#include nothing\n#define 3x\n#undef\n#ifdef\n#endif\n#line x",
    },
    "macro redefinition": { "/m.p4": "#define A 1\n#define A 2\n#define A 2" },
    "else after else": { "/m.p4": "#if 0\n#else\n#else\n#endif" },
  };
  for (const [name, files] of Object.entries(cases)) {
    it(name, async () => {
      const r = pp(files);
      expect(r.sink.diagnostics.length).toBeGreaterThan(0);
      await expect(r.rendered).toMatchFileSnapshot(`baselines/${name.replace(/ /g, "-")}.txt`);
    });
  }

  it("ends self-referencing macros by the C rule and stops exponential ones", () => {
    // A macro is not expanded inside its own expansion, so these end.
    const finite = pp({ "/m.p4": "#define A B B\n#define B A A\nA\n#define SELF SELF x\nSELF" });
    expect(finite.rendered).toBe("");
    expect(code(finite.text)).toEqual(["A A A A", "SELF x"]);
    // Each level doubles the text: 2^30 characters is refused, not attempted.
    const defs = Array.from({ length: 30 }, (_, i) => `#define M${i} M${i + 1} M${i + 1}`).join(
      "\n",
    );
    const huge = pp({ "/m.p4": `${defs}\nM0\nafter` });
    expect(huge.sink.diagnostics.map((d) => d.name)).toEqual(["macro-expansion-too-large"]);
    expect(code(huge.text)).toEqual(["after"]);
  });

  it("never throws or hangs on random input", () => {
    const pieces = [
      "#if 1",
      "#else",
      "#endif",
      "#define A(x) x x",
      "#define B A(B)",
      "A(",
      "B",
      '#include "m.p4"',
      "/*",
      "*/",
      '"',
      "\\",
      "\n",
      "#",
      "x",
      "#elif",
      "#undef A",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const text = parts.join(" ");
        const r = pp({ "/m.p4": text });
        expect(typeof r.text).toBe("string");
      }),
      { numRuns: 300 },
    );
  });

  it("passes a 10 MB input through unchanged (the test timeout catches a quadratic pass)", () => {
    const text = "const bit<8> X = 1; // comment\n".repeat(330_000);
    const r = pp({ "/m.p4": text });
    expect(r.sink.diagnostics).toEqual([]);
    expect(r.text === text).toBe(true);
  });
});

describe("included-from notes", () => {
  it("follows the include chain from the problem to the main file", async () => {
    const { compile } = await import("../../src/compile.js");
    const files = {
      "/m.p4": '\n#include "a.p4"\n',
      "/a.p4": '#include "b.p4"\n',
      "/b.p4": "header h { bit<8> x }\n",
    };
    const r = compile({ file: "/m.p4", host: memoryHost(files), stopAfter: "parse" });
    expect(renderText(r.diagnostics)).toBe(
      [
        "/b.p4:1:20: error P4F1002[unexpected-token]: Expected ';' after the field declaration, found '}'.",
        "/a.p4:1:1: note: '/b.p4' was included from here.",
        "/m.p4:2:1: note: '/a.p4' was included from here.",
        "",
      ].join("\n"),
    );
  });
});
