// Every generated binding (Go, Rust, Python, plain JavaScript) compiled and run with the real
// toolchain on keys the kernel wrote, for every example in both byte orders and packed: each must
// decode every field as the interpreter's key bytes say, refuse a key of another layout (its
// size) and a fingerprint of another layout. One Go program, one Rust binary, one Python and one
// Node process per language, reading many keys from files.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dissectorEntry } from "../../src/ir/flow-keys.js";
import type { FlowKeyLayout, LayoutOptions } from "../../src/layout/layout.js";
import { renderGo } from "../../src/layout/render-go.js";
import { renderPython } from "../../src/layout/render-python.js";
import { renderRust } from "../../src/layout/render-rust.js";
import { renderDecoderDts, renderDecoderJs } from "../../src/layout/render-ts.js";
import { renderLayoutJson } from "../../src/layout/render-json.js";
import { renderHeader } from "../../src/layout/render-c.js";
import ts from "typescript";
import { nodeHost } from "../../src/node-host.js";
import {
  cppMain,
  cppUnit,
  expectedLine,
  goMain,
  inputLines,
  JS_MAIN,
  PYTHON_MAIN,
  pythonFields,
  rustMain,
} from "../support/bindings.js";
import { exampleFiles } from "../support/examples.js";
import { kernelAvailable } from "../support/kernel.js";
import { buildInKernel } from "../support/kernel-compare.js";
import { biasedPackets } from "../support/packets.js";
import { requireTool } from "../support/toolchain.js";

const VARIANTS: LayoutOptions[] = [
  { byteOrder: "network", packed: false },
  { byteOrder: "host", packed: false },
  { byteOrder: "network", packed: true },
];

interface Case {
  readonly what: string;
  readonly layout: FlowKeyLayout;
  /** Keys read back from the kernel (equal to the interpreter's). */
  readonly keys: Uint8Array[];
  /** The input file: the keys, a key of another size, this and another layout's fingerprint. */
  readonly input: string;
  readonly expected: string[];
}

const dir = mkdtempSync(join(tmpdir(), "p4flow-i15-bindings-"));
const cases: Case[] = [];
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  if (process.getuid?.() !== 0 && process.env.P4FLOW_REQUIRE_KERNEL !== "1") return;
  const programs = exampleFiles().filter((f) => !f.endsWith("/protocols.p4"));
  for (const file of programs) {
    for (const layout of VARIANTS) {
      const probe = buildInKernel(
        { file, host: nodeHost() },
        { layout, target: file.includes("flow_dissector") ? "flow_dissector" : "xdp" },
      );
      try {
        const packets = biasedPackets(probe.ir, 150).filter((p) => p.length >= 14);
        const runs = probe.prog.run(packets, { report: () => undefined } as never);
        const keys: Uint8Array[] = [];
        packets.forEach((p, i) => {
          const ref = probe.ir.dissector
            ? probe.interp(p, dissectorEntry(probe.ir.dissector, p, 0))
            : probe.interp(p);
          const k = runs[i]?.key;
          expect(k && Buffer.from(k).equals(Buffer.from(ref.key)), `${file} packet ${i}`).toBe(
            true,
          );
          keys.push(ref.key);
        });
        cases.push({
          what: `${file.split("/").pop()} ${layout.byteOrder}${layout.packed ? " packed" : ""}`,
          layout: probe.layout,
          keys,
          input: "",
          expected: [],
        });
      } finally {
        probe.close();
      }
    }
  }
  // Each case also gets a key of another size and its own and another case's fingerprint.
  cases.forEach((c, i) => {
    const other = cases.find((o) => o.layout.size !== c.layout.size)!;
    const wrong = cases[(i + 1) % cases.length]!.layout.fingerprint;
    Object.assign(c, {
      input: inputLines([...c.keys, other.keys[0]!], [c.layout.fingerprint, wrong]),
      expected: [
        ...c.keys.map((k) => expectedLine(c.layout, k)),
        `error p4flow: a ${c.layout.name} key (layout ${c.layout.fingerprint}) is ${c.layout.size} bytes, got ${other.layout.size}: the key belongs to another layout`,
        "ok",
        `error p4flow: the program's layout fingerprint is ${wrong}, but this decoder is for ${c.layout.name} layout ${c.layout.fingerprint}; regenerate it from the program's layout`,
      ],
    });
    writeFileSync(join(dir, `input${i}.txt`), c.input);
  });
}, 240_000);

/** Compares a harness's output with the expected lines, naming the first fields that differ. */
function check(c: Case, stdout: string): void {
  const got = stdout.split("\n").slice(0, -1);
  expect(got.length, c.what).toBe(c.expected.length);
  const bad: string[] = [];
  c.expected.forEach((want, i) => {
    if (got[i] === want || bad.length >= 5) return;
    const g = new Map(got[i]!.split(" ").map((x) => x.split("=") as [string, string]));
    const diff = want
      .split(" ")
      .map((x) => x.split("=") as [string, string])
      .filter(([n, v]) => g.get(n) !== v)
      .map(([n, v]) => `${n}: want ${v}, got ${g.get(n)}`);
    bad.push(`${c.what} line ${i}: ${diff.slice(0, 4).join("; ") || got[i]}`);
  });
  expect(bad).toEqual([]);
}

