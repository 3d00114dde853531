// Harness programs for the generated bindings: each reads lines "K <hex key>" or "F <hex
// fingerprint>" and prints, per line, the key's fields as "cName=value" (integers in decimal,
// bools 0/1, byte arrays in hex), or "ok" for an accepted fingerprint, or "error <message>". The
// same normalized line is computed from the interpreter's key bytes to compare against.

import { keyInteger } from "../../src/interp/decode.js";
import type { FlowKeyLayout, LayoutField } from "../../src/layout/layout.js";
import { goName } from "../../src/layout/render-go.js";
import { pythonName } from "../../src/layout/render-python.js";
import { rustName } from "../../src/layout/render-rust.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const valueFields = (l: FlowKeyLayout) => l.fields.filter((f) => f.kind !== "padding");

/** The line every harness must print for `key` (the interpreter's bytes). */
export function expectedLine(layout: FlowKeyLayout, key: Uint8Array): string {
  return valueFields(layout)
    .map((f) => {
      const raw = key.subarray(f.offset, f.offset + f.size);
      switch (f.kind) {
        case "bytes":
        case "varbit":
          return `${f.cName}=${hex(raw)}`;
        case "bool":
          return `${f.cName}=${raw[0] ? 1 : 0}`;
        case "int":
          return `${f.cName}=${BigInt.asIntN(f.size * 8, keyInteger(layout, key, f.offset, f.size))}`;
        default:
          return `${f.cName}=${keyInteger(layout, key, f.offset, f.size)}`;
      }
    })
    .join(" ");
}

export function inputLines(keys: readonly Uint8Array[], fingerprints: readonly string[]): string {
  return [...keys.map((k) => `K ${hex(k)}`), ...fingerprints.map((f) => `F ${f.slice(2)}`)]
    .map((l) => `${l}\n`)
    .join("");
}

/** A Go main package calling layout i's package as l<i>: `harness <i> <input file>`. */
export function goMain(layouts: readonly FlowKeyLayout[]): string {
  const fn = (l: FlowKeyLayout, i: number) => {
    const type = `${goName(l.name.replace(/[^A-Za-z0-9_]/g, "_"))}Key`;
    const parts = valueFields(l).map((f: LayoutField) => {
      const n = `k.${goName(f.cName)}`;
      switch (f.kind) {
        case "bytes":
        case "varbit":
          return `fmt.Sprintf("${f.cName}=%x", ${n}[:])`;
        case "bool":
          return `fmt.Sprintf("${f.cName}=%d", b2i(${n}))`;
        default:
          return `fmt.Sprintf("${f.cName}=%d", ${n})`;
      }
    });
    return `func key${i}(b []byte) string {
\tvar k l${i}.${type}
\tif err := k.UnmarshalBinary(b); err != nil {
\t\treturn "error " + err.Error()
\t}
\treturn strings.Join([]string{${parts.join(", ")}}, " ")
}

func fp${i}(v uint64) string {
\tif err := l${i}.CheckFingerprint(v); err != nil {
\t\treturn "error " + err.Error()
\t}
\treturn "ok"
}`;
  };
  return `package main

import (
\t"bufio"
\t"encoding/hex"
\t"fmt"
\t"os"
\t"strconv"
\t"strings"
${layouts.map((_, i) => `\tl${i} "p4ftest/l${i}"`).join("\n")}
)

func b2i(b bool) int {
\tif b {
\t\treturn 1
\t}
\treturn 0
}

${layouts.map(fn).join("\n\n")}

func main() {
\ti, _ := strconv.Atoi(os.Args[1])
\tkeys := []func([]byte) string{${layouts.map((_, i) => `key${i}`).join(", ")}}
\tfps := []func(uint64) string{${layouts.map((_, i) => `fp${i}`).join(", ")}}
\tf, err := os.Open(os.Args[2])
\tif err != nil {
\t\tpanic(err)
\t}
\ts := bufio.NewScanner(f)
\ts.Buffer(make([]byte, 1<<20), 1<<20)
\tw := bufio.NewWriter(os.Stdout)
\tdefer w.Flush()
\tfor s.Scan() {
\t\tline := s.Text()
\t\tif strings.HasPrefix(line, "K ") {
\t\t\tb, _ := hex.DecodeString(line[2:])
\t\t\tfmt.Fprintln(w, keys[i](b))
\t\t} else {
\t\t\tv, _ := strconv.ParseUint(line[2:], 16, 64)
\t\t\tfmt.Fprintln(w, fps[i](v))
\t\t}
\t}
}
`;
}

