// A readable dump of the parser IR: what `--dump-ir` prints and the library's printIr returns,
// for debugging the compiler; test/ir/baselines holds it for every example.

import type * as Ir from "./ir.js";

/** An IR scalar type as P4 writes it: `bit<8>`, `varbit<320>`, `bool`, `error`. */
export function scalarTypeText(t: Ir.IrScalarType): string {
  return t.kind === "bit" || t.kind === "int"
    ? `${t.kind}<${t.width}>`
    : t.kind === "varbit"
      ? `varbit<${t.maxWidth}>`
      : t.kind;
}

export function printIr(ir: Ir.IrProgram): string {
  const slot = (id: number): string => ir.slots[id]?.path ?? `$${id}`;
  const header = (r: Ir.IrHeaderRef): string =>
    r.kind === "header"
      ? (ir.headers[r.header]?.path ?? `#${r.header}`)
      : `${ir.stacks[r.stack]?.path}[${expr(r.index)}]`;
  const expr = (e: Ir.IrExpr): string => {
    switch (e.kind) {
      case "const":
        return `${e.value}:${scalarTypeText(e.type)}`;
      case "slot":
        return slot(e.slot);
      case "stackField": {
        const st = ir.stacks[e.stack]!;
        const el = st.elements[0];
        return `${st.path}[${expr(e.index)}].${el?.kind === "header" ? el.fields[e.field]?.name : e.field}`;
      }
      case "isValid":
        return `${header(e.header)}.isValid()`;
      case "unary":
        return `${e.op}(${expr(e.arg)})`;
      case "binary":
        return `(${expr(e.left)} ${e.op} ${expr(e.right)})`;
      case "concat":
        return `(${expr(e.left)} ++ ${expr(e.right)})`;
      case "slice":
        return `${expr(e.arg)}[${e.high}:${e.low}]`;
      case "cast":
        return `(${scalarTypeText(e.type)}) ${expr(e.arg)}`;
      case "ternary":
        return `(${expr(e.cond)} ? ${expr(e.then)} : ${expr(e.else)})`;
      case "packetLength":
        return "packet.length()";
      case "packetOffset":
        return "packet_offset(packet)";
      case "varbitLength":
        return `${slot(e.slot)}.length`;
    }
  };
  const target = (t: Ir.IrTarget): string =>
    t.kind === "state" ? (ir.states[t.state]?.name ?? `#${t.state}`) : t.kind;
  const lval = (l: Ir.IrLValue): string =>
    l.kind === "slot"
      ? slot(l.slot)
      : expr({
          kind: "stackField",
          type: { kind: "bool" },
          stack: l.stack,
          index: l.index,
          field: l.field,
        });
  const lines: string[] = [
    `parser ${ir.name} (start: ${target({ kind: "state", state: ir.start })}, max iterations: ${ir.maxIterations})`,
  ];
  const ops = (list: readonly Ir.IrOp[], indent: string): void => {
    for (const op of list) {
      switch (op.kind) {
        case "extract": {
          const t =
            op.target.kind === "stackNext"
              ? `${ir.stacks[op.target.stack]?.path}.next`
              : header(op.target);
          lines.push(
            `${indent}extract ${t}${op.varbitBits ? `, ${expr(op.varbitBits)} bits` : ""}`,
          );
          break;
        }
        case "lookahead":
          lines.push(
            `${indent}lookahead ${op.bits} bits -> ${op.dests.map((d) => `${lval(d.target)}@${d.bitOffset}`).join(", ")}`,
          );
          break;
        case "advance":
          lines.push(`${indent}advance ${expr(op.bits)}`);
          break;
        case "assign":
          lines.push(`${indent}${lval(op.target)} = ${expr(op.value)}`);
          break;
        case "setValidity":
          lines.push(`${indent}${header(op.header)}.valid = ${expr(op.valid)}`);
          break;
        case "verify":
          lines.push(
            `${indent}verify ${expr(op.condition)} else ${ir.errors.find((e) => e.code === op.error)?.name ?? op.error}`,
          );
          break;
        case "if":
          lines.push(`${indent}if ${expr(op.condition)}`);
          ops(op.then, indent + "  ");
          if (op.else.length) {
            lines.push(`${indent}else`);
            ops(op.else, indent + "  ");
          }
          break;
        case "stackShift":
          lines.push(`${indent}${ir.stacks[op.stack]?.path}.${op.direction}(${op.count})`);
          break;
      }
    }
  };
  for (const s of ir.states) {
    lines.push(`state ${s.name}:`);
    ops(s.ops, "  ");
    const t = s.transition;
    if (t.kind === "direct") lines.push(`  -> ${target(t.target)}`);
    else {
      lines.push(`  select (${t.keys.map(expr).join(", ")})`);
      for (const c of t.cases) {
        const match =
          c.kind === "valueSet"
            ? `value set ${ir.valueSets[c.valueSet]?.name}`
            : c.keysets
                .map((k) =>
                  k.kind === "any"
                    ? "_"
                    : k.kind === "value"
                      ? `${k.value}`
                      : k.kind === "mask"
                        ? `${k.value} &&& ${k.mask}`
                        : `${k.low}..${k.high}`,
                )
                .join(", ");
        lines.push(`    ${match} -> ${target(c.target)}`);
      }
    }
  }
  return lines.join("\n") + "\n";
}
