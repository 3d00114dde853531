// Renders the layout's JavaScript decoders: `<name>.key.ts` (a self-contained TypeScript module)
// and, from the same text without the type annotations, `<name>.key.js` (plain ESM that Node 20
// runs as is) with its `<name>.key.d.ts`. Each has the key's type, `decode(bytes)` returning a
// typed nested object (headers with a `valid` flag, stacks as arrays) that refuses a key of the
// wrong size, the layout fingerprint and `checkFingerprint`, the flow-table value's decoder, the
// constants, and helpers to print MAC, IPv4 and IPv6 addresses.
// Numbers up to 53 bits are `number`; wider values are `bigint`.

import { assertNever } from "../diagnostics/diagnostic.js";
import { VERSION } from "../version.js";
import { OUTCOME_ACCEPT, OUTCOME_REJECT, type FlowKeyLayout, type LayoutField } from "./layout.js";

type Tree =
  | { kind: "node"; children: Map<string, Tree>; array: boolean; header?: number }
  | { kind: "leaf"; field: LayoutField };

function segments(path: string): string[] {
  return path.replace(/\[(\d+)\]/g, ".$1").split(".");
}

function buildTree(layout: FlowKeyLayout): Tree {
  const root: Tree = { kind: "node", children: new Map(), array: false };
  const nodeAt = (segs: string[]): Extract<Tree, { kind: "node" }> => {
    let n = root;
    for (const s of segs) {
      let next = n.children.get(s);
      if (!next) {
        next = { kind: "node", children: new Map(), array: false };
        n.children.set(s, next);
      }
      if (/^\d+$/.test(s)) n.array = true;
      n = next as Extract<Tree, { kind: "node" }>;
    }
    return n;
  };
  for (const h of layout.headers) nodeAt(segments(h.path)).header = h.validBit;
  for (const f of layout.fields) {
    if (f.slot === undefined || f.kind === "varbitLength") continue;
    const segs = segments(f.path);
    const parent = nodeAt(segs.slice(0, -1));
    if (/^\d+$/.test(segs[segs.length - 1]!)) parent.array = true;
    parent.children.set(segs[segs.length - 1]!, { kind: "leaf", field: f });
  }
  return root;
}

function leafType(f: LayoutField): string {
  switch (f.kind) {
    case "bool":
      return "boolean";
    case "error":
      return "string";
    case "varbit":
      return "{ bytes: Uint8Array; bits: number }";
    case "bytes":
      return "bigint";
    case "uint":
    case "int":
    case "varbitLength":
    case "padding":
      return f.bits > 53 ? "bigint" : "number";
    default:
      return assertNever(f.kind, "layout field kind");
  }
}

