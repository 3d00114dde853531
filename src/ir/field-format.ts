// The `@p4flow_format("...")` annotation on a struct or header field: how tools show the field's
// value. "ipv4", "ipv6" and "mac" make it an address of that kind (a field of 32, 128 and 48
// bits); "number" keeps it a number whatever its name says. Without the annotation the field's
// width and name decide (src/interp/format-values.ts). A value p4flow does not know, or an
// address kind on a field of another width, is a warning and the annotation is left out.

import type * as A from "../frontend/ast.js";
import { ioMessages } from "../diagnostics/catalog-io.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type { IrFieldFormat, IrScalarType } from "./ir.js";
import { scalarWidth } from "./widths.js";

export const FIELD_FORMAT_ANNOTATION = "p4flow_format";

/** The bits each address kind needs. */
const ADDRESS_BITS: Readonly<Record<Exclude<IrFieldFormat, "number">, number>> = {
  ipv4: 32,
  ipv6: 128,
  mac: 48,
};

export function fieldFormat(
  decl: A.StructField | undefined,
  type: IrScalarType,
  sink: DiagnosticSink | undefined,
): IrFieldFormat | undefined {
  const a = decl?.annotations.find((x) => x.name.name === FIELD_FORMAT_ANNOTATION);
  if (!a) return undefined;
  const tokens = a.body.kind === "unparsed" ? a.body.tokens : [];
  const value = tokens.length === 1 ? /^"(.*)"$/.exec(tokens[0]!)?.[1] : undefined;
  const bad = (reason: string) => {
    sink?.report(ioMessages.badFieldFormat, a.range, { field: decl!.name.name, reason });
    return undefined;
  };
  if (value === undefined || !(value === "number" || value in ADDRESS_BITS))
    return bad(`it takes one of "ipv4", "ipv6", "mac" or "number"`);
  if (value === "number") return "number";
  const kind = value as Exclude<IrFieldFormat, "number">;
  const width = type.kind === "bit" ? scalarWidth(type) : -1;
  if (width !== ADDRESS_BITS[kind])
    return bad(`"${kind}" is for a bit<${ADDRESS_BITS[kind]}> field`);
  return kind;
}
