import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { decodeKey } from "../../src/interp/decode.js";
import { createInterpreter } from "../../src/interp/interpreter.js";
import type { LayoutOptions } from "../../src/layout/layout.js";
import { renderHeader } from "../../src/layout/render-c.js";
import { renderLayoutJson } from "../../src/layout/render-json.js";
import { renderDecoder } from "../../src/layout/render-ts.js";
import { compileFile } from "../support/compile.js";
import { requireTool } from "../support/toolchain.js";

const root = join(import.meta.dirname, "..", "..");
const example = join(root, "examples", "standard.p4");
const dir = mkdtempSync(join(tmpdir(), "p4flow-layout-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function standard(layout: LayoutOptions = { byteOrder: "network", packed: false }) {
  const { ir, layout: keyLayout } = compileFile(example, { layout });
  return { ir, layout: keyLayout };
}

const VARIANTS: [string, LayoutOptions][] = [
  ["network", { byteOrder: "network", packed: false }],
  ["host", { byteOrder: "host", packed: false }],
  ["packed", { byteOrder: "network", packed: true }],
];

describe("layout of the standard example", () => {
  it("covers every byte exactly once, aligns naturally and ends on a multiple of 8", () => {
    for (const [, opts] of VARIANTS) {
      const { layout } = standard(opts);
      let next = 0;
      for (const f of layout.fields) {
        expect(f.offset, f.path).toBe(next);
        if (!opts.packed && (f.kind === "uint" || f.kind === "int"))
          expect(f.offset % f.size, f.path).toBe(0);
        next += f.size;
      }
      expect(next).toBe(layout.size);
      expect(layout.size % 8).toBe(0);
      if (opts.packed)
        expect(
          layout.fields
            .filter((f) => f.kind === "padding")
            .every((f) => f.offset + f.size === layout.size),
        ).toBe(true);
    }
  });

  it("points the status block at its own fields", () => {
    for (const [, opts] of VARIANTS) {
      const { layout } = standard(opts);
      const at = (path: string) => layout.fields.find((f) => f.path === path)?.offset;
      expect([
        layout.status.outcomeOffset,
        layout.status.errorOffset,
        layout.status.validOffset,
      ]).toEqual([at("$status.outcome"), at("$status.error"), at("$status.valid")]);
    }
  });

  it("matches the golden C header and JSON", async () => {
    const { layout } = standard();
    await expect(renderHeader(layout)).toMatchFileSnapshot("baselines/StandardParser.h");
    await expect(renderLayoutJson(layout)).toMatchFileSnapshot(
      "baselines/StandardParser.layout.json",
    );
  });
});

describe("the C header", () => {
  for (const [name, opts] of VARIANTS) {
    it(`compiles cleanly as C11 and as BPF (${name})`, (ctx) => {
      const header = join(dir, `${name}.h`);
      writeFileSync(header, renderHeader(standard(opts).layout));
      const main = join(dir, `${name}.c`);
      writeFileSync(
        main,
        `#include "${header}"\nint main(void) { struct StandardParser_key k = {0}; return (int)sizeof(k) - STANDARDPARSER_KEY_SIZE; }\n`,
      );
      if (requireTool("cc", (m) => ctx.skip(m), "apt-get install gcc")) {
        const cc = spawnSync(
          "cc",
          ["-std=c11", "-Wall", "-Wextra", "-Werror", "-o", join(dir, `${name}.out`), main],
          { encoding: "utf8" },
        );
        expect(cc.stderr).toBe("");
        expect(spawnSync(join(dir, `${name}.out`)).status).toBe(0);
      }
      if (requireTool("clang", (m) => ctx.skip(m), "apt-get install clang")) {
        const bpf = spawnSync(
          "clang",
          ["-target", "bpf", "-O2", "-Wall", "-Werror", "-c", "-o", join(dir, `${name}.o`), main],
          { encoding: "utf8" },
        );
        expect(bpf.stderr).toBe("");
        expect(bpf.status).toBe(0);
      }
    });
  }
});

describe("the TypeScript decoder", () => {
  it("type-checks and decodes what the interpreter wrote", async () => {
    for (const [name, opts] of VARIANTS) {
      const { ir, layout } = standard(opts);
      const source = renderDecoder(layout);
      const file = join(dir, `${name}.key.ts`);
      writeFileSync(file, source);
      const program = ts.createProgram([file], {
        strict: true,
        noEmit: true,
        types: [],
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        lib: ["lib.es2022.d.ts"],
      });
      const errors = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      expect(errors).toEqual([]);
      const js = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const jsFile = join(dir, `${name}.key.mjs`);
      writeFileSync(jsFile, js);
      const mod = await import(jsFile);
      const packet = Buffer.from(
        "ffffffffffff0011223344558100002a86dd6000000000140640" +
          "20010db8000000000000000000000001" +
          "20010db8000000000000000000000002" +
          "0035005000000000000000005002200000000000",
        "hex",
      );
      const key = createInterpreter(ir, layout)(packet).key;
      const decoded = mod.decode(key);
      const view = decodeKey(layout, key);
      expect(decoded.outcome).toBe(view.outcome);
      expect(decoded.key.vlan[0]).toMatchObject({ valid: true, vid: 42 });
      expect(decoded.key.vlan[1].valid).toBe(false);
      expect(decoded.key.ipv6.valid).toBe(true);
      expect(mod.formatIpv6(decoded.key.ipv6.src)).toBe("2001:db8::1");
      expect(mod.formatMac(decoded.key.ethernet.src)).toBe("00:11:22:33:44:55");
      expect(decoded.key.ports).toMatchObject({ valid: true, src: 53, dst: 80 });
      expect(decoded.meta).toEqual({ etherType: 0x86dd, ipProto: 6 });
      // Bytes of another size, or another layout's fingerprint, are refused.
      expect(() => mod.decode(key.subarray(0, key.length - 8))).toThrow(
        /belongs to another layout/,
      );
      expect(() => mod.checkFingerprint(layout.fingerprint)).not.toThrow();
      expect(() => mod.checkFingerprint(1n)).toThrow(/fingerprint is 0x0000000000000001/);
    }
  });
});