function typeOf(t: Tree, indent: string): string {
  if (t.kind === "leaf") return leafType(t.field);
  const entries = [...t.children.entries()];
  if (t.array) {
    const el = entries[0]?.[1];
    return el ? `Array<${typeOf(el, indent)}>` : "never[]";
  }
  const inner = indent + "  ";
  const members = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${typeOf(v, inner)};`);
  if (t.header !== undefined) members.unshift(`${inner}valid: boolean;`);
  return `{\n${members.join("\n")}\n${indent}}`;
}

function decoderOf(t: Tree, indent: string, lengths: ReadonlyMap<number, number>): string {
  if (t.kind === "leaf") {
    const f = t.field;
    const len = f.kind === "varbit" ? `, u(${lengths.get(f.slot ?? -1) ?? 0}, 2)` : "";
    return `read(${JSON.stringify(f.kind)}, ${f.offset}, ${f.size}, ${f.bits}${len})`;
  }
  const entries = [...t.children.entries()];
  if (t.array) return `[${entries.map(([, v]) => decoderOf(v, indent, lengths)).join(", ")}]`;
  const inner = indent + "  ";
  const members = entries.map(
    ([k, v]) => `${inner}${JSON.stringify(k)}: ${decoderOf(v, inner, lengths)},`,
  );
  if (t.header !== undefined) members.unshift(`${inner}valid: valid(${t.header}),`);
  return `{\n${members.join("\n")}\n${indent}}`;
}

interface Names {
  readonly file: string;
  readonly typeName: string;
  readonly statsName: string;
}

function namesOf(layout: FlowKeyLayout, ext: string): Names {
  const name = layout.name.replace(/[^A-Za-z0-9_]/g, "_");
  const typeName = `${name[0]!.toUpperCase()}${name.slice(1)}Key`;
  return { file: `${name}.key.${ext}`, typeName, statsName: `${typeName.slice(0, -3)}FlowStats` };
}

function keyInterface(layout: FlowKeyLayout, n: Names): string {
  const tree = buildTree(layout) as Extract<Tree, { kind: "node" }>;
  const rootMembers = [...tree.children.entries()].map(
    ([k, v]) => `  ${JSON.stringify(k)}: ${typeOf(v, "  ")};`,
  );
  return `export interface ${n.typeName} {
  outcome: "accept" | "reject";
  error: string;
${rootMembers.join("\n")}
}

/** A --flow-table entry's value: counters in the BPF target's order (little-endian). */
export interface ${n.statsName} {
  ${layout.flowStats.fields.map((f) => `${f.name}: bigint;`).join("\n  ")}
}`;
}

/** The module's text; `typed` adds the TypeScript annotations (and the key's interface). */
function decoderModule(layout: FlowKeyLayout, typed: boolean, n: Names): string {
  const t = (annotation: string): string => (typed ? annotation : "");
  const lengths = new Map(
    layout.fields.filter((f) => f.kind === "varbitLength").map((f) => [f.slot ?? -1, f.offset]),
  );
  const tree = buildTree(layout) as Extract<Tree, { kind: "node" }>;
  const little = layout.endianness === "little";
  const rootDecoders = [...tree.children.entries()].map(
    ([k, v]) => `    ${JSON.stringify(k)}: ${decoderOf(v, "    ", lengths)},`,
  );
  return `// ${n.file}: decoder for the flow key of P4 parser '${layout.name}', generated by p4flow ${VERSION}. Do not edit.
// Byte order of multi-byte integers: ${layout.byteOrder} (${layout.endianness}-endian).

export const KEY_SIZE = ${layout.size};
/** The layout's identity: the program holds the same value in its global p4flow_layout_fingerprint. */
export const LAYOUT_FINGERPRINT = ${layout.fingerprint}n;
export const FLOW_STATS_SIZE = ${layout.flowStats.size};
export const OUTCOME_ACCEPT = ${OUTCOME_ACCEPT};
export const OUTCOME_REJECT = ${OUTCOME_REJECT};
export const ERRORS${t(": Readonly<Record<number, string>>")} = ${JSON.stringify(Object.fromEntries(layout.errors.map((e) => [e.code, e.name])))};
export const VALID_BITS${t(": Readonly<Record<string, number>>")} = ${JSON.stringify(Object.fromEntries(layout.headers.map((h) => [h.path, h.validBit])))};
${typed ? `\n${keyInterface(layout, n)}\n` : ""}
const hex64 = (v${t(": bigint")})${t(": string")} => \`0x\${v.toString(16).padStart(16, "0")}\`;

/** Throws unless \`fingerprint\` (read from a program's p4flow_layout_fingerprint) is this layout's. */
export function checkFingerprint(fingerprint${t(": bigint | number | string")})${t(": void")} {
  const got = BigInt(fingerprint);
  if (got !== LAYOUT_FINGERPRINT)
    throw new RangeError(
      \`p4flow: the program's layout fingerprint is \${hex64(got)}, but this decoder is for ${layout.name} layout \${hex64(LAYOUT_FINGERPRINT)}; regenerate it from the program's layout\`,
    );
}

/** Decodes ${layout.size} key bytes (as the kernel program or \`p4flow run\` wrote them). */
export function decode(bytes${t(": Uint8Array")})${t(`: ${n.typeName}`)} {
  if (bytes.length !== KEY_SIZE)
    throw new RangeError(
      \`p4flow: a ${layout.name} key (layout \${hex64(LAYOUT_FINGERPRINT)}) is \${KEY_SIZE} bytes, got \${bytes.length}: the key belongs to another layout\`,
    );
  const u = (offset${t(": number")}, size${t(": number")})${t(": bigint")} => {
    let v = 0n;
    for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(bytes[offset + (${little} ? size - 1 - i : i)]${t("!")});
    return v;
  };
  const be = (offset${t(": number")}, size${t(": number")})${t(": bigint")} => {
    let v = 0n;
    for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(bytes[offset + i]${t("!")});
    return v;
  };
  const valid = (bit${t(": number")})${t(": boolean")} => ((bytes[${layout.status.validOffset} + (bit >> 3)]${t("!")} >> (bit & 7)) & 1) === 1;
  const read = (kind${t(": string")}, offset${t(": number")}, size${t(": number")}, bits${t(": number")}, length${t("?: bigint")})${t(": any")} => {
    switch (kind) {
      case "bool":
        return bytes[offset] !== 0;
      case "error":
        return ERRORS[Number(u(offset, size))] ?? \`error#\${u(offset, size)}\`;
      case "bytes":
        return be(offset, size);
      case "varbit":
        return { bytes: bytes.slice(offset, offset + Math.ceil(Number(length ?? 0n) / 8)), bits: Number(length ?? 0n) };
      case "int": {
        const v = BigInt.asIntN(bits, u(offset, size));
        return bits > 53 ? v : Number(v);
      }
      default: {
        const v = u(offset, size);
        return bits > 53 ? v : Number(v);
      }
    }
  };
  return {
    outcome: bytes[${layout.status.outcomeOffset}] === OUTCOME_ACCEPT ? "accept" : "reject",
    error: ERRORS[Number(u(${layout.status.errorOffset}, ${layout.status.errorSize}))] ?? "unknown",
${rootDecoders.join("\n")}
  };
}

/** Decodes a --flow-table value (${layout.flowStats.size} bytes). */
export function decodeFlowStats(bytes${t(": Uint8Array")})${t(`: ${n.statsName}`)} {
  if (bytes.length !== FLOW_STATS_SIZE)
    throw new RangeError(\`p4flow: a flow-table value is \${FLOW_STATS_SIZE} bytes, got \${bytes.length}\`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    ${layout.flowStats.fields.map((f) => `${f.name}: view.getBigUint64(${f.offset}, true),`).join("\n    ")}
  };
}

/** "aa:bb:cc:dd:ee:ff" from a 48-bit value. */
export function formatMac(v${t(": number | bigint")})${t(": string")} {
  const n = BigInt(v);
  return [40n, 32n, 24n, 16n, 8n, 0n].map((s) => ((n >> s) & 0xffn).toString(16).padStart(2, "0")).join(":");
}

/** Dotted quad from a 32-bit value. */
export function formatIpv4(v${t(": number | bigint")})${t(": string")} {
  const n = BigInt(v);
  return [24n, 16n, 8n, 0n].map((s) => ((n >> s) & 0xffn).toString()).join(".");
}

/** RFC 5952 text from a 128-bit value. */
export function formatIpv6(v${t(": bigint")})${t(": string")} {
  const groups = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return \`\${hex.slice(0, best).join(":")}::\${hex.slice(best + bestLen).join(":")}\`;
}
`;
}

