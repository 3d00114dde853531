// examples/flow_dissector side by side with the Linux kernel's own BPF flow dissector, the
// selftests' tools/testing/selftests/bpf/progs/bpf_flow.c. That file is never copied into this
// repository: the bench takes it at run time from a kernel source (P4FLOW_KERNEL_SOURCE, a tree or
// a tarball; else Debian's linux-source tarball in /usr/src; `--fetch` installs that package with
// apt-get first), builds it with clang, loads its programs with bpftool and fills the jmp_table it
// tail-calls through. Both run through BPF_PROG_TEST_RUN on the packets of
// test/support/bpf-flow-packets.ts: ns/packet above an empty flow_dissector program (medians of
// interleaved rounds), verifier-processed instructions and xlated/jited sizes (for bpf_flow.c the
// sums over its seven programs), and whether both return the same struct bpf_flow_keys and
// verdict. Pairs: p4flow --key-output none against bpf_flow.c with its map export
// (export_flow_keys' update of last_dissection) removed, and p4flow with its key map against
// bpf_flow.c as shipped. Needs root, clang and bpftool; prints figures only, and one line (exit 0)
// when no kernel source is at hand.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { Bench, bpftool, nsPerPacket } from "./lib/kernel.mjs";

const SELFTEST = "tools/testing/selftests/bpf/progs/bpf_flow.c";
const here = new URL(".", import.meta.url).pathname;

/** A kernel source tree or tarball, newest Debian linux-source first; undefined if none. */
function kernelSource() {
  const env = process.env.P4FLOW_KERNEL_SOURCE;
  if (env) return existsSync(env) ? env : undefined;
  const tarballs = existsSync("/usr/src")
    ? readdirSync("/usr/src")
        .filter((f) => /^linux-source-[\d.]+\.tar\.(xz|gz|bz2)$/.test(f))
        .sort((a, b) => b.localeCompare(a, undefined, { numeric: true }))
    : [];
  return tarballs.length > 0 ? join("/usr/src", tarballs[0]) : undefined;
}

/** bpf_flow.c's text, extracted once per tarball into the temporary folder; undefined if absent. */
function bpfFlowSource(src) {
  if (statSync(src).isDirectory()) {
    const f = join(src, SELFTEST);
    return existsSync(f) ? { text: readFileSync(f, "utf8"), from: f } : undefined;
  }
  const { size, mtimeMs } = statSync(src);
  const cache = join(tmpdir(), `p4flow-bpf-flow-${basename(src)}-${size}-${Math.round(mtimeMs)}.c`);
  if (!existsSync(cache)) {
    const r = spawnSync("tar", ["-xOf", src, "--wildcards", `*/${SELFTEST}`], {
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0 || r.stdout.length === 0) return undefined;
    writeFileSync(`${cache}.${process.pid}`, r.stdout);
    spawnSync("mv", [`${cache}.${process.pid}`, cache]);
  }
  return { text: readFileSync(cache, "utf8"), from: `${src}:${SELFTEST}` };
}

if (process.argv.includes("--fetch") && !kernelSource()) {
  console.log("fetching the kernel source: apt-get install -y linux-source");
  spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "linux-source"], {
    stdio: "inherit",
  });
}
const src = kernelSource();
const bpfFlow = src ? bpfFlowSource(src) : undefined;
if (!bpfFlow) {
  const why = src
    ? `${src} has no ${SELFTEST}`
    : process.env.P4FLOW_KERNEL_SOURCE
      ? `P4FLOW_KERNEL_SOURCE=${process.env.P4FLOW_KERNEL_SOURCE} does not exist`
      : "no kernel source (set P4FLOW_KERNEL_SOURCE to a tree or tarball, or run `npm run bench:bpf-flow`, which installs Debian's linux-source)";
  console.log(`the kernel's bpf_flow.c is not measured: ${why}`);
  process.exit(0);
}

/** The packet set and key comparison, bundled from their TypeScript with esbuild. */
async function importTs(file, work) {
  const out = join(work, `${basename(file, ".ts")}.mjs`);
  await esbuild.build({
    entryPoints: [join(here, "..", file)],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile: out,
    logLevel: "error",
  });
  return import(pathToFileURL(out).href);
}

