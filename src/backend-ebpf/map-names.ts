// The names of a program's maps. The kernel keeps 15 characters of a map's name, and bpftool,
// iproute2 and pinned paths show that name, so every name is a short form of the parser's name
// (at most 9 characters, "Parser" dropped) and a role, unique within the program and whole as the
// kernel shows it. The CLI's attach/flows/dump commands find the pinned maps by these names.

import type * as Ir from "../ir/ir.js";
import { cName } from "./c-builder.js";

/** BPF_OBJ_NAME_LEN less its terminating zero. */
export const KERNEL_NAME_CHARS = 15;
const PREFIX_CHARS = 9;

export interface MapNames {
  /** The one-entry key map (per-CPU or plain array). */
  readonly keys: string;
  /** The --flow-table LRU hash. */
  readonly flows: string;
  /** The per-CPU scratch state. */
  readonly state: string;
  /** The per-CPU key buffer when the key goes only to metadata or the flow table. */
  readonly keyBuffer: string;
}

/** The short form of a parser's name that starts every map name. */
export function mapPrefix(parser: string): string {
  const id = cName(parser);
  const base = /.Parser$/.test(id) ? id.slice(0, -"Parser".length) : id;
  return base.slice(0, PREFIX_CHARS);
}

export function mapNames(parser: string): MapNames {
  const p = mapPrefix(parser);
  return { keys: `${p}_keys`, flows: `${p}_flows`, state: `${p}_state`, keyBuffer: `${p}_kbuf` };
}

/** A value set's map: the set's id keeps names unique when the kernel cuts the set's name. */
export function valueSetMapName(parser: string, vs: Pick<Ir.IrValueSet, "id" | "name">): string {
  return `${mapPrefix(parser)}_vs${vs.id}_${cName(vs.name)}`.slice(0, KERNEL_NAME_CHARS);
}

/** The read-only global holding the layout fingerprint (BTF and .rodata). */
export { FINGERPRINT_SYMBOL as FINGERPRINT_GLOBAL } from "../layout/object-fingerprint.js";
