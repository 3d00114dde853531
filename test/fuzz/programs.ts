// Program inputs for the fuzzer: the seed programs (examples/ and the checker's positive tests),
// token- and subtree-level mutation and splicing of them, a generator of random but mostly valid
// extractor programs, and inputs shaped to stress limits (long chains, deep nesting, macro
// blow-up).

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Rng } from "./rng.js";
import { REPO } from "./run-cli.js";

export interface SeedProgram {
  readonly name: string;
  readonly text: string;
  /** Folder the program's `#include "..."` files are found in (passed as -I). */
  readonly dir: string;
}

export function loadSeeds(): SeedProgram[] {
  const seeds: SeedProgram[] = [];
  const add = (dir: string, file: string) =>
    seeds.push({ name: file, text: readFileSync(join(dir, file), "utf8"), dir });
  const examples = join(REPO, "examples");
  for (const f of readdirSync(examples))
    if (f.endsWith(".p4") && f !== "protocols.p4") add(examples, f);
  for (const sub of ["ovs", "flow_dissector"]) add(join(examples, sub), `${sub}.p4`);
  const positive = join(REPO, "test", "typecheck", "positive");
  for (const f of readdirSync(positive)) if (f.endsWith(".p4")) add(positive, f);
  const programs = join(REPO, "test", "grammar", "programs");
  for (const f of readdirSync(programs)) if (f.endsWith(".p4")) add(programs, f);
  return seeds;
}

const TOKEN =
  /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|#[^\n]*|"(?:[^"\\\n]|\\.)*"|[0-9]+[ws][0-9a-fA-FxXoObBdD_]+|0[xXbBoOdD][0-9a-fA-F_]+|[0-9][0-9_]*|[A-Za-z_][A-Za-z0-9_]*|\|\+\||\|-\||&&&|\+\+|<<|>>|<=|>=|==|!=|&&|\|\||\+:|\.\.|[^\s]/g;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