const bench = new Bench("bpf-flow", "flow_dissector");
const pinDir = `${bench.pin}-kernel`;

/**
 * bpf_flow.c's `text` (as shipped, or edited) built and loaded as `name`: its programs pinned
 * under pinDir, the jump table filled with its flow_dissector_N programs (slot N). Verifier-
 * processed instructions and sizes summed over every program.
 */
function loadBpfFlow(text, name) {
  const dir = join(bench.work, name);
  // clang -target bpf looks for glibc's 32-bit stubs; an empty one satisfies it when absent.
  mkdirSync(join(dir, "gnu"), { recursive: true });
  writeFileSync(join(dir, "gnu", "stubs-32.h"), "");
  writeFileSync(join(dir, "bpf_flow.c"), text);
  const arch = spawnSync("gcc", ["-print-multiarch"], { encoding: "utf8" }).stdout?.trim();
  const cc = spawnSync(
    "clang",
    ["-O2", "-g", "-target", "bpf", "-w", ...(arch ? [`-I/usr/include/${arch}`] : [])].concat([
      "-idirafter",
      dir,
      "-c",
      join(dir, "bpf_flow.c"),
      "-o",
      join(dir, "bpf_flow.o"),
    ]),
    { encoding: "utf8" },
  );
  if (cc.status !== 0) throw new Error(`clang cannot build bpf_flow.c:\n${cc.stderr}`);
  const pins = join(pinDir, name);
  mkdirSync(pins, { recursive: true });
  const args = [
    "prog",
    "loadall",
    join(dir, "bpf_flow.o"),
    `${pins}/progs`,
    "type",
    "flow_dissector",
    "pinmaps",
    `${pins}/maps`,
  ];
  const verbose = bpftool("-d", ...args);
  let processed = [...(verbose.stderr + verbose.stdout).matchAll(/processed (\d+) insns/g)].map(
    (m) => Number(m[1]),
  );
  if (verbose.status !== 0) {
    // The verifier log may be too big for the load to succeed with it; load again without.
    rmSync(pins, { recursive: true, force: true });
    mkdirSync(pins, { recursive: true });
    const r = bpftool(...args);
    if (r.status !== 0) throw new Error(`bpftool cannot load bpf_flow.c: ${r.stderr}`);
    processed = [];
  }
  const progs = readdirSync(`${pins}/progs`);
  for (const p of progs) {
    const slot = /^flow_dissector_(\d+)$/.exec(p)?.[1];
    if (slot === undefined) continue;
    const key = [Number(slot), 0, 0, 0].map(String);
    const r = bpftool(
      "map",
      "update",
      "pinned",
      `${pins}/maps/jmp_table`,
      "key",
      ...key,
      "value",
      "pinned",
      `${pins}/progs/${p}`,
    );
    if (r.status !== 0) throw new Error(`cannot fill jmp_table slot ${slot}: ${r.stderr}`);
  }
  const infos = progs.map((p) =>
    JSON.parse(bpftool("-j", "prog", "show", "pinned", `${pins}/progs/${p}`).stdout),
  );
  return {
    path: `${pins}/progs/_dissect`,
    programs: progs.length,
    processed: processed.length === progs.length ? processed.reduce((a, b) => a + b, 0) : "n/a",
    info: {
      bytes_xlated: infos.reduce((n, i) => n + i.bytes_xlated, 0),
      bytes_jited: infos.reduce((n, i) => n + i.bytes_jited, 0),
    },
  };
}

/** One run of `path` on `packet`: its verdict and the struct bpf_flow_keys it returned. */
function dissect(path, packet) {
  const fin = join(bench.work, "in.bin");
  const fout = join(bench.work, "out.bin");
  writeFileSync(fin, packet);
  rmSync(fout, { force: true });
  const r = bpftool("-j", "prog", "run", "pinned", path, "data_in", fin, "data_out", fout);
  if (r.status !== 0) throw new Error(`test run of ${path} failed: ${r.stderr}`);
  return { retval: JSON.parse(r.stdout).retval, keys: new Uint8Array(readFileSync(fout)) };
}

