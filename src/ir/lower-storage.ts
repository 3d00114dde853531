// Storage allocation for the IR: turns the semantic types of the extractor's key parameters and
// of its locals into IrStorage trees with numbered scalar slots, headers, stacks and unions.
// Key headers are allocated first, so their ids are their validity-bitmap bits.

import { assertNever } from "../diagnostics/diagnostic.js";
import type * as Ir from "./ir.js";
import { scalarWidth } from "./widths.js";
import type * as A from "../frontend/ast.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type { Type } from "../typecheck/types.js";
import { fieldFormat } from "./field-format.js";

export class StorageAllocator {
  readonly slots: Ir.IrScalarSlot[] = [];
  readonly headers: Ir.IrHeader[] = [];
  readonly stacks: Ir.IrStack[] = [];
  readonly unions: Ir.IrUnion[] = [];
  /** The type names of structs inside headers, by their path ("hdr.h.p"). */
  readonly structsInHeaders = new Map<string, string>();
  /** Validity bits are handed out only while allocating the key. */
  private inKey = true;

  constructor(private readonly sink?: DiagnosticSink) {}

  endKey(): void {
    this.inKey = false;
  }

  slot(
    path: string,
    type: Ir.IrScalarType,
    enumMembers?: Ir.IrScalarSlot["enumMembers"],
    header?: number,
    decl?: A.StructField,
  ): Ir.IrScalarSlot {
    const format = this.inKey ? fieldFormat(decl, type, this.sink) : undefined;
    const s: Ir.IrScalarSlot = {
      kind: "scalar",
      id: this.slots.length,
      path,
      type,
      ...(enumMembers ? { enumMembers } : {}),
      ...(header !== undefined ? { header } : {}),
      ...(format ? { format } : {}),
    };
    this.slots.push(s);
    return s;
  }

  /** Storage for a value of type `t` at `path`; undefined when `t` has no storage (externs...). */
  allocate(
    path: string,
    t: Type,
    unionId?: number,
    decl?: A.StructField,
  ): Ir.IrStorage | undefined {
    switch (t.kind) {
      case "header":
        return this.header(path, t, unionId);
      case "struct": {
        const members: { name: string; storage: Ir.IrStorage }[] = [];
        for (const f of t.fields) {
          const s = this.allocate(`${path}.${f.name}`, f.type, undefined, f.decl);
          if (s) members.push({ name: f.name, storage: s });
        }
        return { kind: "struct", path, typeName: t.name, members };
      }
      case "union": {
        const id = this.unions.length;
        const placeholder: Ir.IrUnion = { kind: "union", id, path, typeName: t.name, members: [] };
        this.unions.push(placeholder);
        const members = t.fields.flatMap((f) => {
          const s =
            f.type.kind === "header" ? this.header(`${path}.${f.name}`, f.type, id) : undefined;
          return s ? [s] : [];
        });
        const u: Ir.IrUnion = { ...placeholder, members };
        this.unions[id] = u;
        return u;
      }
      case "stack": {
        const id = this.stacks.length;
        this.stacks.push(undefined as unknown as Ir.IrStack);
        const elements: (Ir.IrHeader | Ir.IrUnion)[] = [];
        for (let i = 0; i < t.size; i++) {
          const e = this.allocate(`${path}[${i}]`, t.element);
          if (e && (e.kind === "header" || e.kind === "union")) elements.push(e);
        }
        const nextIndex = this.slot(`${path}$nextIndex`, { kind: "bit", width: 32 });
        const stack: Ir.IrStack = {
          kind: "stack",
          id,
          path,
          elementTypeName:
            t.element.kind === "header" || t.element.kind === "union" ? t.element.name : "?",
          size: t.size,
          elements,
          nextIndexSlot: nextIndex.id,
        };
        this.stacks[id] = stack;
        return stack;
      }
      case "bit":
      case "int":
      case "varbit":
      case "bool":
      case "infint":
      case "string":
      case "error":
      case "match_kind":
      case "void":
      case "enum":
      case "tuple":
      case "list":
      case "newtype":
      case "extern":
      case "parser":
      case "control":
      case "package":
      case "typevar":
      case "dontcare":
      case "unknown": {
        const scalar = scalarType(t);
        if (!scalar) return undefined;
        return this.slot(path, scalar.type, scalar.members, undefined, decl);
      }
      default:
        return assertNever(t, "type");
    }
  }

  private header(
    path: string,
    t: Extract<Type, { kind: "header" }>,
    unionId?: number,
  ): Ir.IrHeader {
    const fields: Ir.IrHeaderField[] = [];
    let offset = 0;
    let varbitField: number | undefined;
    // A struct inside a header is laid out field by field, in order: its fields are the
    // header's, named by their path below it ("p.hi").
    const add = (name: string, ft: Type, decl: A.StructField | undefined): void => {
      if (ft.kind === "struct") {
        this.structsInHeaders.set(`${path}.${name}`, ft.name);
        for (const g of ft.fields) add(`${name}.${g.name}`, g.type, g.decl);
        return;
      }
      const scalar = scalarType(ft) ?? { type: { kind: "bit", width: 0 } as Ir.IrScalarType };
      const slot = this.slot(
        `${path}.${name}`,
        scalar.type,
        scalar.members,
        this.headers.length,
        decl,
      );
      if (scalar.type.kind === "varbit") varbitField = fields.length;
      fields.push({
        name,
        slot: slot.id,
        type: scalar.type,
        bitOffset: offset,
        afterVarbit: varbitField !== undefined && scalar.type.kind !== "varbit",
      });
      offset += scalar.type.kind === "varbit" ? 0 : scalarWidth(scalar.type);
    };
    for (const f of t.fields) add(f.name, f.type, f.decl);
    const h: Ir.IrHeader = {
      kind: "header",
      id: this.headers.length,
      path,
      typeName: t.name,
      fields,
      fixedBits: offset,
      ...(varbitField !== undefined ? { varbitField } : {}),
      ...(this.inKey ? { validBit: this.headers.length } : {}),
      ...(unionId !== undefined ? { unionId } : {}),
    };
    this.headers.push(h);
    return h;
  }
}

/** The IR scalar type for a semantic type, with enum member names for decoders. */
export function scalarType(
  t: Type,
): { type: Ir.IrScalarType; members?: Ir.IrScalarSlot["enumMembers"] } | undefined {
  switch (t.kind) {
    case "bit":
    case "int":
      return { type: { kind: t.kind, width: t.width } };
    case "varbit":
      return { type: { kind: "varbit", maxWidth: t.maxWidth } };
    case "bool":
      return { type: { kind: "bool" } };
    case "error":
      return { type: { kind: "error" } };
    case "newtype":
      return scalarType(t.base);
    case "enum": {
      if (t.underlying) {
        const u = scalarType(t.underlying);
        if (!u) return undefined;
        const members = t.members.flatMap((m) =>
          m.value === undefined ? [] : [{ name: m.name, value: m.value }],
        );
        return { type: u.type, members };
      }
      return {
        type: { kind: "bit", width: 32 },
        members: t.members.map((m, i) => ({ name: m.name, value: BigInt(i) })),
      };
    }
    case "infint":
    case "string":
    case "match_kind":
    case "void":
    case "header":
    case "union":
    case "struct":
    case "stack":
    case "tuple":
    case "list":
    case "extern":
    case "parser":
    case "control":
    case "package":
    case "typevar":
    case "dontcare":
    case "unknown":
      return undefined;
    default:
      return assertNever(t, "type");
  }
}
