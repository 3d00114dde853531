// Formatting (src/frontend/format.ts): indentation by nesting, the printer's layout for declarations
// it can print token for token, comments and directives kept, idempotent, whitespace-only.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { formatP4 } from "../../src/frontend/format.js";
import { nodeHost } from "../../src/node-host.js";
import { exampleFiles } from "../support/examples.js";

const spaces = { tabSize: 4, insertSpaces: true };
function format(text: string, file = "/f.p4", options = spaces): string {
  const r = compile({ file, text, host: nodeHost(), stopAfter: "parse" });
  return formatP4(text, file, r.program, options) ?? text;
}
/** Everything but whitespace, comments included. */
const squeeze = (t: string) => t.replace(/\s+/g, "");

const programs = [
  ...exampleFiles(),
  ...readdirSync(join(import.meta.dirname, "..", "grammar", "programs")).map((f) =>
    join(import.meta.dirname, "..", "grammar", "programs", f),
  ),
];

describe("formatting", () => {
  it("indents by nesting, keeps comments and directives, and uses the printer where it can", () => {
    const messy = [
      "#include <core.p4>",
      "  #define W 8",
      "header h_t {",
      " bit<8>   x;",
      "      bit<W> y; }",
      "",
      "",
      "",
      "error {   Bad   }",
      "parser P(packet_in p, out h_t h) {",
      " state start {",
      "  // keep me",
      " p.extract(h);   ",
      "transition accept;",
      " }",
      "}",
    ].join("\n");
    expect(format(messy)).toBe(
      [
        "#include <core.p4>",
        "#define W 8",
        // The macro keeps this declaration from the printer (it would write 8 for W): re-indented only.
        "header h_t {",
        "    bit<8>   x;",
        "    bit<W> y; }",
        "",
        "error {",
        "    Bad",
        "}",
        "parser P(packet_in p, out h_t h) {",
        "    state start {",
        "        // keep me",
        "        p.extract(h);",
        "        transition accept;",
        "    }",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("honours the client's tab size and tabs", () => {
    const text = "header h_t {\nbit<8> x;\n}\n";
    expect(format(text, "/t.p4", { tabSize: 2, insertSpaces: true })).toBe(
      "header h_t {\n  bit<8> x;\n}\n",
    );
    expect(format(text, "/t.p4", { tabSize: 4, insertSpaces: false })).toBe(
      "header h_t {\n\tbit<8> x;\n}\n",
    );
  });

  it("keeps CR-only and CRLF line ends (a lone CR is a line end, as in the lexer)", () => {
    for (const eol of ["\r", "\r\n"]) {
      const text = [
        "header h_t {",
        "bit<8> x;",
        "}",
        "parser P(packet_in p) {",
        "state start {",
        "transition accept;",
        "}",
        "}",
        "",
      ].join(eol);
      expect(format(text, "/cr.p4")).toBe(
        [
          "header h_t {",
          "    bit<8> x;",
          "}",
          "parser P(packet_in p) {",
          "    state start {",
          "        transition accept;",
          "    }",
          "}",
          "",
        ].join(eol),
      );
    }
  });

  it("clamps an absurd tab size to 1..16 spaces instead of failing", () => {
    const text = "header h_t {\nbit<8> x;\n}\n";
    const at = (tabSize: number) => format(text, "/t.p4", { tabSize, insertSpaces: true });
    expect(at(1e9)).toBe(`header h_t {\n${" ".repeat(16)}bit<8> x;\n}\n`);
    expect(at(-3)).toBe("header h_t {\n bit<8> x;\n}\n");
    expect(at(Number.NaN)).toBe("header h_t {\n    bit<8> x;\n}\n");
  });

  for (const file of programs)
    it(`${file.split("/").slice(-2).join("/")}: only whitespace changes, and a second pass changes nothing`, () => {
      const text = readFileSync(file, "utf8");
      const once = format(text, file);
      expect(squeeze(once)).toBe(squeeze(text));
      expect(format(once, file)).toBe(once);
    });
});
