// What `p4flow attach` created, recorded so that `detach` undoes exactly that and `flows`/`dump`
// find the maps and the layout: one JSON file per pin directory under the state directory
// (/run/p4flow, or $P4FLOW_STATE_DIR), since bpffs holds only BPF objects. Also the checks every
// command on a running program shares: root, bpffs, the pinned fingerprint against the layout.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mapNames, type MapNames } from "../backend-ebpf/map-names.js";
import type { TargetKind } from "../backend-ebpf/target.js";
import { messages } from "../diagnostics/catalog.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type { FlowKeyLayout } from "../layout/layout.js";
import { FINGERPRINT_SYMBOL } from "../layout/object-fingerprint.js";
import { bpftoolJson, hexBytes } from "./bpftool.js";

export const BPFFS = "/sys/fs/bpf";

export type AttachTarget = TargetKind;

export interface Attachment {
  readonly pin: string;
  readonly target: AttachTarget;
  /** Absent for flow_dissector (it attaches to the network namespace). */
  readonly dev?: string;
  readonly progId: number;
  /** tc: the filter's preference, and whether attach added the clsact qdisc. */
  readonly tcPref?: number;
  readonly addedClsact?: boolean;
  readonly flowTable: boolean;
  readonly layout: FlowKeyLayout;
}

export function stateDir(): string {
  return process.env.P4FLOW_STATE_DIR ?? "/run/p4flow";
}

function stateFile(pin: string): string {
  const id = createHash("sha256").update(pin).digest("hex").slice(0, 16);
  return join(stateDir(), `attach-${id}.json`);
}

export function saveAttachment(a: Attachment): void {
  mkdirSync(stateDir(), { recursive: true });
  writeFileSync(stateFile(a.pin), JSON.stringify(a, null, 2) + "\n");
}

export function forgetAttachment(pin: string): void {
  rmSync(stateFile(pin), { force: true });
}

export function loadAttachment(pin: string): Attachment | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(pin), "utf8")) as Attachment;
  } catch {
    return undefined;
  }
}

/** Every recorded attachment (for commands given no --pin). */
export function allAttachments(): Attachment[] {
  if (!existsSync(stateDir())) return [];
  return readdirSync(stateDir())
    .filter((f) => /^attach-[0-9a-f]+\.json$/.test(f))
    .flatMap((f) => {
      try {
        return [JSON.parse(readFileSync(join(stateDir(), f), "utf8")) as Attachment];
      } catch {
        return [];
      }
    });
}

/** The default pin directory of an attachment. */
export function defaultPin(target: AttachTarget, dev: string | undefined): string {
  return join(BPFFS, "p4flow", target === "flow_dissector" ? "flow_dissector" : `${dev}-${target}`);
}

/**
 * The attachment at --pin, else the only one there is on `dev` (and `target`, when given), else
 * the only one there is; undefined with a diagnostic otherwise.
 */
export function findAttachment(
  pin: string | undefined,
  sink: DiagnosticSink,
  dev?: string,
  target?: AttachTarget,
): Attachment | undefined {
  if (pin !== undefined) {
    const a = loadAttachment(pin);
    if (!a) sink.report(messages.nothingAttached, undefined, { pin, reason: "no record of it" });
    return a;
  }
  const all = allAttachments().filter(
    (a) => (dev === undefined || a.dev === dev) && (target === undefined || a.target === target),
  );
  if (all.length === 1) return all[0];
  sink.report(messages.nothingAttached, undefined, {
    pin: join(BPFFS, "p4flow"),
    reason:
      all.length === 0
        ? "no program is attached"
        : `${all.length} programs are attached (${all.map((a) => a.pin).join(", ")}); choose one with --pin`,
  });
  return undefined;
}

/** Root and bpffs, which every command on a running program needs. */
export function checkPrivileges(command: string, sink: DiagnosticSink): boolean {
  if (process.getuid?.() !== 0) {
    sink.report(messages.needsRoot, undefined, {
      command,
      what: "root (CAP_BPF and CAP_NET_ADMIN)",
    });
    return false;
  }
  if (!existsSync(BPFFS) || readdirSync("/sys/fs").indexOf("bpf") < 0) {
    sink.report(messages.needsRoot, undefined, {
      command,
      what: `bpffs mounted at ${BPFFS} (mount -t bpf bpf ${BPFFS})`,
    });
    return false;
  }
  return true;
}

export function pinnedMaps(a: Pick<Attachment, "pin" | "layout">): MapNames {
  const names = mapNames(a.layout.name);
  const at = (n: string) => join(a.pin, n);
  return {
    keys: at(names.keys),
    flows: at(names.flows),
    state: at(names.state),
    keyBuffer: at(names.keyBuffer),
  };
}

/** The fingerprint in the pinned program's read-only data (from BTF: the global's offset). */
export function pinnedFingerprint(pin: string, sink: DiagnosticSink): string | undefined {
  const rodata = existsSync(pin) ? readdirSync(pin).find((f) => f.endsWith("rodata")) : undefined;
  if (rodata === undefined) {
    sink.report(messages.nothingAttached, undefined, {
      pin,
      reason: "no read-only data map with a layout fingerprint is pinned there",
    });
    return undefined;
  }
  const path = join(pin, rodata);
  const info = bpftoolJson(["map", "show", "pinned", path], sink) as
    { btf_id?: number } | undefined;
  const entry = bpftoolJson(["map", "lookup", "pinned", path, "key", "0", "0", "0", "0"], sink) as
    { value: string[] } | undefined;
  if (!info || !entry) return undefined;
  let offset = 0;
  if (info.btf_id !== undefined) {
    const btf = bpftoolJson(["btf", "dump", "id", String(info.btf_id)], sink) as
      | {
          types: {
            id: number;
            kind: string;
            name: string;
            vars?: { type_id: number; offset: number }[];
          }[];
        }
      | undefined;
    const types = btf?.types ?? [];
    const varId = types.find((t) => t.kind === "VAR" && t.name === FINGERPRINT_SYMBOL)?.id;
    const sec = types.find((t) => t.kind === "DATASEC" && t.vars?.some((v) => v.type_id === varId));
    offset = sec?.vars?.find((v) => v.type_id === varId)?.offset ?? 0;
  }
  const bytes = hexBytes(entry.value);
  if (bytes.length < offset + 8) return undefined;
  const v = new DataView(bytes.buffer).getBigUint64(offset, true);
  return `0x${v.toString(16).padStart(16, "0")}`;
}

/** Whether the pinned program was built for `layout`; a P4F3101 naming both otherwise. */
export function checkPinnedLayout(
  pin: string,
  layout: FlowKeyLayout,
  layoutSource: string,
  sink: DiagnosticSink,
): boolean {
  const found = pinnedFingerprint(pin, sink);
  if (found === undefined) return false;
  if (found === layout.fingerprint) return true;
  sink.report(messages.layoutMismatch, undefined, {
    what: `The program pinned at '${pin}'`,
    found,
    layout: layoutSource,
    expected: layout.fingerprint,
    name: layout.name,
  });
  return false;
}
