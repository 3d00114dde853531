// The fuzzer (`npm run fuzz -- --seed N --seconds S`): runs the built CLI and language server on
// mutated and generated programs, random bytes, mutated captures and hex packets, random command
// lines and language-server storms until the time is up, judges every run by the oracle (no exit
// 3, no stack trace, no hang, no half-written output, accepted programs build with clang and load
// in the verifier, sampled), saves a reproducer for each distinct finding and prints the counts.
// `runFuzz` is also what the fixed-seed test in fuzz.test.ts calls.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadCaptures, mutateCapture, randomHexPacket } from "./captures.js";
import { randomCommandLine } from "./command-lines.js";
import { lspStorm } from "./lsp-storm.js";
import { judgeOutputDir, snapshot } from "./output-dir.js";
import {
  generateProgram,
  loadSeeds,
  mutateGroups,
  mutateTokens,
  stressProgram,
} from "./programs.js";
import { Rng } from "./rng.js";
import { judge, runCli, type CliOutcome } from "./run-cli.js";

export const KINDS = [
  "mutant",
  "generated",
  "stress",
  "bytes",
  "capture",
  "hex",
  "argv",
  "lsp",
] as const;
export type Kind = (typeof KINDS)[number];

export interface FuzzOptions {
  readonly seed: number;
  readonly seconds: number;
  readonly kinds: readonly Kind[];
  /** Where reproducers go. */
  readonly findingsDir: string;
  /** Build with clang and load in the verifier one accepted program in this many (0: never). */
  readonly clangEvery: number;
  /** Per-run time bound. */
  readonly timeoutMs: number;
  readonly log?: (line: string) => void;
}

export interface Finding {
  readonly kind: Kind;
  readonly problem: string;
  readonly folder: string;
}

export interface FuzzReport {
  readonly runs: Readonly<Record<string, number>>;
  readonly exitCodes: Readonly<Record<string, number>>;
  readonly findings: readonly Finding[];
  readonly accepted: number;
  readonly built: number;
  readonly loaded: number;
}

const WEIGHTS: Readonly<Record<Kind, number>> = {
  mutant: 30,
  generated: 12,
  stress: 4,
  bytes: 6,
  capture: 14,
  hex: 6,
  argv: 14,
  lsp: 4,
};

const VERIFIER_PIN = "/sys/fs/bpf/p4flow_i18-robustness_fuzz";

