// The architecture model: which parser of the program becomes the flow extractor. From `main`
// it follows the package arguments (through nested package instances, as PSA nests its
// pipelines) to the first parser; --parser NAME picks one directly, also without `main`.
// The parser's out headers and its user metadata (the first inout parameter that is not an
// architecture's own metadata) become the flow key.

import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import { NO_RANGE } from "../frontend/source.js";
import type { Environment } from "./environment.js";

export interface Extractor {
  readonly parser: A.ParserDeclaration;
  /** "p4flow", "v1model", "ebpf_model", "xdp_model", "psa", or "custom". */
  readonly architecture: string;
  readonly packetParam: A.Parameter;
  readonly headersParam: A.Parameter;
  readonly metaParam?: A.Parameter;
}

const ARCHITECTURES: Readonly<Record<string, string>> = {
  FlowExtract: "p4flow",
  FlowDissector: "p4flow",
  V1Switch: "v1model",
  ebpfFilter: "ebpf_model",
  xdp: "xdp_model",
  PSA_Switch: "psa",
};

/** Architecture metadata that is never part of the flow key. */
const ARCHITECTURE_METADATA = /^(standard_metadata_t|psa_\w+_t|xdp_input|xdp_output)$/;

/** The architectures --arch accepts, with their short aliases. */
export const ARCH_NAMES: Readonly<Record<string, string>> = {
  p4flow: "p4flow",
  v1model: "v1model",
  ebpf_model: "ebpf_model",
  ebpf: "ebpf_model",
  xdp_model: "xdp_model",
  xdp: "xdp_model",
  psa: "psa",
};

/**
 * findExtractor, then --arch: the architecture the user says the program is written for must be
 * the one its `main` instantiates (with --parser, it names the architecture of that parser).
 */
export function findExtractorFor(
  program: A.Program,
  env: Environment,
  sink: DiagnosticSink,
  parserName: string | undefined,
  arch: string | undefined,
): Extractor | undefined {
  const x = findExtractor(program, env, sink, parserName);
  if (!x || arch === undefined) return x;
  const wanted = ARCH_NAMES[arch] ?? arch;
  if (x.architecture === "custom") return { ...x, architecture: wanted };
  if (x.architecture !== wanted) {
    sink.report(messages.wrongArchitecture, undefined, { found: x.architecture, wanted });
    return undefined;
  }
  return x;
}

export function findExtractor(
  program: A.Program,
  env: Environment,
  sink: DiagnosticSink,
  parserName: string | undefined,
): Extractor | undefined {
  const parsers = program.declarations.filter(
    (d): d is A.ParserDeclaration => d.kind === "ParserDeclaration",
  );
  const choices =
    parsers.length === 0
      ? "The program declares no parser"
      : `Parsers in this program: ${parsers.map((p) => `'${p.name.name}'`).join(", ")}; choose one with --parser NAME`;
  if (parserName !== undefined) {
    const p = parsers.find((x) => x.name.name === parserName);
    if (!p) {
      sink.report(messages.unknownParserOption, undefined, { name: parserName, choices });
      return undefined;
    }
    return validate(p, "custom", sink);
  }
  const main = program.declarations.find(
    (d): d is A.InstantiationDeclaration =>
      d.kind === "InstantiationDeclaration" && d.name.name === "main",
  );
  if (!main) {
    sink.report(
      messages.noExtractor,
      program.range.file === NO_RANGE.file
        ? undefined
        : { ...program.range, end: program.range.start },
      {
        reason: "the program has no 'main' package instance",
        choices,
      },
    );
    return undefined;
  }
  const pkg = main.type.kind === "NamedTypeRef" ? main.type.name.name : "";
  const parser = firstParser(main.args, env, new Set());
  if (!parser) {
    sink.report(messages.noExtractor, main.name.range, {
      reason: `'main' (a '${pkg}') is given no parser`,
      choices,
    });
    return undefined;
  }
  return validate(parser, ARCHITECTURES[pkg] ?? "custom", sink);
}

function firstParser(
  args: readonly A.Argument[],
  env: Environment,
  visited: Set<A.Declaration>,
): A.ParserDeclaration | undefined {
  for (const a of args) {
    const v = a.value;
    const name =
      v.kind === "CallExpression" && v.callee.kind === "NameExpression"
        ? v.callee.name.name
        : v.kind === "NameExpression"
          ? v.name.name
          : undefined;
    if (name === undefined) continue;
    const d = env.lookup(name);
    if (!d || visited.has(d)) continue;
    visited.add(d);
    if (d.kind === "ParserDeclaration") return d;
    if (d.kind === "InstantiationDeclaration") {
      const inner = firstParser(d.args, env, visited);
      if (inner) return inner;
    }
    if (d.kind === "PackageTypeDeclaration" && v.kind === "CallExpression") {
      const inner = firstParser(v.args, env, visited);
      if (inner) return inner;
    }
  }
  return undefined;
}

function typeName(t: A.TypeRef): string {
  return t.kind === "NamedTypeRef" ? t.name.name : "";
}

function validate(
  parser: A.ParserDeclaration,
  architecture: string,
  sink: DiagnosticSink,
): Extractor | undefined {
  const name = parser.name.name;
  const packetParam = parser.parameters.find((p) => typeName(p.type) === "packet_in");
  const headersParam = parser.parameters.find((p) => p.direction === "out");
  if (!packetParam || !headersParam) {
    sink.report(messages.badExtractor, parser.name.range, {
      name,
      reason: !packetParam
        ? "it has no 'packet_in' parameter"
        : "it has no 'out' parameter to hold the parsed headers",
    });
    return undefined;
  }
  const metaParam = parser.parameters.find(
    (p) => p.direction === "inout" && !ARCHITECTURE_METADATA.test(typeName(p.type)),
  );
  return metaParam
    ? { parser, architecture, packetParam, headersParam, metaParam }
    : { parser, architecture, packetParam, headersParam };
}
