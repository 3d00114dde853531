// `p4flow attach PROG.p4|OBJ --dev IF` and `p4flow detach`: build (from P4, with a flow table)
// or take an object and its layout, load it with bpftool, pin the program and its maps under
// bpffs with their readable names, attach it (bpftool for xdp and flow_dissector, iproute2's tc
// for tc), and record what was done so that detach undoes exactly that and nothing else.

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  rmdirSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { buildProgram } from "../backend-ebpf/build.js";
import { defaultTarget, PROGRAM_TYPE } from "../backend-ebpf/target.js";
import { compile } from "../compile.js";
import { messages } from "../diagnostics/catalog.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import type { FlowKeyLayout } from "../layout/layout.js";
import { layoutFromJson, verifyObject } from "../layout/verify.js";
import {
  checkPrivileges,
  defaultPin,
  findAttachment,
  forgetAttachment,
  loadAttachment,
  saveAttachment,
  BPFFS,
  type AttachTarget,
  type Attachment,
} from "./attachment.js";
import { bpftoolJson, tool } from "./bpftool.js";
import type { CliIo } from "./io.js";
import { prepare, type CommonFlags } from "./prepare.js";
import { printDiagnostics } from "./report.js";
import { readBytes } from "./verify.js";
import { EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE } from "./exit-codes.js";

export interface AttachFlags extends CommonFlags {
  readonly dev?: string;
  readonly target?: AttachTarget;
  readonly pin?: string;
  readonly layout?: string;
  readonly flowTable: string;
}

export interface DetachFlags {
  readonly dev?: string;
  readonly target?: AttachTarget;
  readonly pin?: string;
  readonly diagnosticsFormat: "text" | "json";
}

/** The tc filter preference attach uses; detach removes only the filter at it. */
const TC_PREF = 0xf4f;

interface Program {
  readonly obj: string;
  readonly layout: FlowKeyLayout;
  readonly target: AttachTarget;
  readonly cleanup: () => void;
}