/** A Rust main with layout i's file as module l<i>: `harness <i> <input file>`. */
export function rustMain(layouts: readonly FlowKeyLayout[], files: readonly string[]): string {
  const fn = (l: FlowKeyLayout, i: number) => {
    const base = l.name.replace(/[^A-Za-z0-9_]/g, "_");
    const type = `${base
      .split("_")
      .filter((p) => p !== "")
      .map((p) => p[0]!.toUpperCase() + p.slice(1))
      .join("")}Key`;
    const parts = valueFields(l).map((f) => {
      const n = `{ k.${rustName(f.cName)} }`;
      switch (f.kind) {
        case "bytes":
        case "varbit":
          return `format!("${f.cName}={}", hexs(&${n}))`;
        case "bool":
          return `format!("${f.cName}={}", ${n} as u8)`;
        default:
          return `format!("${f.cName}={}", ${n})`;
      }
    });
    return `fn key${i}(b: &[u8]) -> String {
    match l${i}::${type}::from_bytes(b) {
        Err(e) => format!("error {}", e),
        Ok(k) => vec![${parts.join(", ")}].join(" "),
    }
}

fn fp${i}(v: u64) -> String {
    match l${i}::check_fingerprint(v) {
        Err(e) => format!("error {}", e),
        Ok(()) => "ok".to_string(),
    }
}`;
  };
  return `use std::io::Write;
${files.map((f, i) => `#[path = ${JSON.stringify(f)}]\nmod l${i};`).join("\n")}

fn hexs(b: &[u8]) -> String {
    b.iter().map(|x| format!("{:02x}", x)).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2).map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap()).collect()
}