const isSpace = (t: string) => /^\s|^\/[/*]/.test(t);

const INTERESTING_NUMBERS = [
  "0",
  "1",
  "-1",
  "255",
  "256",
  "65535",
  "4294967296",
  "18446744073709551616",
  "340282366920938463463374607431768211457",
  "8w256",
  "0w0",
  "1s1",
  "64w0xffffffffffffffff",
  "2048",
  "4097",
  "0x",
  "1_",
  "99999999999999999999999999999999999999",
];

const KEYWORDS = [
  "header",
  "struct",
  "header_union",
  "parser",
  "control",
  "state",
  "transition",
  "select",
  "accept",
  "reject",
  "extract",
  "lookahead",
  "advance",
  "verify",
  "default",
  "_",
  "bit",
  "int",
  "varbit",
  "bool",
  "error",
  "typedef",
  "type",
  "enum",
  "const",
  "value_set",
  "tuple",
  "if",
  "else",
  "apply",
  "action",
  "table",
  "return",
  "exit",
  "this",
  "true",
  "false",
  "in",
  "out",
  "inout",
  "packet_in",
  "next",
  "last",
  "lastIndex",
  "isValid",
  "setValid",
  "setInvalid",
  "sizeInBits",
  "minSizeInBits",
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  "<",
  ">",
  ";",
  ":",
  ",",
  ".",
  "=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "&",
  "|",
  "^",
  "~",
  "!",
  "<<",
  ">>",
  "&&&",
  "..",
  "++",
  "?",
  "@name",
  "#include <core.p4>\n",
  "#define X\n",
  "#if 1\n",
  "#endif\n",
  "#undef X\n",
];

/** One random edit of a program at the token level; the result is often wrong, by design. */
export function mutateTokens(rng: Rng, text: string, donor: string): string {
  const toks = tokenize(text);
  const solid = toks.map((t, i) => i).filter((i) => !isSpace(toks[i]!));
  if (solid.length === 0) return text + rng.pick(KEYWORDS);
  const donorToks = tokenize(donor).filter((t) => !isSpace(t));
  const at = rng.pick(solid);
  const edits = rng.range(1, 4);
  for (let e = 0; e < edits; e++) {
    const i = rng.pick(solid);
    switch (rng.int(9)) {
      case 0:
        toks[i] = "";
        break;
      case 1:
        toks[i] = `${toks[i]} ${toks[i]}`;
        break;
      case 2: {
        const j = rng.pick(solid);
        [toks[i], toks[j]] = [toks[j]!, toks[i]!];
        break;
      }
      case 3:
        toks[i] = rng.pick(donorToks.length > 0 ? donorToks : KEYWORDS);
        break;
      case 4:
        toks[i] = `${toks[i]} ${rng.pick(KEYWORDS)}`;
        break;
      case 5:
        if (/^[0-9]/.test(toks[i]!)) toks[i] = rng.pick(INTERESTING_NUMBERS);
        else toks[i] = `${toks[i]} ${rng.pick(INTERESTING_NUMBERS)}`;
        break;
      case 6: {
        // Replace an identifier with another identifier of the program (a plausible mistake).
        const idents = solid.map((k) => toks[k]!).filter((t) => /^[A-Za-z_]\w*$/.test(t));
        if (/^[A-Za-z_]\w*$/.test(toks[i]!) && idents.length > 0) toks[i] = rng.pick(idents);
        break;
      }
      case 7: {
        // Splice: a run of tokens from the donor program.
        const start = rng.int(Math.max(1, donorToks.length));
        toks[i] = `${toks[i]} ${donorToks.slice(start, start + rng.range(1, 40)).join(" ")}`;
        break;
      }
      default: {
        // Duplicate a run of this program's own tokens (a repeated subtree, often).
        const len = rng.range(1, 60);
        toks[i] = `${toks[i]} ${toks.slice(at, at + len).join("")}`;
        break;
      }
    }
  }
  return toks.join("");
}

/**
 * Subtree-level mutation: a balanced `{...}` or `(...)` group is deleted, duplicated or replaced
 * by a group from the donor.
 */
export function mutateGroups(rng: Rng, text: string, donor: string): string {
  const groups = (t: string): [number, number][] => {
    const out: [number, number][] = [];
    const stack: number[] = [];
    for (let i = 0; i < t.length; i++) {
      const ch = t[i];
      if (ch === "{" || ch === "(") stack.push(i);
      else if ((ch === "}" || ch === ")") && stack.length > 0) out.push([stack.pop()!, i + 1]);
    }
    return out;
  };
  const mine = groups(text);
  if (mine.length === 0) return text;
  const [s, e] = rng.pick(mine);
  switch (rng.int(3)) {
    case 0:
      return text.slice(0, s) + text.slice(e);
    case 1:
      return text.slice(0, e) + text.slice(s, e) + text.slice(e);
    default: {
      const theirs = groups(donor);
      if (theirs.length === 0) return text;
      const [ds, de] = rng.pick(theirs);
      return text.slice(0, s) + donor.slice(ds, de) + text.slice(e);
    }
  }
}

/** Inputs that stress the limits: long flat chains, deep nesting, macro blow-up, many lines. */
export function stressProgram(rng: Rng): string {
  const n = rng.pick([100, 255, 256, 300, 1000, 4000, 20000]);
  const rep = (s: string, k: number, sep = "") => Array.from({ length: k }, () => s).join(sep);
  const header = "#include <core.p4>\nheader h_t { bit<8> a; bit<8> b; }\nstruct s_t { h_t a; }\n";
  switch (rng.int(14)) {
    case 0:
      return `const bit<8> C = ${rep("1", n, " + ")};\n`;
    case 1:
      return `#define X ${rep("1", n, " + ")}\nconst bit<8> C = X;\n`;
    case 2:
      return `const bit<64> C = ${rep("1w1", n, " ++ ")};\n`;
    case 3:
      return `${header}control c(inout s_t x) { apply { x${rep(".a", n)} = 1; } }\n`;
    case 4:
      return `control c(inout bit<8> x) { apply { x = x${rep(rng.chance(0.5) ? "[0]" : "[7:0]", n)}; } }\n`;
    case 5:
      return `enum bit<8> E { A = ${rep("1", n, " + ")} }\n`;
    case 6:
      return `const bit<8> C = ${rep("(", Math.min(n, 300))}1${rep(")", Math.min(n, 300))};\n`;
    case 7:
      return `const int C = ${rep("-", n)}1;\n`;
    case 8:
      return `${header}control c(inout bit<8> x) { apply { ${rep("if (x == 1) ", n)} x = 2; } }\n`;
    case 9: {
      // Each macro doubles the previous one: 2^k tokens if nothing stops it.
      const k = rng.range(10, 40);
      let t = "#define M0 1\n";
      for (let i = 1; i <= k; i++) t += `#define M${i} M${i - 1} + M${i - 1}\n`;
      return `${t}const bit<8> C = M${k};\n`;
    }
    case 10:
      return `#if ${rep("1", n, " + ")}\n#endif\n`;
    case 11:
      return `${header}${rep("header g_t { bit<8> a; }\n", Math.min(n, 20000)).replace(/g_t/g, () => `g${rng.int(1e9)}_t`)}`;
    case 12: {
      const states = Array.from(
        { length: Math.min(n, 5000) },
        (_, i) => `state s${i} { transition s${i + 1}; }`,
      ).join("\n");
      return `${header}parser P(packet_in p, out s_t h) { state start { transition s0; }\n${states}\nstate s${Math.min(n, 5000)} { transition accept; } }\n`;
    }
    default:
      return `${rep("typedef bit<8> t0;\n", 1)}${Array.from({ length: Math.min(n, 5000) }, (_, i) => `typedef t${i} t${i + 1};`).join("\n")}\n`;
  }
}

// A generator of random extractor programs: headers of random widths, a parser of states that
// extract, assign, branch and select on what they read; mostly valid, so the accepted ones
// exercise the IR, the layout, the emitters, clang and the verifier.

export function generateProgram(rng: Rng): string {
  const headers: { name: string; fields: { name: string; width: number }[] }[] = [];
  const nh = rng.range(1, 5);
  for (let h = 0; h < nh; h++) {
    const fields: { name: string; width: number }[] = [];
    let total = 0;
    const nf = rng.range(1, 6);
    for (let f = 0; f < nf; f++) {
      const width = rng.pick([1, 2, 3, 4, 7, 8, 8, 12, 16, 16, 24, 32, 48, 64, 65, 128]);
      fields.push({ name: `f${f}`, width });
      total += width;
    }
    if (total % 8 !== 0) fields.push({ name: "pad", width: 8 - (total % 8) });
    headers.push({ name: `h${h}`, fields });
  }
  const stackSize = rng.range(1, 4);
  const decl = headers
    .map(
      (h) =>
        `header ${h.name}_t {\n${h.fields.map((f) => `    bit<${f.width}> ${f.name};`).join("\n")}\n}`,
    )
    .join("\n");
  const members = headers.map((h) => `    ${h.name}_t ${h.name};`).join("\n");
  const expr = (depth: number): string => {
    // The backend computes with at most 64 bits; wider fields are only extracted and selected on.
    const h = rng.pick(headers);
    const narrow = h.fields.filter((x) => x.width <= 64);
    const f = narrow.length > 0 ? rng.pick(narrow) : undefined;
    if (!f) return `32w${rng.int(1 << 16)}`;
    if (depth <= 0 || rng.chance(0.4)) {
      return rng.chance(0.7) ? `(bit<32>)hdr.${h.name}.${f.name}` : `32w${rng.int(1 << 16)}`;
    }
    const op = rng.pick(["+", "-", "&", "|", "^", "<<", ">>", "*"]);
    const right = op === "<<" || op === ">>" ? `${rng.int(40)}` : expr(depth - 1);
    return `(${expr(depth - 1)} ${op} ${right})`;
  };
  const selectWidth = headers[0]!.fields[0]!.width;
  const nstates = rng.range(1, 6);
  const states: string[] = [];
  for (let s = 0; s < nstates; s++) {
    const h = rng.pick(headers);
    const body: string[] = [`        p.extract(hdr.${h.name});`];
    if (rng.chance(0.5)) body.push(`        meta.m = ${expr(rng.range(0, 4))};`);
    if (rng.chance(0.3))
      body.push(`        if (meta.m == 32w${rng.int(8)}) { meta.n = 8w1; } else { meta.n = 8w2; }`);
    if (rng.chance(0.2)) body.push(`        p.extract(hdr.st.next);`);
    if (rng.chance(0.2))
      body.push(`        verify(hdr.${h.name}.${rng.pick(h.fields).name} != 0, error.NoMatch);`);
    if (rng.chance(0.15)) body.push(`        p.advance(${8 * rng.range(0, 4)});`);
    const targets = [
      ...Array.from({ length: nstates - s - 1 }, (_, i) => `s${s + 1 + i}`),
      "accept",
      "reject",
      ...(rng.chance(0.2) ? [`s${s}`] : []),
    ];
    let transition: string;
    if (rng.chance(0.6)) {
      const f = rng.pick(h.fields);
      const cases = Array.from({ length: rng.range(1, 4) }, () => {
        const v = BigInt(rng.int(1 << 20)) % (1n << BigInt(Math.min(f.width, 20)));
        return `            ${rng.chance(0.2) ? `${v} &&& ${v}` : v}: ${rng.pick(targets)};`;
      });
      if (f.width === selectWidth && rng.chance(0.3))
        cases.push(`            vs: ${rng.pick(targets)};`);
      cases.push(`            default: ${rng.pick(targets)};`);
      transition = `        transition select(hdr.${h.name}.${f.name}) {\n${cases.join("\n")}\n        }`;
    } else transition = `        transition ${rng.pick(targets)};`;
    states.push(`    state s${s} {\n${body.join("\n")}\n${transition}\n    }`);
  }
  return `#include <core.p4>
#include <p4flow.p4>
${decl}
header st_t { bit<8> v; }
struct headers_t {
${members}
    st_t[${stackSize}] st;
}
struct meta_t { bit<32> m; bit<8> n; }
parser P(packet_in p, out headers_t hdr, inout meta_t meta) {
    value_set<bit<${selectWidth}>>(4) vs;
    state start {
        transition s0;
    }
${states.join("\n")}
}
FlowExtract(P()) main;
`;
}