export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const log = opts.log ?? (() => {});
  const rng = new Rng(opts.seed);
  const seeds = loadSeeds();
  const captures = loadCaptures();
  const work = mkdtempSync(join(tmpdir(), `p4flow-fuzz-${opts.seed}-`));
  const runs: Record<string, number> = {};
  const exitCodes: Record<string, number> = {};
  const findings: Finding[] = [];
  const signatures = new Set<string>();
  const counts = { accepted: 0, built: 0, loaded: 0 };
  const canLoad = process.getuid?.() === 0 && spawnSync("bpftool", ["version"]).status === 0;
  const deadline = Date.now() + opts.seconds * 1000;
  const total = opts.kinds.reduce((s, k) => s + WEIGHTS[k], 0);
  let iteration = 0;

  const count = (o: CliOutcome) => {
    const key = o.timedOut ? "timeout" : o.signal ? o.signal : String(o.code);
    exitCodes[key] = (exitCodes[key] ?? 0) + 1;
  };
  const report = (
    kind: Kind,
    problem: string,
    files: Record<string, string | Uint8Array>,
    command: string,
  ) => {
    // One reproducer per distinct problem: numbers and paths vary between instances of one bug.
    const signature = `${kind}:${problem
      .replace(/\/[^\s:'"]+/g, "<path>")
      .replace(/\d+/g, "N")
      .slice(0, 120)}`;
    if (signatures.has(signature)) return;
    signatures.add(signature);
    const folder = join(opts.findingsDir, `${kind}-seed${opts.seed}-${iteration}`);
    mkdirSync(folder, { recursive: true });
    for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
    writeFileSync(
      join(folder, "README.txt"),
      `${problem}\n\nReproduce (from the repository):\n${command}\n`,
    );
    findings.push({ kind, problem, folder });
    log(`finding [${kind}] ${problem}\n  -> ${folder}`);
  };

  try {
    while (Date.now() < deadline) {
      iteration++;
      let pick = rng.int(total);
      const kind = opts.kinds.find((k) => (pick -= WEIGHTS[k]) < 0)!;
      runs[kind] = (runs[kind] ?? 0) + 1;
      const dir = join(work, String(iteration));
      mkdirSync(dir, { recursive: true });
      try {
        switch (kind) {
          case "mutant":
          case "generated":
          case "stress":
          case "bytes": {
            const seed = rng.pick(seeds);
            let text: string | Uint8Array;
            let include = seed.dir;
            if (kind === "mutant") {
              const donor = rng.pick(seeds).text;
              text = seed.text;
              for (let k = rng.range(1, 3); k > 0; k--)
                text = rng.chance(0.7)
                  ? mutateTokens(rng, text, donor)
                  : mutateGroups(rng, text, donor);
            } else if (kind === "generated") text = generateProgram(rng);
            else if (kind === "stress") text = stressProgram(rng);
            else {
              text = rng.bytes(rng.chance(0.05) ? rng.range(1 << 20, 8 << 20) : rng.int(1 << 16));
              include = dir;
            }
            const name = kind === "mutant" ? seed.name : `${kind}.p4`;
            const file = join(dir, name);
            writeFileSync(file, text);
            const check = await runCli(["check", "-I", include, file], {
              timeoutMs: opts.timeoutMs,
            });
            count(check);
            const problem = judge(check);
            const files = { [name]: text };
            if (problem) {
              report(kind, problem, files, `node bin/p4flow.js check -I ${include} ${name}`);
              break;
            }
            // Compile (without clang) whatever check did not refuse outright; the IR phase can
            // still refuse it (check does not require an extractor), so exit 1 is fine here.
            if (check.code === 2) break;
            const out = join(dir, "out");
            mkdirSync(out);
            if (rng.chance(0.3)) writeFileSync(join(out, `${basename(name, ".p4")}.h`), "old\n");
            const before = snapshot(out);
            const emit = "c,h,json,ts";
            const compile = await runCli(["-I", include, "-o", out, "--emit", emit, file], {
              timeoutMs: opts.timeoutMs,
            });
            count(compile);
            const base = basename(name, ".p4");
            const expected = [
              `${base}.bpf.c`,
              `${base}.h`,
              `${base}.layout.json`,
              `${base}.key.ts`,
            ];
            const bad =
              judge(compile) ??
              (check.code === 1 && compile.code === 0
                ? "check refused it, compile accepted it"
                : undefined) ??
              judgeOutputDir(before, snapshot(out), compile.code, expected);
            if (bad) {
              report(
                kind,
                bad,
                files,
                `node bin/p4flow.js -I ${include} -o out --emit ${emit} ${name}`,
              );
              break;
            }
            if (compile.code !== 0) break;
            counts.accepted++;
            if (opts.clangEvery > 0 && (kind === "generated" || rng.int(opts.clangEvery) === 0)) {
              const target = rng.pick(["xdp", "tc"]);
              const obj = await runCli(
                ["-I", include, "-o", out, "--emit", "obj", "--target", target, file],
                {
                  timeoutMs: opts.timeoutMs * 3,
                },
              );
              count(obj);
              const objProblem =
                judge(obj) ??
                (obj.code !== 0
                  ? `accepted program did not build: ${obj.stderr.slice(0, 400)}`
                  : undefined);
              if (objProblem) {
                report(
                  kind,
                  objProblem,
                  files,
                  `node bin/p4flow.js -I ${include} -o out --emit obj --target ${target} ${name}`,
                );
                break;
              }
              counts.built++;
              if (canLoad) {
                const pin = `${VERIFIER_PIN}_${opts.seed}_${iteration}`;
                const load = spawnSync(
                  "bpftool",
                  ["prog", "load", join(out, `${base}.bpf.o`), pin],
                  { encoding: "utf8", timeout: opts.timeoutMs * 3 },
                );
                rmSync(pin, { force: true });
                if (load.status !== 0) {
                  report(
                    kind,
                    `the verifier rejected an accepted program: ${(load.stderr ?? "").slice(-400)}`,
                    files,
                    `node bin/p4flow.js -I ${include} -o out --target ${target} ${name} && bpftool prog load out/${base}.bpf.o ${VERIFIER_PIN}`,
                  );
                  break;
                }
                counts.loaded++;
              }
            }
            break;
          }
          case "capture": {
            const capture = mutateCapture(rng, rng.pick(captures));
            const file = join(dir, "capture.pcap");
            writeFileSync(file, capture);
            const o = await runCli(
              [
                "run",
                "examples/standard.p4",
                "--pcap",
                file,
                "--format",
                rng.pick(["text", "jsonl"]),
              ],
              { timeoutMs: opts.timeoutMs },
            );
            count(o);
            const problem = judge(o);
            if (problem)
              report(
                kind,
                problem,
                { "capture.pcap": capture },
                `node bin/p4flow.js run examples/standard.p4 --pcap capture.pcap`,
              );
            break;
          }
          case "hex": {
            const args = ["run", "examples/standard.p4"];
            for (let k = rng.range(1, 3); k > 0; k--) args.push("--hex", randomHexPacket(rng));
            const o = await runCli(args, { timeoutMs: opts.timeoutMs });
            count(o);
            const problem = judge(o);
            if (problem)
              report(
                kind,
                problem,
                { "args.json": JSON.stringify(args) },
                `node bin/p4flow.js ${args.map((a) => JSON.stringify(a)).join(" ")}`,
              );
            break;
          }
          case "argv": {
            const seed = rng.pick(seeds);
            const file = join(dir, seed.name);
            writeFileSync(
              file,
              rng.chance(0.8) ? seed.text : mutateTokens(rng, seed.text, seed.text),
            );
            const cl = randomCommandLine(rng, file, join(dir, "work"));
            const before = cl.outDir ? snapshot(cl.outDir) : undefined;
            const o = await runCli(["-I", seed.dir, ...cl.args], { timeoutMs: opts.timeoutMs * 3 });
            count(o);
            let problem = judge(o);
            if (!problem && cl.outDir && before) {
              const after = snapshot(cl.outDir);
              const base = basename(seed.name, ".p4");
              const produced = [...after.keys()].filter(
                (n) => !before.has(n) || before.get(n) !== after.get(n),
              );
              problem =
                o.code !== 0
                  ? judgeOutputDir(before, after, o.code, [])
                  : produced.find(
                        (n) =>
                          !new RegExp(
                            `^${base}\\.(bpf\\.c|bpf\\.o|h|layout\\.json|key\\.ts|parse\\.h)$`,
                          ).test(n),
                      ) !== undefined
                    ? `successful compile left a stray entry in the output directory: ${produced.join(", ")}`
                    : undefined;
            }
            if (problem)
              report(
                kind,
                problem,
                { [seed.name]: seed.text, "args.json": JSON.stringify(cl.args) },
                `node bin/p4flow.js -I <seed dir> ${cl.args.map((a) => JSON.stringify(a)).join(" ")}`,
              );
            break;
          }
          case "lsp": {
            const text = rng.chance(0.7)
              ? rng.pick(seeds).text
              : mutateTokens(rng, rng.pick(seeds).text, "");
            const r = await lspStorm(rng, text, opts.timeoutMs);
            const key = r.problem ? "lsp-problem" : "lsp-ok";
            exitCodes[key] = (exitCodes[key] ?? 0) + 1;
            if (r.problem)
              report(
                kind,
                r.problem,
                { "session.bin": r.sent, "stderr.txt": r.stderr },
                `node bin/p4flow.js lsp --stdio < session.bin`,
              );
            break;
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      if (iteration % 50 === 0) log(`${iteration} runs, ${findings.length} findings`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { runs, exitCodes, findings, ...counts };
}

export function formatReport(seed: number, seconds: number, r: FuzzReport): string {
  const line = (o: Readonly<Record<string, number>>) =>
    Object.entries(o)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
  const total = Object.values(r.runs).reduce((a, b) => a + b, 0);
  return [
    `seed ${seed}, ${seconds} s: ${total} inputs (${line(r.runs)})`,
    `exit codes: ${line(r.exitCodes)}`,
    `accepted programs ${r.accepted}, built with clang ${r.built}, loaded in the verifier ${r.loaded}`,
    `findings: ${r.findings.length}`,
    ...r.findings.map((f) => `  [${f.kind}] ${f.problem}\n    ${f.folder}`),
  ].join("\n");
}

async function cli(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: "string", default: String(Date.now() % 1_000_000) },
      seconds: { type: "string", default: "60" },
      kinds: { type: "string", default: KINDS.join(",") },
      out: { type: "string", default: "fuzz-findings" },
      "clang-every": { type: "string", default: "10" },
      timeout: { type: "string", default: "20" },
    },
  });
  const kinds = values.kinds
    .split(",")
    .filter((k): k is Kind => (KINDS as readonly string[]).includes(k));
  if (kinds.length === 0) {
    process.stderr.write(`--kinds: none of ${values.kinds}; known: ${KINDS.join(",")}\n`);
    return 2;
  }
  const seed = Number(values.seed);
  const seconds = Number(values.seconds);
  const r = await runFuzz({
    seed,
    seconds,
    kinds,
    findingsDir: resolve(values.out),
    clangEvery: Number(values["clang-every"]),
    timeoutMs: Number(values.timeout) * 1000,
    log: (l) => process.stderr.write(`${l}\n`),
  });
  process.stdout.write(`${formatReport(seed, seconds, r)}\n`);
  return r.findings.length === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = await cli();
}
