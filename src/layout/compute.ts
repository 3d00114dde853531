// The one function that places the flow key's bytes. Status block first (outcome, error code,
// validity bitmap), then the key's roots in declaration order; each scalar in the smallest of
// 1/2/4/8 bytes (wider ones as byte arrays), naturally aligned with explicit zero padding unless
// packed, the total a multiple of 8. Every renderer and every engine only reads the result.

import { InternalError } from "../diagnostics/diagnostic.js";
import type * as Ir from "../ir/ir.js";
import { ERROR_CODE_BITS } from "../ir/ir.js";
import { layoutFingerprint } from "./fingerprint.js";
import {
  FLOW_STATS,
  LAYOUT_SCHEMA_VERSION,
  type FlowKeyLayout,
  type LayoutField,
  type LayoutHeader,
  type LayoutOptions,
} from "./layout.js";

export const ERROR_CODE_BYTES = ERROR_CODE_BITS / 8;

export function computeLayout(ir: Ir.IrProgram, options: LayoutOptions): FlowKeyLayout {
  const fields: LayoutField[] = [];
  const headers: LayoutHeader[] = [];
  const usedNames = new Set<string>();
  let offset = 0;
  let pads = 0;

  const cName = (path: string): string => {
    const base =
      path
        .replace(/^\$/, "")
        .replace(/[^A-Za-z0-9_]+/g, "_")
        .replace(/_+$/, "") || "field";
    let name = /^[0-9]/.test(base) ? `f_${base}` : base;
    for (let i = 2; usedNames.has(name); i++) name = `${base}_${i}`;
    usedNames.add(name);
    return name;
  };
  /** Padding up to `target`, if the key ends before it. */
  const padTo = (target: number): void => {
    if (target <= offset) return;
    const path = `$pad${pads++}`;
    fields.push({
      path,
      cName: cName(path),
      kind: "padding",
      offset,
      size: target - offset,
      bits: (target - offset) * 8,
    });
    offset = target;
  };
  const align = (to: number): void => padTo(options.packed ? offset : Math.ceil(offset / to) * to);
  const place = (f: Omit<LayoutField, "offset" | "cName">, alignment: number): void => {
    align(alignment);
    fields.push({ ...f, cName: cName(f.path), offset } as LayoutField);
    offset += f.size;
  };

  const keyHeaders = ir.headers.filter((h) => h.validBit !== undefined);
  const validBytes = Math.max(1, Math.ceil(keyHeaders.length / 8));
  place({ path: "$status.outcome", kind: "uint", size: 1, bits: 8 }, 1);
  place(
    { path: "$status.error", kind: "error", size: ERROR_CODE_BYTES, bits: ERROR_CODE_BITS },
    ERROR_CODE_BYTES,
  );
  const validOffset = offset;
  place({ path: "$status.valid", kind: "bytes", size: validBytes, bits: validBytes * 8 }, 1);

  const scalar = (slot: Ir.IrScalarSlot, header?: Ir.IrHeader): void => {
    const owner = {
      ...(header?.validBit !== undefined ? { header: header.path, validBit: header.validBit } : {}),
      ...(slot.format ? { format: slot.format } : {}),
    };
    const t = slot.type;
    switch (t.kind) {
      case "bool":
        place({ path: slot.path, kind: "bool", size: 1, bits: 1, slot: slot.id, ...owner }, 1);
        return;
      case "error":
        place(
          {
            path: slot.path,
            kind: "error",
            size: ERROR_CODE_BYTES,
            bits: ERROR_CODE_BITS,
            slot: slot.id,
            ...owner,
          },
          ERROR_CODE_BYTES,
        );
        return;
      case "varbit": {
        const size = Math.ceil(t.maxWidth / 8);
        place(
          { path: slot.path, kind: "varbit", size, bits: t.maxWidth, slot: slot.id, ...owner },
          1,
        );
        place(
          {
            path: `${slot.path}$length`,
            kind: "varbitLength",
            size: 2,
            bits: 16,
            slot: slot.id,
            ...owner,
          },
          2,
        );
        return;
      }
      case "bit":
      case "int": {
        const size = storageBytes(t.width);
        if (size === undefined) {
          place(
            {
              path: slot.path,
              kind: "bytes",
              size: Math.ceil(t.width / 8),
              bits: t.width,
              slot: slot.id,
              ...owner,
            },
            1,
          );
        } else {
          place(
            {
              path: slot.path,
              kind: t.kind === "bit" ? "uint" : "int",
              size,
              bits: t.width,
              slot: slot.id,
              ...owner,
            },
            size,
          );
        }
        return;
      }
    }
  };
  const walk = (s: Ir.IrStorage): void => {
    switch (s.kind) {
      case "scalar":
        scalar(s);
        return;
      case "header":
        if (s.validBit !== undefined)
          headers.push({ path: s.path, typeName: s.typeName, header: s.id, validBit: s.validBit });
        for (const f of s.fields) scalar(ir.slots[f.slot]!, s);
        return;
      case "struct":
        for (const m of s.members) walk(m.storage);
        return;
      case "union":
        for (const m of s.members) walk(m);
        return;
      case "stack":
        for (const e of s.elements) walk(e);
        return;
    }
  };
  for (const root of ir.key) walk(root.storage);

  // The total is a multiple of 8 even when packed, so keys can be hashed in 8-byte words.
  padTo(Math.ceil(offset / 8) * 8);
  const layout: Omit<FlowKeyLayout, "fingerprint"> = {
    schemaVersion: LAYOUT_SCHEMA_VERSION,
    name: ir.name,
    byteOrder: options.byteOrder,
    endianness: options.byteOrder === "network" ? "big" : "little",
    packed: options.packed,
    size: offset,
    status: {
      outcomeOffset: 0,
      errorOffset: statusOffset(fields, "$status.error"),
      errorSize: ERROR_CODE_BYTES,
      validOffset,
      validBytes,
    },
    fields,
    headers: headers.sort((a, b) => a.validBit - b.validBit),
    errors: ir.errors,
    flowStats: FLOW_STATS,
  };
  return { ...layout, fingerprint: layoutFingerprint(layout) };
}

/** Bytes of storage for an integer of `width` bits, or undefined above 64 (stored as bytes). */
export function storageBytes(width: number): 1 | 2 | 4 | 8 | undefined {
  return width <= 8 ? 1 : width <= 16 ? 2 : width <= 32 ? 4 : width <= 64 ? 8 : undefined;
}

function statusOffset(fields: readonly LayoutField[], path: string): number {
  const f = fields.find((x) => x.path === path);
  if (!f) throw new InternalError(`the layout has no ${path}`);
  return f.offset;
}
