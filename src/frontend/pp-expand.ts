// Macro expansion for the preprocessor: object-like and function-like macros, `#` and `##`, the
// C rule that a macro is not expanded again inside its own expansion, and bounds on depth and
// size so that no macro set can expand forever. Comments and string literals are never expanded.

export interface Macro {
  readonly name: string;
  /** Parameter names for a function-like macro; undefined for an object-like one. */
  readonly params?: readonly string[];
  readonly body: string;
}

/** A piece of the output that came from a macro use at [origStart, origEnd) of the input line. */
export interface Expansion {
  readonly outStart: number;
  readonly outEnd: number;
  readonly origStart: number;
  readonly origEnd: number;
}

export const MAX_EXPANSION_DEPTH = 64;
export const MAX_EXPANDED_LINE = 1_000_000;

export class ExpansionLimit extends Error {}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * Expands macros in one line of code. `inComment` tells whether the line starts inside a block
 * comment; the returned `inComment` is the state at its end.
 */
export function expandLine(
  line: string,
  macros: ReadonlyMap<string, Macro>,
  inComment: boolean,
): { text: string; expansions: Expansion[]; inComment: boolean } {
  let out = "";
  const expansions: Expansion[] = [];
  let i = 0;
  while (i < line.length) {
    if (inComment) {
      const end = line.indexOf("*/", i);
      if (end < 0) {
        out += line.slice(i);
        return { text: out, expansions, inComment: true };
      }
      out += line.slice(i, end + 2);
      i = end + 2;
      inComment = false;
      continue;
    }
    const ch = line[i]!;
    if (ch === "/" && line[i + 1] === "/") {
      out += line.slice(i);
      break;
    }
    if (ch === "/" && line[i + 1] === "*") {
      out += "/*";
      i += 2;
      inComment = true;
      continue;
    }
    if (ch === '"') {
      const end = skipString(line, i);
      out += line.slice(i, end);
      i = end;
      continue;
    }
    IDENT.lastIndex = i;
    const m = IDENT.exec(line);
    if (m && (i === 0 || !/[A-Za-z0-9_]/.test(line[i - 1]!))) {
      const name = m[0];
      const macro = macros.get(name);
      if (macro) {
        const used = useMacro(macro, line, i + name.length, macros, new Set([name]), 0);
        if (used) {
          const outStart = out.length;
          out += used.text;
          expansions.push({ outStart, outEnd: out.length, origStart: i, origEnd: used.end });
          i = used.end;
          if (out.length > MAX_EXPANDED_LINE) throw new ExpansionLimit();
          continue;
        }
      }
      out += name;
      i += name.length;
      continue;
    }
    out += ch;
    i++;
  }
  return { text: out, expansions, inComment };
}

function skipString(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length && s[j] !== '"') j += s[j] === "\\" ? 2 : 1;
  return Math.min(j + 1, s.length);
}

/** Expands one use of `macro` whose name ends at `after`; undefined when a function-like macro is
 *  not followed by `(` (then it is an ordinary identifier). */
function useMacro(
  macro: Macro,
  text: string,
  after: number,
  macros: ReadonlyMap<string, Macro>,
  disabled: ReadonlySet<string>,
  depth: number,
): { text: string; end: number } | undefined {
  if (depth > MAX_EXPANSION_DEPTH) throw new ExpansionLimit();
  if (macro.params === undefined) {
    return { text: rescan(macro.body, macros, disabled, depth), end: after };
  }
  let j = after;
  while (j < text.length && (text[j] === " " || text[j] === "\t")) j++;
  if (text[j] !== "(") return undefined;
  const args = splitArguments(text, j);
  if (!args) return undefined;
  const expandedArgs = args.values.map((a) => rescan(a.trim(), macros, disabled, depth + 1));
  const raw = args.values.map((a) => a.trim());
  const body = substitute(macro, raw, expandedArgs);
  return { text: rescan(body, macros, disabled, depth), end: args.end };
}

/** Splits `(a, (b, c), d)` starting at `open` into its top-level arguments. */
function splitArguments(text: string, open: number): { values: string[]; end: number } | undefined {
  const values: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let k = open; k < text.length; k++) {
    const c = text[k]!;
    if (c === '"') {
      k = skipString(text, k) - 1;
      continue;
    }
    if (c === "(") depth++;
    else if (c === ")") {
      depth--;
      if (depth === 0) {
        values.push(text.slice(start, k));
        return {
          values: values.length === 1 && values[0]!.trim() === "" ? [] : values,
          end: k + 1,
        };
      }
    } else if (c === "," && depth === 1) {
      values.push(text.slice(start, k));
      start = k + 1;
    }
  }
  return undefined;
}

function substitute(macro: Macro, raw: readonly string[], expanded: readonly string[]): string {
  const params = macro.params ?? [];
  const index = new Map(params.map((p, i) => [p, i] as const));
  // `#param` → the raw argument as a string; `a ## b` → pasted without the spaces between.
  let body = macro.body.replace(
    /#\s*([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, name: string, offset: number, s: string) => {
      if (s[offset + 1] === "#" || (offset > 0 && s[offset - 1] === "#")) return whole;
      const i = index.get(name);
      return i === undefined ? whole : JSON.stringify(raw[i] ?? "");
    },
  );
  body = body.replace(
    /([A-Za-z_][A-Za-z0-9_]*)?\s*##\s*([A-Za-z_][A-Za-z0-9_]*)?/g,
    (_w, a?: string, b?: string) => {
      const left = a === undefined ? "" : index.has(a) ? (raw[index.get(a)!] ?? "") : a;
      const right = b === undefined ? "" : index.has(b) ? (raw[index.get(b)!] ?? "") : b;
      return `${left}${right}`;
    },
  );
  return body.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (name) => {
    const i = index.get(name);
    return i === undefined ? name : (expanded[i] ?? "");
  });
}

function rescan(
  text: string,
  macros: ReadonlyMap<string, Macro>,
  disabled: ReadonlySet<string>,
  depth: number,
): string {
  if (depth > MAX_EXPANSION_DEPTH) throw new ExpansionLimit();
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      const end = skipString(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    IDENT.lastIndex = i;
    const m = IDENT.exec(text);
    if (m && (i === 0 || !/[A-Za-z0-9_]/.test(text[i - 1]!))) {
      const name = m[0];
      const macro = disabled.has(name) ? undefined : macros.get(name);
      const used = macro
        ? useMacro(macro, text, i + name.length, macros, new Set([...disabled, name]), depth + 1)
        : undefined;
      if (used) {
        out += used.text;
        i = used.end;
      } else {
        out += name;
        i += name.length;
      }
      if (out.length > MAX_EXPANDED_LINE) throw new ExpansionLimit();
      continue;
    }
    out += text[i];
    i++;
  }
  return out;
}