try {
  const { BPF_FLOW_PACKETS, compareDissections, flowKeysField } = await importTs(
    "test/support/bpf-flow-packets.ts",
    bench.work,
  );
  const exportCall = /bpf_map_update_elem\(&last_dissection[^;]*;/;
  const shipped = bpfFlow.text;
  const noExport = exportCall.test(shipped) ? shipped.replace(exportCall, "(void)val;") : undefined;

  const r = bench.example("flow_dissector/flow_dissector.p4");
  const pairs = [
    {
      label: "key output none vs bpf_flow.c without its map export",
      p4flow: bench.generated(r, "none", { keyOutput: [] }),
      kernel: noExport && loadBpfFlow(noExport, "noexport"),
    },
    {
      label: "key map vs bpf_flow.c as shipped (exports to its last_dissection hash)",
      p4flow: bench.generated(r, "map", { keyOutput: ["map"] }),
      kernel: loadBpfFlow(shipped, "shipped"),
    },
  ].filter((p) => p.kernel);
  const empty = bench.empty("struct __sk_buff", "BPF_OK");

  console.log(
    `examples/flow_dissector vs the kernel's ${bpfFlow.from} (figures from this machine; noisy when shared)`,
  );
  if (!noExport) console.log("  (its map export call was not found: measured only as shipped)");
  for (const { label, p4flow, kernel } of pairs) {
    console.log(`\n  ${label}`);
    console.log(
      `    verifier-processed instructions: p4flow ${p4flow.processed}, bpf_flow.c ${kernel.processed} (sum over its ${kernel.programs} tail-called programs)`,
    );
    console.log(
      `    xlated/jited bytes: p4flow ${p4flow.info.bytes_xlated}/${p4flow.info.bytes_jited}, bpf_flow.c ${kernel.info.bytes_xlated}/${kernel.info.bytes_jited} (sums)`,
    );
    let sumP = 0;
    let sumK = 0;
    let same = 0;
    for (const packet of BPF_FLOW_PACKETS) {
      const { bytes } = packet;
      const [floor, p, k] = nsPerPacket(
        [empty.path, p4flow.path, kernel.path],
        bytes,
        100000,
        bench.work,
      );
      const [dp, dk] = [Math.max(0, p - floor), Math.max(0, k - floor)];
      sumP += dp;
      sumK += dk;
      const a = dissect(p4flow.path, bytes);
      const b = dissect(kernel.path, bytes);
      const { verdict, diff } = compareDissections(packet, a, b);
      // What the packet's layers say both must find.
      const wrong = Object.entries(packet.expect).flatMap(([f, v]) =>
        [
          ["p4flow", a],
          ["bpf_flow.c", b],
        ]
          .filter(([, x]) => flowKeysField(x.keys, f) !== v)
          .map(([who, x]) => `${who} ${f} ${flowKeysField(x.keys, f)} (expected ${v})`),
      );
      if (verdict !== "different" && wrong.length === 0) same++;
      const said =
        verdict === "same"
          ? "same flow keys and verdict"
          : verdict === "documented"
            ? `same flow keys but ${diff.join(", ")} (p4flow/bpf_flow.c; a difference by design, examples/flow_dissector/README.md)`
            : `DIFFERENT (p4flow/bpf_flow.c): ${diff.join(", ")}`;
      console.log(
        `    ${packet.name}: p4flow ${dp} ns, bpf_flow.c ${dk} ns, ratio ${(dp / Math.max(1, dk)).toFixed(2)}; ${said}${wrong.length ? `; UNEXPECTED ${wrong.join(", ")}` : ""}`,
      );
    }
    console.log(
      `    the mix: p4flow ${sumP} ns, bpf_flow.c ${sumK} ns, ratio ${(sumP / Math.max(1, sumK)).toFixed(2)} (ns above an empty program; medians of 9 interleaved runs of 100000; aim <= 1.0); flow keys equal (but for differences by design) on ${same} of ${BPF_FLOW_PACKETS.length} packets`,
    );
  }
} finally {
  bench.close(); // removes pinDir with the other pins
}
