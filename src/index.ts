// The public library API: the same pipeline the CLI and the language server use, in memory.
// Everything here runs without a file system (give it a memoryHost); for files on disk, with
// relative includes, `import { nodeHost } from "p4flow/node"` (src/node-host.ts).

export {
  compile,
  compileSteps,
  type CompileOptions,
  type CompileResult,
  type Phase,
} from "./compile.js";
export {
  compileToOutputs,
  renderOutputs,
  EMIT_KINDS,
  type EmitKindName,
  type OutputFile,
  type OutputOptions,
  type Outputs,
} from "./outputs.js";
export { DiagnosticSink, type WarningPolicy } from "./diagnostics/sink.js";
export type { Diagnostic, RelatedInformation, Severity } from "./diagnostics/diagnostic.js";
export { renderText } from "./diagnostics/render-text.js";
export { renderJson } from "./diagnostics/render-json.js";
export { allMessages } from "./diagnostics/catalog.js";
export type * as Ast from "./frontend/ast.js";
export { memoryHost, type FileHost } from "./frontend/host.js";
export { parseSource, parseP4 } from "./frontend/parse.js";
export {
  preprocess,
  type PreprocessOptions,
  type PreprocessResult,
} from "./frontend/preprocess.js";
export { printProgram } from "./frontend/printer.js";
export { builtinIncludes } from "./frontend/include/index.js";
export { check, type CheckOptions } from "./typecheck/check.js";
export type { CallTarget, Referent, TypedProgram } from "./typecheck/typed-program.js";
export type * as Ir from "./ir/ir.js";
export { lowerToIr } from "./ir/lower-parser.js";
export { printIr } from "./ir/print.js";
export { computeLayout } from "./layout/compute.js";
export type {
  FlowKeyLayout,
  FlowStatsLayout,
  LayoutField,
  LayoutOptions,
} from "./layout/layout.js";
export { renderHeader } from "./layout/render-c.js";
export { renderLayoutJson } from "./layout/render-json.js";
export { renderDecoder, renderDecoderDts, renderDecoderJs } from "./layout/render-ts.js";
export { renderGo } from "./layout/render-go.js";
export { renderRust } from "./layout/render-rust.js";
export { renderPython } from "./layout/render-python.js";
export { layoutFingerprint } from "./layout/fingerprint.js";
export {
  FINGERPRINT_SYMBOL,
  readObjectFingerprint,
  type ObjectFingerprint,
} from "./layout/object-fingerprint.js";
export { layoutFromJson, verifyObject } from "./layout/verify.js";
export { createInterpreter } from "./interp/interpreter.js";
export type { InterpResult, InterpOptions } from "./interp/machine.js";
export { compileInterpreter } from "./interp/compiled.js";
export {
  dissectorEntry,
  FLOW_DISSECTOR_FLAGS,
  FLOW_KEYS_FIELDS,
  FLOW_KEYS_SIZE,
} from "./ir/flow-keys.js";
export { flowKeysValues, kernelFlowKeys } from "./interp/flow-keys.js";
export { formatP4, type FormatOptions } from "./frontend/format.js";
export {
  decodeKey,
  formatJsonl,
  formatText,
  type AddressStyle,
  type FieldValue,
  type KeyView,
} from "./interp/decode.js";
export {
  addressKind,
  formatAddress,
  formatFieldValue,
  formatIpv4,
  formatIpv6,
  formatMac,
  type AddressKind,
} from "./interp/format-values.js";
export { readCapture, type Capture, type CapturedPacket } from "./interp/pcap.js";
export { parseHexPacket } from "./interp/hex.js";
export { emitProgram, type EmitOptions } from "./backend-ebpf/emit-program.js";
export { VERSION } from "./version.js";

// Types the API above names in its signatures, so that users (and the API documentation) can.
export type { MessageArgs, MessageDef } from "./diagnostics/message.js";
export type { TextRenderOptions } from "./diagnostics/render-text.js";
export type { PositionMap, SourcePos, SourceRange } from "./frontend/source.js";
export type { Extractor } from "./typecheck/architecture.js";
export type { Named } from "./typecheck/environment.js";
export type { FieldType, Type } from "./typecheck/types.js";
export type { LowerOptions } from "./ir/lower-parser.js";
export type { MissedFact } from "./ir/lower-facts.js";
export type { FlowKeysField } from "./ir/flow-keys.js";
export type { KeyByteOrder, LayoutFieldKind, LayoutHeader } from "./layout/layout.js";
export { TARGET_KINDS, type TargetKind } from "./backend-ebpf/target.js";
export type { InputLimits } from "./frontend/input-limits.js";
export type { EmitInput } from "./outputs.js";
