// The checker's side tables as the one record of meaning: on every example and every valid
// conformance program, each name use resolves to a declaration of that name, each call in a
// parser resolves to its callee (packet_in's methods by the checker, not by the lowering), the
// lowering finds every fact it asks for in the tables, and the IR it builds from them is the one
// recorded in the baseline (written by the lowering that resolved everything again itself).

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { DiagnosticSink } from "../../src/diagnostics/sink.js";
import type * as A from "../../src/frontend/ast.js";
import { printIr } from "../../src/ir/print.js";
import { lowerToIr } from "../../src/ir/lower-parser.js";
import { nodeHost } from "../../src/node-host.js";
import { memoryHost } from "../../src/frontend/host.js";
import { typeToString } from "../../src/typecheck/types.js";
import { exampleFiles } from "../support/examples.js";

const validDir = join(import.meta.dirname, "..", "conformance", "valid");
const validFiles = (readdirSync(validDir, { recursive: true }) as string[])
  .filter((f) => f.endsWith(".p4"))
  .sort()
  .map((f) => join(validDir, f));
const root = join(import.meta.dirname, "..", "..");
const programs = [...exampleFiles(), ...validFiles];

const checked = (file: string) => {
  const r = compile({ file, host: nodeHost(), stopAfter: "check" });
  expect(r.typed, file).toBeDefined();
  return r.typed!;
};

/** Every node of kind `kind` under `n`, in source order. */
function nodesOf<K extends string>(n: unknown, kind: K, out: A.Node[] = []): A.Node[] {
  if (Array.isArray(n)) n.forEach((x) => nodesOf(x, kind, out));
  else if (n && typeof n === "object") {
    if ((n as { kind?: string }).kind === kind) out.push(n as A.Node);
    for (const [k, v] of Object.entries(n)) if (k !== "range") nodesOf(v, kind, out);
  }
  return out;
}

const BUILTIN = new Set(["error", "accept", "reject"]);

describe("the checker's side tables", () => {
  it("cover some programs, with names used in them", () => {
    expect(programs.length).toBeGreaterThan(10);
    expect(nodesOf(checked(exampleFiles()[0]!).program, "NameExpression").length).toBeGreaterThan(
      10,
    );
  });

  for (const file of programs) {
    const name = file.slice(root.length + 1);
    it(`${name}: every name use resolves to a declaration of that name`, () => {
      const typed = checked(file);
      const uses = nodesOf(typed.program, "NameExpression") as A.NameExpression[];
      for (const u of uses) {
        if (BUILTIN.has(u.name.name)) continue;
        const d = typed.references.get(u.name);
        expect(d, `${u.name.name} at ${u.range.start.line}:${u.range.start.column}`).toBeDefined();
        const declared =
          d!.kind === "Identifier" ? d!.name : (d as { name: A.Identifier }).name.name;
        expect(declared).toBe(u.name.name);
      }
    });

    it(`${name}: every call in the extractor resolves, packet_in's methods to packet_in`, () => {
      const typed = checked(file);
      const parser = typed.extractor?.parser;
      if (!parser) return;
      const calls = nodesOf(parser, "CallExpression") as A.CallExpression[];
      for (const c of calls) {
        const callee = typed.calls.get(c);
        expect(callee, `call at ${c.range.start.line}`).toBeDefined();
        const type =
          c.callee.kind === "MemberExpression"
            ? typed.expressionTypes.get(c.callee.object)
            : undefined;
        const onPacket = type?.kind === "extern" && type.name === "packet_in";
        expect(callee!.kind === "packet", `call at ${c.range.start.line}`).toBe(onPacket);
      }
      for (const e of nodesOf(parser, "AssignmentStatement") as A.AssignmentStatement[])
        expect(typed.expressionTypes.get(e.value)?.kind).not.toBe("unknown");
    });
  }

  it("give the lowering every fact it asks for, and the same IR as before them", async () => {
    const dump: string[] = [];
    for (const file of programs) {
      const typed = checked(file);
      if (!typed.extractor) continue;
      const missed: string[] = [];
      const sink = new DiagnosticSink();
      const ir = lowerToIr(typed, sink, {
        missed: (what, r) => missed.push(`${what} at ${r.start.line}:${r.start.column}`),
      });
      expect(missed, file).toEqual([]);
      dump.push(`=== ${file.slice(root.length + 1)}`);
      for (const d of sink.diagnostics) dump.push(`${d.code} ${d.message}`);
      if (ir) dump.push(printIr(ir));
    }
    await expect(dump.join("\n") + "\n").toMatchFileSnapshot("baselines/lowered.ir.txt");
  });
});

describe("the type an unsized integer takes", () => {
  const program = `#include <core.p4>
#include <p4flow.p4>
header h_t { bit<16> kind; int<8> delta; bit<8> len; }
struct hs { h_t h; }
struct m_t { bit<8> a; int<8> s; bit<8> t; }
const int STEP = 3;
parser P(packet_in p, out hs hdr, inout m_t meta) {
  state start {
    p.extract(hdr.h);
    meta.a = hdr.h.len + (STEP + 5);
    meta.s = hdr.h.delta - 1;
    meta.a = meta.a << 2;
    meta.t = hdr.h.len > 4 ? 7 : 300;
    p.advance(24);
    transition select(hdr.h.kind) { 0x0800: accept; default: reject; }
  }
}
FlowExtract(P()) main;
`;
  const file = "/unsized.p4";
  const r = compile({
    file,
    text: program,
    host: memoryHost({ [file]: program }),
    stopAfter: "ir",
  });
  const typed = r.typed!;
  const literal = (text: string) =>
    (nodesOf(typed.program.declarations, "IntegerLiteral") as A.IntegerLiteral[]).find(
      (l) => l.text === text && l.range.file === file,
    )!;
  const typeOf = (e: A.Expression) => typeToString(typed.expressionTypes.get(e)!);

  it("is recorded by the checker where it stands", () => {
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // An operand takes the other operand's type, through the arithmetic it is computed by.
    expect(typeOf(literal("1"))).toBe("int<8>");
    const sum = (nodesOf(typed.program.declarations, "BinaryExpression") as A.BinaryExpression[])
      .filter((b) => b.range.file === file && b.operator === "+")
      .map((b) => b.right)[0]!;
    expect(typed.unsized.has(sum)).toBe(true);
    expect(typeOf(sum)).toBe("bit<8>");
    expect(typeOf(literal("5"))).toBe("bit<8>");
    // A shift amount, and packet_in's bit count, are bit<32>; a keyset value takes the key's type.
    expect(typeOf(literal("2"))).toBe("bit<32>");
    expect(typeOf(literal("24"))).toBe("bit<32>");
    expect(typeOf(literal("0x0800"))).toBe("bit<16>");
    // Both branches of a conditional take the type it is assigned to.
    expect([typeOf(literal("7")), typeOf(literal("300"))]).toEqual(["bit<8>", "bit<8>"]);
  });

  it("is the width the lowering gives it", () => {
    const dump = printIr(r.ir!);
    // STEP + 5 folded, in the width of the other operand.
    expect(dump).toContain("meta.a = (hdr.h.len + 8:bit<8>)");
    expect(dump).toContain("(meta.a << 2:bit<32>)");
    // 300 does not fit bit<8> (the checker warns): it keeps its low 8 bits, as an assignment would.
    expect(dump).toContain("meta.t = ((hdr.h.len > 4:bit<8>) ? 7:bit<8> : 44:bit<8>)");
  });
});