function run(cmd: string, args: string[], cwd = dir): string {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

describe("generated bindings on keys from the kernel", () => {
  it("C++: a reader built with g++ on the C header copies keys into the struct", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    if (!requireTool("g++", (m) => ctx.skip(m), "apt-get install g++")) return;
    const units = cases.map((c, i) => {
      writeFileSync(join(dir, `l${i}.h`), renderHeader(c.layout));
      writeFileSync(join(dir, `k${i}.cpp`), cppUnit(c.layout, i));
      return `k${i}.cpp`;
    });
    writeFileSync(join(dir, "main.cpp"), cppMain(cases.length));
    run("g++", [
      "-std=c++11",
      "-Wall",
      "-Wextra",
      "-Werror",
      "-o",
      "harness-cpp",
      "main.cpp",
      ...units,
    ]);
    cases.forEach((c, i) => {
      const out = run(join(dir, "harness-cpp"), [String(i), join(dir, `input${i}.txt`)]);
      const [sizes, ...rest] = out.split("\n");
      expect(sizes).toBe(`${c.layout.size} ${c.layout.fingerprint}`);
      const expected = [...c.keys.map((k) => expectedLine(c.layout, k)), "error size"];
      check({ ...c, expected }, rest.join("\n"));
    });
  }, 120_000);

  it("has the kernel's keys for every example and layout, with distinct fingerprints", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    expect(cases.length).toBe(VARIANTS.length * 4);
    expect(new Set(cases.map((c) => c.layout.fingerprint)).size).toBe(cases.length);
    for (const c of cases) expect(c.keys.length, c.what).toBeGreaterThan(50);
  });

  it("Go: the struct decodes every field and refuses other layouts", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    if (!requireTool("go", (m) => ctx.skip(m), "apt-get install golang-go", ["version"])) return;
    const go = join(dir, "go");
    cases.forEach((c, i) => {
      mkdirSync(join(go, `l${i}`), { recursive: true });
      writeFileSync(join(go, `l${i}`, "key.go"), renderGo(c.layout));
    });
    writeFileSync(join(go, "go.mod"), "module p4ftest\n\ngo 1.19\n");
    writeFileSync(join(go, "main.go"), goMain(cases.map((c) => c.layout)));
    run("go", ["vet", "./..."], go);
    run("go", ["build", "-o", "harness", "."], go);
    cases.forEach((c, i) =>
      check(c, run(join(go, "harness"), [String(i), join(dir, `input${i}.txt`)])),
    );
  }, 180_000);

  it("Rust: the #[repr(C)] struct decodes every field and refuses other layouts", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    if (!requireTool("rustc", (m) => ctx.skip(m), "apt-get install rustc")) return;
    const files = cases.map((c, i) => {
      const f = join(dir, `l${i}_key.rs`);
      writeFileSync(f, renderRust(c.layout));
      return f;
    });
    writeFileSync(
      join(dir, "main.rs"),
      rustMain(
        cases.map((c) => c.layout),
        files,
      ),
    );
    run("rustc", [
      "--edition",
      "2021",
      "-D",
      "warnings",
      "-A",
      "dead_code",
      "-o",
      "harness-rs",
      "main.rs",
    ]);
    cases.forEach((c, i) =>
      check(c, run(join(dir, "harness-rs"), [String(i), join(dir, `input${i}.txt`)])),
    );
  }, 180_000);

  it("Python: the struct-based decoder decodes every field and refuses other layouts", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    if (!requireTool("python3", (m) => ctx.skip(m), "apt-get install python3")) return;
    writeFileSync(join(dir, "harness.py"), PYTHON_MAIN);
    cases.forEach((c, i) => {
      writeFileSync(join(dir, `l${i}_key.py`), renderPython(c.layout));
      check(
        c,
        run("python3", [
          "harness.py",
          join(dir, `l${i}_key.py`),
          join(dir, `input${i}.txt`),
          pythonFields(c.layout),
        ]),
      );
    });
  }, 120_000);

  it("JavaScript: the plain ESM decoder runs in Node and agrees; its .d.ts type-checks", (ctx) => {
    if (!kernelAvailable((m) => ctx.skip(m))) return;
    writeFileSync(join(dir, "harness.mjs"), JS_MAIN);
    cases.forEach((c, i) => {
      writeFileSync(join(dir, `l${i}.key.js`), renderDecoderJs(c.layout));
      writeFileSync(join(dir, `l${i}.key.d.ts`), renderDecoderDts(c.layout));
      writeFileSync(join(dir, `l${i}.layout.json`), renderLayoutJson(c.layout));
      check(
        c,
        run(process.execPath, [
          "harness.mjs",
          join(dir, `l${i}.key.js`),
          join(dir, `input${i}.txt`),
          join(dir, `l${i}.layout.json`),
        ]),
      );
    });
    // A TypeScript user of the .js module sees the .d.ts types.
    writeFileSync(
      join(dir, "use.ts"),
      [
        'import { checkFingerprint, decode, decodeFlowStats, KEY_SIZE, LAYOUT_FINGERPRINT } from "./l0.key.js";',
        "const k = decode(new Uint8Array(KEY_SIZE));",
        'const outcome: "accept" | "reject" = k.outcome;',
        "const packets: bigint = decodeFlowStats(new Uint8Array(32)).packets;",
        "checkFingerprint(LAYOUT_FINGERPRINT);",
        "const wrong: number = k.outcome;",
        "export { outcome, packets, wrong };",
      ].join("\n"),
    );
    const program = ts.createProgram([join(dir, "use.ts")], {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: [],
    });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    // Only the deliberate mistake: the outcome is a string.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Type 'string' is not assignable to type 'number'/);
  }, 120_000);
});
