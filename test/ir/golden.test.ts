// Golden files for every example: the IR dump (`--dump-ir`), the printed P4 (the printer over
// the whole preprocessed program) and the TypeScript decoder (`NAME.key.ts`). A change to the
// lowering, the printer or the layout shows up as a reviewed diff (accept with `vitest -u`).

import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { printProgram } from "../../src/frontend/printer.js";
import { printIr } from "../../src/ir/print.js";
import { renderDecoder } from "../../src/layout/render-ts.js";
import { compileFile } from "../support/compile.js";
import { exampleFiles } from "../support/examples.js";

// Every example that instantiates a package (protocols.p4 is a library the others include).
const programs = exampleFiles().filter((f) => /\bmain\s*;/.test(readFileSync(f, "utf8")));

describe.each(programs.map((f) => [basename(f, ".p4"), f]))("example %s", (name, file) => {
  const r = compileFile(file);

  it("dumps the IR as its golden file", async () => {
    await expect(printIr(r.ir)).toMatchFileSnapshot(`baselines/${name}.ir.txt`);
  });

  it("prints the P4 program as its golden file", async () => {
    await expect(printProgram(r.program!)).toMatchFileSnapshot(
      `../frontend/baselines/${name}.printed.p4`,
    );
  });

  it("renders the TypeScript decoder as its golden file", async () => {
    await expect(renderDecoder(r.layout)).toMatchFileSnapshot(`../layout/baselines/${name}.key.ts`);
  });
});
