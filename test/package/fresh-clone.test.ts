// From a fresh clone with nothing beside it: the current commit is cloned into a scratch folder
// (no ../shared there), the README's first command runs exactly as written, and its second
// command's `npm ci && npm test` passes, the shared corpus skipped with one line. The inner run
// sets P4FLOW_FRESH_CLONE_INNER=1, which skips this test inside it (no recursion), and runs the
// tests that read captures (the corpus, pcap reading, truncations, the CLI on captures) rather
// than the whole suite, which the outer run covers. The README's apt packages are .ci/run's.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { requireTool } from "../support/toolchain.js";

const root = join(import.meta.dirname, "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
/** The README's shell blocks, in order: the first two are the commands to try. */
const commands = [...readme.matchAll(/```sh\n([\s\S]*?)\n```/g)].map((m) => m[1]!.trim());
const INNER_TESTS = [
  "test/corpus",
  "test/interp/pcap.test.ts",
  "test/interp/truncation.test.ts",
  "test/cli/cli.test.ts",
];
const SKIP_LINE =
  /^shared corpus not found at .*: its suites are skipped \(the own corpus runs\)$/gm;

const aptPackages = (text: string) =>
  [...text.matchAll(/apt-get install -y(?: -qq)? ([a-z0-9. +-]+?)(?: >|\s*&&|\n|$)/g)].map((m) =>
    m[1]!.trim().split(/\s+/).sort(),
  );

describe("the README's commands", () => {
  it("install the same Debian packages as CI (.ci/run)", () => {
    const ci = aptPackages(readFileSync(join(root, ".ci", "run"), "utf8"));
    const ours = aptPackages(commands[1] ?? "");
    expect(ours).toHaveLength(1);
    expect(ci).toEqual(ours);
  });

  const inner = process.env.P4FLOW_FRESH_CLONE_INNER === "1";
  const work = inner ? "" : mkdtempSync(join(tmpdir(), "p4flow-i14-fresh-"));
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.skipIf(inner)(
    "work in a fresh clone with nothing beside it",
    (ctx) => {
      if (!requireTool("git", (m) => ctx.skip(m), "apt-get install git")) return;
      const clone = join(work, "p4flow");
      const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" });
      execFileSync("git", ["clone", "--quiet", "--no-checkout", root, clone]);
      execFileSync("git", ["checkout", "--quiet", "--detach", head.trim()], { cwd: clone });
      expect(existsSync(join(clone, "..", "shared"))).toBe(false);
      const env: NodeJS.ProcessEnv = { ...process.env, P4FLOW_FRESH_CLONE_INNER: "1" };
      delete env.P4FLOW_REQUIRE_CORPUS;
      const sh = (command: string, extra: Record<string, string> = {}) =>
        spawnSync("bash", ["-c", command], {
          cwd: clone,
          env: { ...env, ...extra },
          encoding: "utf8",
          maxBuffer: 1 << 26,
        });

      // The first command, exactly as written.
      const first = sh(commands[0]!);
      expect(first.status, first.stderr.slice(-2000)).toBe(0);
      expect(first.stdout).toContain("packet 1: accept");
      expect(existsSync(join(clone, "out", "standard.bpf.c"))).toBe(true);

      // The second: its apt-get part is CI's business (checked above); then `npm ci && npm test`.
      const second = commands[1]!;
      expect(second.endsWith("&& npm ci && npm test")).toBe(true);
      const tests = sh(`npm ci --no-audit --no-fund && npm test -- ${INNER_TESTS.join(" ")}`);
      const out = tests.stdout + tests.stderr;
      expect(tests.status, out.slice(-4000)).toBe(0);
      expect(out).toMatch(/\n\d+ passed, 0 failed, \d+ skipped\n/);
      expect(out.match(SKIP_LINE)).toHaveLength(1);
      expect(out).not.toContain("ENOENT");

      // Where the shared corpus is required, its absence fails the run.
      const required = sh("npx vitest run test/corpus/own-corpus.test.ts", {
        P4FLOW_REQUIRE_CORPUS: "1",
      });
      expect(required.status).not.toBe(0);
      expect(required.stdout + required.stderr).toContain("P4FLOW_REQUIRE_CORPUS=1 requires it");
    },
    900_000,
  );
});
