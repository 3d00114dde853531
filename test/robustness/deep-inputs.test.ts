// Inputs of any depth or length end in a result or a located error, never a stack overflow:
// long flat chains (operators, `++`, members, indices, slices, through #define too), enum
// initializers, deep nesting the parser cannot follow, deep types and long constant chains. A
// program just inside the limit goes through every phase: the printer, both interpreters, the
// emitter, clang and the verifier, with the same keys everywhere.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildObject, LoadedProgram } from "../../src/backend-ebpf/kernel-runner.js";
import { compile } from "../../src/compile.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import { memoryHost } from "../../src/frontend/host.js";
import { MAX_EXPRESSION_DEPTH } from "../../src/frontend/lower-expressions.js";
import { printProgram } from "../../src/frontend/printer.js";
import { compileInterpreter } from "../../src/interp/compiled.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import { emitProgram } from "../../src/backend-ebpf/emit-program.js";
import { renderHeader } from "../../src/layout/render-c.js";
import { renderText } from "../../src/diagnostics/render-text.js";
import { kernelAvailable } from "../support/kernel.js";

const work = mkdtempSync(join(tmpdir(), "p4flow-i18-robustness-deep-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const rep = (s: string, n: number, sep = "") => Array.from({ length: n }, () => s).join(sep);

const prelude = `#include <core.p4>
#include <p4flow.p4>
header h_t { bit<8> a; bit<8> b; }
struct hs { h_t h; }
struct m_t { bit<8> x; bit<8> y; }
`;

/** A program whose start state runs `body` after extracting hdr.h (line 8 holds the body). */
function inParser(body: string, extra = ""): string {
  return `${prelude}${extra}parser P(packet_in p, out hs hdr, inout m_t m) {
  state start {
    p.extract(hdr.h);
${body}
    transition accept;
  }
}
FlowExtract(P()) main;
`;
}

function run(text: string) {
  const r = compile({
    file: "/deep.p4",
    text,
    host: memoryHost({ "/deep.p4": text }),
    stopAfter: "ir",
  });
  return { r, errors: r.diagnostics.filter((d) => d.severity === "error") };
}

describe("long flat chains and deep nesting", () => {
  const cases: [string, string, string, number][] = [
    ["4,000 '+' terms", `const bit<8> C = ${rep("1", 4000, " + ")};\n`, "P4F1200", 1],
    [
      "4,000 terms through #define",
      `#define X ${rep("1", 4000, " + ")}\nconst bit<8> C = X;\n`,
      "P4F1200",
      2,
    ],
    ["4,000 '++' terms", `const bit<64> C = ${rep("1w1", 4000, " ++ ")};\n`, "P4F1200", 1],
    [
      "an enum initializer of 5,000 terms",
      `enum bit<8> E { A = ${rep("1", 5000, " + ")} }\n`,
      "P4F1200",
      1,
    ],
    [
      "4,000 '.a' members",
      `${prelude}struct s_t { h_t a; }\ncontrol c(inout s_t x) { apply { x${rep(".a", 4000)} = 1; } }\n`,
      "P4F1200",
      7,
    ],
    [
      "4,000 '[0]' indices",
      `control c(inout bit<8> x) { apply { x = x${rep("[0]", 4000)}; } }\n`,
      "P4F1200",
      1,
    ],
    [
      "4,000 '[7:0]' slices",
      `control c(inout bit<8> x) { apply { x = x${rep("[7:0]", 4000)}; } }\n`,
      "P4F1200",
      1,
    ],
    ["5,000 prefix operators", inParser(`    m.x = ${rep("~", 5000)}hdr.h.a;`), "P4F1206", 9],
    ["5,000 casts", inParser(`    m.x = ${rep("(bit<8>)", 5000)}hdr.h.a;`), "P4F1206", 9],
    ["5,000 '?:'", inParser(`    m.x = ${rep("hdr.h.a == 1 ? 8w1 : ", 5000)}8w0;`), "P4F1206", 9],
    [
      "5,000 'if' without braces",
      inParser(`    ${rep("if (hdr.h.a == 1) ", 5000)}m.x = 1;`),
      "P4F1206",
      9,
    ],
    ["300 prefix operators", inParser(`    m.x = ${rep("~", 300)}hdr.h.a;`), "P4F1200", 9],
    [
      "a stack type of 5,000 dimensions",
      `${prelude}struct z { h_t${rep("[1]", 5000)} s; }\n`,
      "P4F1205",
      6,
    ],
    [
      "tuple types 300 deep",
      `typedef ${rep("tuple<", 300)}bit<8>${rep(">", 300)} T;\n`,
      "P4F1205",
      1,
    ],
  ];
  for (const [what, text, code, line] of cases) {
    it(`refuses ${what} with one located error`, () => {
      const { errors } = run(text);
      expect(errors.map((d) => d.code)).toEqual([code]);
      expect(errors[0]!.range?.file).toBe("/deep.p4");
      expect(errors[0]!.range?.start.line).toBe(line);
    });
  }

  it("evaluates a chain of 5,000 constants in either order", () => {
    const up = `const bit<8> C0 = 1;\n${Array.from({ length: 5000 }, (_, i) => `const bit<8> C${i + 1} = C${i} + 1;`).join("\n")}\n`;
    const { r, errors } = run(inParser("    m.x = C5000;", up));
    expect(errors).toEqual([]);
    const key = compileInterpreter(r.ir!, r.layout!)(Uint8Array.from([7, 9])).key;
    // m.x is 5001 mod 256 = 137; the key holds hdr.h then m.
    expect([...key]).toContain(137);
  });

  it("keeps a '#if' condition nested 5,000 deep a located error", () => {
    const { errors } = run(`#if ${rep("(", 5000)}1${rep(")", 5000)}\n#endif\n`);
    expect(errors.map((d) => [d.code, d.range?.start.line])).toEqual([["P4F1108", 1]]);
    expect(errors[0]!.message).toContain("nested too deeply");
  });
});

describe("a program just inside the depth limit", () => {
  // 250 operands make a tree 250 deep; members and slices add to it, staying under the limit.
  const sum = rep("hdr.h.a", MAX_EXPRESSION_DEPTH - 6, " + ");
  const text = inParser(`    m.x = ${sum};\n    m.y = ((hdr.h.b ^ hdr.h.a)[7:0] + m.x)[7:0];`);

  it("goes through the printer, both interpreters and the emitter", () => {
    const { r, errors } = run(text);
    expect(renderText(errors)).toBe("");
    const printed = printProgram(r.program!);
    expect(run(printed).errors).toEqual([]);
    const reference = createInterpreter(r.ir!, r.layout!);
    const compiled = compileInterpreter(r.ir!, r.layout!);
    for (const packet of [[3, 5], [255, 1], [0, 0], [1]]) {
      const bytes = Uint8Array.from(packet);
      const a = reference(bytes);
      expect([...compiled(bytes).key]).toEqual([...a.key]);
      if (packet.length === 2) expect(a.outcome).toBe("accept");
    }
    const sink = new DiagnosticSink();
    expect(emitProgram(r.ir!, r.layout!, { target: "xdp", headerFile: "deep.h" }, sink)).toContain(
      'SEC("xdp")',
    );
    expect(renderText(sink.diagnostics)).toBe("");
  });

  it("builds with clang, loads in the verifier and gives the interpreter's keys", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    const { r } = run(text);
    const sink = new DiagnosticSink();
    // A plain array: a per-CPU key map would have to be read for the CPU that ran.
    writeFileSync(join(work, "deep.h"), renderHeader(r.layout!));
    writeFileSync(
      join(work, "deep.bpf.c"),
      emitProgram(
        r.ir!,
        r.layout!,
        { target: "xdp", keyMap: "array", headerFile: "deep.h" },
        sink,
      )!,
    );
    const obj = buildObject(work, "deep", sink);
    const prog = obj ? LoadedProgram.load(obj, "xdp", "P_keys", sink) : undefined;
    expect(renderText(sink.diagnostics)).toBe("");
    try {
      const packets = [3, 200, 255].map((a) => {
        const p = new Uint8Array(20);
        p[0] = a;
        p[1] = a ^ 0x5a;
        return p;
      });
      const kernel = prog!.run(packets, sink);
      const reference = createInterpreter(r.ir!, r.layout!);
      packets.forEach((p, i) => expect([...kernel[i]!.key]).toEqual([...reference(p).key]));
    } finally {
      prog?.unload();
    }
  });
});