/** `<name>.key.ts`: the TypeScript decoder. */
export function renderDecoder(layout: FlowKeyLayout): string {
  return decoderModule(layout, true, namesOf(layout, "ts"));
}

/** `<name>.key.js`: the same decoder as plain ESM JavaScript. */
export function renderDecoderJs(layout: FlowKeyLayout): string {
  return decoderModule(layout, false, namesOf(layout, "js"));
}

/** `<name>.key.d.ts`: the declarations of `<name>.key.js`. */
export function renderDecoderDts(layout: FlowKeyLayout): string {
  const n = namesOf(layout, "js");
  return `// ${namesOf(layout, "d.ts").file}: types of ${n.file}, generated by p4flow ${VERSION}. Do not edit.

export declare const KEY_SIZE: ${layout.size};
export declare const LAYOUT_FINGERPRINT: bigint;
export declare const FLOW_STATS_SIZE: ${layout.flowStats.size};
export declare const OUTCOME_ACCEPT: ${OUTCOME_ACCEPT};
export declare const OUTCOME_REJECT: ${OUTCOME_REJECT};
export declare const ERRORS: Readonly<Record<number, string>>;
export declare const VALID_BITS: Readonly<Record<string, number>>;

${keyInterface(layout, n)}

/** Throws unless \`fingerprint\` (read from a program's p4flow_layout_fingerprint) is this layout's. */
export declare function checkFingerprint(fingerprint: bigint | number | string): void;
/** Decodes ${layout.size} key bytes; throws a RangeError for any other length. */
export declare function decode(bytes: Uint8Array): ${n.typeName};
/** Decodes a --flow-table value (${layout.flowStats.size} bytes). */
export declare function decodeFlowStats(bytes: Uint8Array): ${n.statsName};
/** "aa:bb:cc:dd:ee:ff" from a 48-bit value. */
export declare function formatMac(v: number | bigint): string;
/** Dotted quad from a 32-bit value. */
export declare function formatIpv4(v: number | bigint): string;
/** RFC 5952 text from a 128-bit value. */
export declare function formatIpv6(v: bigint): string;
`;
}