${layouts.map(fn).join("\n\n")}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let i: usize = args[1].parse().unwrap();
    let keys: Vec<fn(&[u8]) -> String> = vec![${layouts.map((_, i) => `key${i}`).join(", ")}];
    let fps: Vec<fn(u64) -> String> = vec![${layouts.map((_, i) => `fp${i}`).join(", ")}];
    let text = std::fs::read_to_string(&args[2]).unwrap();
    let out = std::io::stdout();
    let mut w = std::io::BufWriter::new(out.lock());
    for line in text.lines() {
        let r = if line.starts_with("K ") {
            keys[i](&unhex(&line[2..]))
        } else {
            fps[i](u64::from_str_radix(&line[2..], 16).unwrap())
        };
        writeln!(w, "{}", r).unwrap();
    }
}
`;
}

/** A Python script: `python3 harness.py <module file> <input file> <layout json>`. */
export const PYTHON_MAIN = `import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("binding", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
fields = json.loads(sys.argv[3])
out = []
for line in open(sys.argv[2]):
    line = line.rstrip("\\n")
    try:
        if line.startswith("K "):
            k = m.decode(bytes.fromhex(line[2:]))
            parts = []
            for name, attr, kind, size in fields:
                v = getattr(k, attr)
                if kind in ("bytes", "varbit"):
                    parts.append("%s=%s" % (name, v.hex() if isinstance(v, bytes) else format(v, "0%dx" % (2 * size))))
                else:
                    parts.append("%s=%d" % (name, int(v)))
            out.append(" ".join(parts))
        else:
            m.check_fingerprint(int(line[2:], 16))
            out.append("ok")
    except m.LayoutError as e:
        out.append("error %s" % e)
sys.stdout.write("".join(l + "\\n" for l in out))
`;

export function pythonFields(l: FlowKeyLayout): string {
  return JSON.stringify(valueFields(l).map((f) => [f.cName, pythonName(f.cName), f.kind, f.size]));
}

/** A Node script: `node harness.mjs <module file> <input file> <layout json>`. */
export const JS_MAIN = `import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const m = await import(pathToFileURL(process.argv[2]).href);
const layout = JSON.parse(readFileSync(process.argv[4], "utf8"));
const seg = (p) => p.replace(/\\[(\\d+)\\]/g, ".$1").split(".");
const at = (o, p) => seg(p).reduce((x, s) => x[s], o);
const hexOf = (v, size) => v.toString(16).padStart(2 * size, "0");
const codeOf = (name) => Number(Object.entries(m.ERRORS).find(([, n]) => n === name)?.[0] ?? -1);
const out = [];
for (const line of readFileSync(process.argv[3], "utf8").split("\\n")) {
  if (line === "") continue;
  try {
    if (!line.startsWith("K ")) {
      m.checkFingerprint(BigInt("0x" + line.slice(2)));
      out.push("ok");
      continue;
    }
    const k = m.decode(Uint8Array.from(Buffer.from(line.slice(2), "hex")));
    const parts = [];
    for (const f of layout.fields) {
      if (f.kind === "padding") continue;
      let text;
      if (f.path === "$status.outcome") text = k.outcome === "accept" ? m.OUTCOME_ACCEPT : m.OUTCOME_REJECT;
      else if (f.path === "$status.error") text = codeOf(k.error);
      else if (f.path === "$status.valid") {
        const bits = new Uint8Array(f.size);
        for (const h of layout.headers) if (at(k, h.path).valid) bits[h.validBit >> 3] |= 1 << (h.validBit & 7);
        text = Buffer.from(bits).toString("hex");
      } else if (f.kind === "varbitLength") text = at(k, f.path.replace(/\\$length$/, "")).bits;
      else {
        const v = at(k, f.path);
        if (f.kind === "bool") text = v ? 1 : 0;
        else if (f.kind === "error") text = codeOf(v);
        else if (f.kind === "bytes") text = hexOf(v, f.size);
        else if (f.kind === "varbit") text = Buffer.from(v.bytes).toString("hex").padEnd(2 * f.size, "0");
        else text = String(v);
      }
      parts.push(f.cName + "=" + text);
    }
    out.push(parts.join(" "));
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    out.push("error " + e.message);
  }
}
process.stdout.write(out.map((l) => l + "\\n").join(""));
`;

/**
 * A C++ translation unit reading keys through layout i's C header (`l<i>.h`, in namespace l<i>):
 * key<i>() prints the fields of a key copied into the struct, fp<i>() the header's size and
 * fingerprint macros.
 */
export function cppUnit(l: FlowKeyLayout, i: number): string {
  const base = l.name.replace(/[^A-Za-z0-9_]/g, "_");
  const macro = base.replace(/^_+|_+$/g, "").toUpperCase();
  const swap = l.endianness === "big";
  const parts = valueFields(l).map((f) => {
    const m = `k.${f.cName}`;
    switch (f.kind) {
      case "bytes":
      case "varbit":
        return `out << "${f.cName}=" << hexs(${m}, ${f.size});`;
      case "bool":
        return `out << "${f.cName}=" << (unsigned)${m};`;
      default: {
        const bits = f.size * 8;
        const raw = swap && f.size > 1 ? `__builtin_bswap${bits}((uint${bits}_t)${m})` : m;
        const cast = f.kind === "int" ? `(long long)(int${bits}_t)` : "(unsigned long long)";
        return `out << "${f.cName}=" << ${cast}${raw};`;
      }
    }
  });
  return `#include <stdint.h>
#include <cstring>
#include <sstream>
#include <string>
#include <cstdio>
namespace l${i} {
#include "l${i}.h"
}

static std::string hexs(const uint8_t *p, size_t n) {
  std::string s;
  char b[3];
  for (size_t i = 0; i < n; i++) {
    std::snprintf(b, sizeof b, "%02x", p[i]);
    s += b;
  }
  return s;
}

std::string fp${i}() {
  char b[64];
  std::snprintf(b, sizeof b, "%d 0x%016llx", ${macro}_KEY_SIZE, (unsigned long long)${macro}_LAYOUT_FINGERPRINT);
  return b;
}

std::string key${i}(const uint8_t *bytes, size_t n) {
  if (n != sizeof(l${i}::${base}_key)) return "error size";
  l${i}::${base}_key k;
  std::memcpy(&k, bytes, n);
  std::ostringstream out;
  ${parts.join(' out << " ";\n  ')}
  return out.str();
}
`;
}

/** The C++ main over cppUnit(0..n-1): `harness <i> <input file>` with only "K" lines. */
export function cppMain(count: number): string {
  const ids = Array.from({ length: count }, (_, i) => i);
  return `#include <stdint.h>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>
${ids.map((i) => `std::string key${i}(const uint8_t *, size_t);\nstd::string fp${i}();`).join("\n")}

int main(int argc, char **argv) {
  (void)argc;
  int i = std::stoi(argv[1]);
  std::string (*keys[])(const uint8_t *, size_t) = {${ids.map((i) => `key${i}`).join(", ")}};
  std::string (*fps[])() = {${ids.map((i) => `fp${i}`).join(", ")}};
  std::cout << fps[i]() << "\\n";
  std::ifstream in(argv[2]);
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, 2, "K ") != 0) continue;
    std::vector<uint8_t> b;
    for (size_t j = 2; j + 1 < line.size(); j += 2) b.push_back((uint8_t)std::stoi(line.substr(j, 2), nullptr, 16));
    std::cout << keys[i](b.data(), b.size()) << "\\n";
  }
  return 0;
}
`;
}
