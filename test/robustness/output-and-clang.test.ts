// Output directory faults and clang failures give the right exit code and a message naming the
// right thing: `-o` naming a file or a device, an output name taken by a directory (the old set
// stays whole), `--pp` to a device, an empty, missing or failing `--clang`, and clang errors in
// the generated C (a p4flow bug: exit 3 with clang's own output).

import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

const work = mkdtempSync(join(tmpdir(), "p4flow-i18-robustness-out-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const example = join(import.meta.dirname, "..", "..", "examples", "standard.p4");

function listing(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((n) => [
        n,
        statSync(join(dir, n)).isFile() ? readFileSync(join(dir, n), "utf8") : "<dir>",
      ]),
  );
}

describe("output locations that cannot take the outputs", () => {
  it("refuses -o naming an existing file, with exit 2, and leaves it alone", async () => {
    const file = join(work, "a-file");
    writeFileSync(file, "mine\n");
    const r = await runCli([example, "-o", file, "--emit", "c,h"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `P4F4002[cannot-write-output]: Cannot write '${file}/standard.bpf.c': '${file}' is not a directory.`,
    );
    expect(readFileSync(file, "utf8")).toBe("mine\n");
  });

  for (const device of ["/dev/null", "/dev/full"]) {
    it(`refuses -o ${device} with exit 2`, async () => {
      const r = await runCli([example, "-o", device, "--emit", "c,h"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`'${device}' is not a directory.`);
      expect(statSync(device).isCharacterDevice()).toBe(true);
    });
  }

  it("writes --pp through to /dev/null and reports /dev/full's error, replacing neither", async () => {
    expect((await runCli([example, "--pp", "/dev/null"])).code).toBe(0);
    const full = await runCli([example, "--pp", "/dev/full"]);
    expect(full.code).toBe(2);
    expect(full.stderr).toContain("Cannot write '/dev/full': ENOSPC");
    for (const d of ["/dev/null", "/dev/full"]) expect(statSync(d).isCharacterDevice()).toBe(true);
  });

  it("keeps the whole old set when one output's name is taken by a directory", async () => {
    const out = join(work, "old-set");
    mkdirSync(out);
    for (const n of ["standard.bpf.c", "standard.h", "standard.key.ts"])
      writeFileSync(join(out, n), `old ${n}\n`);
    mkdirSync(join(out, "standard.layout.json"));
    const before = listing(out);
    const r = await runCli([example, "-o", out, "--emit", "c,h,json,ts"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `Cannot write '${join(out, "standard.layout.json")}': a directory is in the way.`,
    );
    expect(listing(out)).toEqual(before);
  });

  it("replaces a complete old set with a complete new one", async () => {
    const out = join(work, "replace");
    mkdirSync(out);
    writeFileSync(join(out, "standard.h"), "old\n");
    writeFileSync(join(out, "unrelated.txt"), "keep\n");
    const r = await runCli([example, "-o", out, "--emit", "c,h,json,ts"]);
    expect(r.code).toBe(0);
    expect(Object.keys(listing(out))).toEqual([
      "standard.bpf.c",
      "standard.h",
      "standard.key.ts",
      "standard.layout.json",
      "unrelated.txt",
    ]);
    expect(readFileSync(join(out, "standard.h"), "utf8")).toContain("struct StandardParser_key");
    expect(readFileSync(join(out, "unrelated.txt"), "utf8")).toBe("keep\n");
  });
});

describe("clang that cannot build the object", () => {
  const out = join(work, "clang-out");

  it("refuses an empty --clang with exit 2 and no stack trace", async () => {
    const r = await runCli([example, "-o", out, "--clang", ""]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "P4F3202[tool-missing]: '' is needed to build the BPF object but cannot be run (the path is empty)",
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(out)).toBe(false);
  });

  it("names a clang that fails silently, with its exit status (exit 2)", async () => {
    const r = await runCli([example, "-o", out, "--clang", "/bin/false"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "P4F3250[clang-unusable]: '/bin/false' could not build the BPF object: it exited with status 1 and printed nothing; give --clang a clang with the BPF target.",
    );
    expect(r.stderr).not.toContain("p4flow bug");
  });

  it("names a tool that exits 0 without writing the object (exit 2)", async () => {
    const r = await runCli([example, "-o", out, "--clang", "/bin/true"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("it exited with status 0 but wrote no object and printed nothing");
  });

  it("passes on the tool's own complaint when it is not about the generated file (exit 2)", async () => {
    const tool = join(work, "old-clang");
    writeFileSync(tool, "#!/bin/sh\necho \"error: unknown target triple 'bpf'\" >&2\nexit 1\n");
    chmodSync(tool, 0o755);
    const r = await runCli([example, "-o", out, "--clang", tool]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "it exited with status 1 and printed: error: unknown target triple 'bpf'",
    );
  });

  it("calls clang errors in the generated C a p4flow bug: exit 3 with clang's output", async () => {
    const tool = join(work, "picky-clang");
    writeFileSync(
      tool,
      '#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = "-c" ] && src=$2; shift; done\necho "$src:12:3: error: use of undeclared identifier \'x\'" >&2\nexit 1\n',
    );
    chmodSync(tool, 0o755);
    const r = await runCli([example, "-o", out, "--clang", tool]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /P4F3203\[clang-failed\]: clang could not compile the generated program '.*standard\.bpf\.c' \(a p4flow bug; please report it\): .*standard\.bpf\.c:12:3: error: use of undeclared identifier 'x'/,
    );
    expect(existsSync(out)).toBe(false);
  });
});