/** The object to load and its layout: built from P4, or given with its layout (verified). */
function programOf(
  io: CliIo,
  input: string,
  flags: AttachFlags,
  sink: DiagnosticSink,
): Program | undefined {
  if (input.endsWith(".p4")) {
    const prepared = prepare(io, input, flags);
    if ("usage" in prepared) {
      for (const d of prepared.usage.diagnostics) sink.add(d);
      return undefined;
    }
    const result = compile({ ...prepared.options, stopAfter: "ir" });
    for (const d of result.diagnostics) sink.add(d);
    if (!result.ir || !result.layout || sink.hasErrors()) return undefined;
    const target = flags.target ?? defaultTarget(result.ir);
    const entries = Number(flags.flowTable);
    const built = buildProgram(
      result.ir,
      result.layout,
      "prog",
      {
        target,
        ...(target === "flow_dissector" ? {} : { flowTable: entries }),
        keyMap: "percpu",
        object: true,
      },
      sink,
    );
    if (!built?.obj) return undefined;
    const dir = mkdtempSync(join(tmpdir(), "p4flow-attach-"));
    const obj = join(dir, `${basename(input, ".p4").replace(/[^A-Za-z0-9_]/g, "_")}.bpf.o`);
    writeFileSync(obj, built.obj);
    return {
      obj,
      layout: result.layout,
      target,
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const obj = io.host.resolve(io.cwd, input);
  const layoutPath =
    flags.layout ??
    join(dirname(input), `${basename(input).replace(/(\.bpf)?\.o$/, "")}.layout.json`);
  const bytes = readBytes(io, input, sink);
  const text = readBytes(io, layoutPath, sink);
  if (!bytes || !text) return undefined;
  const layout = layoutFromJson(new TextDecoder().decode(text), layoutPath, sink);
  if (!layout || !verifyObject(bytes, input, layout, layoutPath, sink)) return undefined;
  return { obj, layout, target: flags.target ?? "xdp", cleanup: () => undefined };
}

function removePins(pin: string): void {
  if (existsSync(pin)) {
    for (const f of readdirSync(pin)) rmSync(join(pin, f), { force: true });
    rmdirSync(pin);
  }
  const parent = dirname(pin);
  if (parent !== BPFFS && existsSync(parent) && readdirSync(parent).length === 0) rmdirSync(parent);
}

export async function runAttach(io: CliIo, input: string, flags: AttachFlags): Promise<number> {
  const sink = new DiagnosticSink();
  const done = (code: number) => {
    printDiagnostics(io, sink.diagnostics, flags.diagnosticsFormat, 0);
    return code;
  };
  if (!/^[0-9]+$/.test(flags.flowTable) || Number(flags.flowTable) < 1) {
    sink.report(messages.badOptionValue, undefined, {
      value: flags.flowTable,
      option: "--flow-table",
      reason: "expected a positive number of entries",
    });
    return done(EXIT_USAGE);
  }
  if (!checkPrivileges("attach", sink)) return done(EXIT_USAGE);
  const program = programOf(io, input, flags, sink);
  if (!program)
    return done(
      sink.diagnostics.some((d) => d.name === "cannot-read-file") ? EXIT_USAGE : EXIT_DIAGNOSTICS,
    );
  try {
    const { target, layout } = program;
    if (target !== "flow_dissector" && flags.dev === undefined) {
      sink.report(messages.badOptionValue, undefined, {
        value: "(none)",
        option: "--dev",
        reason: `a ${target} program attaches to an interface; name it`,
      });
      return done(EXIT_USAGE);
    }
    const dev = target === "flow_dissector" ? undefined : flags.dev;
    const pin = flags.pin ?? defaultPin(target, dev);
    if (loadAttachment(pin) || existsSync(join(pin, "prog"))) {
      sink.report(messages.alreadyAttached, undefined, { pin });
      return done(EXIT_DIAGNOSTICS);
    }
    mkdirSync(pin, { recursive: true });
    const prog = join(pin, "prog");
    const loaded = tool(
      "bpftool",
      ["prog", "load", program.obj, prog, "type", PROGRAM_TYPE[target], "pinmaps", pin],
      sink,
    );
    if (loaded === undefined) {
      removePins(pin);
      return done(EXIT_DIAGNOSTICS);
    }
    const info = bpftoolJson(["prog", "show", "pinned", prog], sink) as { id: number } | undefined;
    let addedClsact = false;
    const attached =
      info !== undefined &&
      (() => {
        switch (target) {
          case "xdp":
            return (
              tool("bpftool", ["net", "attach", "xdp", "pinned", prog, "dev", dev!], sink) !==
              undefined
            );
          case "tc": {
            const qdiscs = tool("tc", ["-j", "qdisc", "show", "dev", dev!], sink);
            if (qdiscs === undefined) return false;
            if (!(JSON.parse(qdiscs) as { kind: string }[]).some((q) => q.kind === "clsact")) {
              if (tool("tc", ["qdisc", "add", "dev", dev!, "clsact"], sink) === undefined)
                return false;
              addedClsact = true;
            }
            const args = ["filter", "add", "dev", dev!, "ingress", "pref", String(TC_PREF)];
            return (
              tool("tc", [...args, "bpf", "direct-action", "object-pinned", prog], sink) !==
              undefined
            );
          }
          case "flow_dissector":
            return (
              tool("bpftool", ["prog", "attach", "pinned", prog, "flow_dissector"], sink) !==
              undefined
            );
        }
      })();
    if (!attached || info === undefined) {
      if (addedClsact) tool("tc", ["qdisc", "del", "dev", dev!, "clsact"], new DiagnosticSink());
      removePins(pin);
      return done(EXIT_DIAGNOSTICS);
    }
    const flowTable = readdirSync(pin).some((f) => f.endsWith("_flows"));
    saveAttachment({
      pin,
      target,
      ...(dev !== undefined ? { dev } : {}),
      progId: info.id,
      ...(target === "tc" ? { tcPref: TC_PREF, addedClsact } : {}),
      flowTable,
      layout,
    });
    io.stdout(
      `attached ${input} (parser '${layout.name}', layout ${layout.fingerprint}) as ${target}${dev !== undefined ? ` on ${dev}` : ""}, program id ${info.id}\n` +
        `pinned in ${pin}: ${readdirSync(pin).sort().join(", ")}\n`,
    );
    return done(EXIT_OK);
  } finally {
    program.cleanup();
  }
}

export async function runDetach(io: CliIo, flags: DetachFlags): Promise<number> {
  const sink = new DiagnosticSink();
  const done = (code: number) => {
    printDiagnostics(io, sink.diagnostics, flags.diagnosticsFormat, 0);
    return code;
  };
  if (!checkPrivileges("detach", sink)) return done(EXIT_USAGE);
  const a = findAttachment(flags.pin, sink, flags.dev, flags.target);
  if (!a) return done(EXIT_DIAGNOSTICS);
  if (!detachProgram(a, sink)) return done(EXIT_DIAGNOSTICS);
  removePins(a.pin);
  forgetAttachment(a.pin);
  io.stdout(
    `detached program id ${a.progId} (${a.target}${a.dev !== undefined ? ` on ${a.dev}` : ""}) and removed ${a.pin}\n`,
  );
  return done(EXIT_OK);
}

/** Undoes the attach step, only while the attached program is still the one attach put there. */
function detachProgram(a: Attachment, sink: DiagnosticSink): boolean {
  switch (a.target) {
    case "xdp": {
      const net = bpftoolJson(["net", "show", "dev", a.dev!], sink) as
        { xdp?: { id: number }[] }[] | undefined;
      if (net === undefined) return false;
      const ours = (net[0]?.xdp ?? []).some((x) => x.id === a.progId);
      return !ours || tool("bpftool", ["net", "detach", "xdp", "dev", a.dev!], sink) !== undefined;
    }
    case "tc": {
      const shown = tool("tc", ["-j", "filter", "show", "dev", a.dev!, "ingress"], sink);
      if (shown === undefined) return false;
      const filters = JSON.parse(shown || "[]") as {
        pref: number;
        options?: { prog?: { id: number } };
      }[];
      const ours = filters.some((f) => f.pref === a.tcPref && f.options?.prog?.id === a.progId);
      if (ours) {
        const del = ["filter", "del", "dev", a.dev!, "ingress", "pref", String(a.tcPref)];
        if (tool("tc", del, sink) === undefined) return false;
      }
      const rest = tool("tc", ["-j", "filter", "show", "dev", a.dev!, "ingress"], sink) ?? "[]";
      const egress = tool("tc", ["-j", "filter", "show", "dev", a.dev!, "egress"], sink) ?? "[]";
      const empty =
        JSON.parse(rest || "[]").length === 0 && JSON.parse(egress || "[]").length === 0;
      if (a.addedClsact && empty)
        return tool("tc", ["qdisc", "del", "dev", a.dev!, "clsact"], sink) !== undefined;
      return true;
    }
    case "flow_dissector": {
      const net = bpftoolJson(["net", "show"], sink) as
        { flow_dissector?: { id: number }[] }[] | undefined;
      if (net === undefined) return false;
      const ours = net.some((n) => (n.flow_dissector ?? []).some((x) => x.id === a.progId));
      const prog = join(a.pin, "prog");
      return (
        !ours ||
        tool("bpftool", ["prog", "detach", "pinned", prog, "flow_dissector"], sink) !== undefined
      );
    }
  }
}
