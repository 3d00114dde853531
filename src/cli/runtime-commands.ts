// The commands for layouts and running programs: verify, attach, detach, flows and dump. They sit
// apart from the compiling commands in main.ts, which hands them the program and its exit code.

import { Command, Option } from "commander";
import { TARGET_KINDS } from "../backend-ebpf/target.js";
import { runAttach, runDetach, type AttachFlags, type DetachFlags } from "./attach.js";
import { runDump, runFlows, type WatchFlags } from "./flows.js";
import type { CliIo } from "./io.js";
import { runVerify, type VerifyFlags } from "./verify.js";

const diagnosticsFormat = () =>
  new Option("--diagnostics-format <format>", "how diagnostics are printed")
    .choices(["text", "json"])
    .default("text");

const targetOption = (what: string) => new Option("--target <target>", what).choices(TARGET_KINDS);

const pinHelp =
  "the bpffs directory of the attached program (default: the only program attach recorded)";

export function addRuntimeCommands(
  program: Command,
  io: CliIo,
  exitCode: { value: number },
  addCommonOptions: (cmd: Command) => Command,
): void {
  program
    .command("verify")
    .description(
      "check that a BPF object was built for a layout: the fingerprint in its read-only data (p4flow_layout_fingerprint) against the layout's; exit 1 when they differ",
    )
    .argument("<object>", "the BPF object (NAME.bpf.o)")
    .argument("<layout>", "the layout (NAME.layout.json)")
    .addOption(diagnosticsFormat())
    .action((object: string, layout: string, flags: VerifyFlags) => {
      exitCode.value = runVerify(io, object, layout, flags);
    });

  addCommonOptions(program.command("attach"))
    .description(
      "build (from P4) or take a BPF object, load it, pin the program and its maps under bpffs and attach it (root). A P4 program is built with a flow table; an object needs its layout",
    )
    .argument("<program>", "PROG.p4, or a BPF object NAME.bpf.o built by p4flow")
    .option("--dev <interface>", "the network interface to attach to (xdp, tc)")
    .addOption(
      targetOption(
        "how to attach: xdp (bpftool net attach), tc (ingress, iproute2 tc clsact), flow_dissector (the network namespace's, bpftool prog attach). Default: flow_dissector for a FlowDissector program, else xdp",
      ),
    )
    .option(
      "--pin <dir>",
      "the bpffs directory for the program and its maps (default /sys/fs/bpf/p4flow/IF-TARGET)",
    )
    .option("--layout <file>", "the object's layout (default: NAME.layout.json beside the object)")
    .option("--flow-table <entries>", "entries of the flow table when building from P4", "65536")
    .action(async (input: string, _flags: AttachFlags, cmd: Command) => {
      exitCode.value = await runAttach(io, input, cmd.opts<AttachFlags>());
    });

  program
    .command("detach")
    .description(
      "undo exactly what attach did: detach the program (only if it is still the one attach attached), remove its pins and the clsact qdisc attach added",
    )
    .option("--pin <dir>", pinHelp)
    .option("--dev <interface>", "find the attachment by interface (with --target)")
    .addOption(targetOption("the attachment's target, with --dev (default xdp)"))
    .addOption(diagnosticsFormat())
    .action(async (flags: DetachFlags) => {
      exitCode.value = await runDetach(io, flags);
    });

  const watchOptions = (cmd: Command) =>
    cmd
      .option("--pin <dir>", pinHelp)
      .option(
        "--layout <file>",
        "decode with this layout (default: the one attach recorded); refused unless the program was built for it",
      )
      .addOption(diagnosticsFormat());

  watchOptions(program.command("flows"))
    .description(
      "the attached program's flow table, decoded: a refreshing view on a terminal (Ctrl-C stops), JSON lines otherwise; addresses and MACs as people write them",
    )
    .addOption(
      new Option("--sort <by>", "order of the flows")
        .choices(["packets", "bytes"])
        .default("packets"),
    )
    .option("--interval <seconds>", "refresh period of the terminal view", "1")
    .option("--limit <n>", "show at most N flows")
    .option("--once", "print the table once, even on a terminal")
    .action(async (flags: WatchFlags) => {
      exitCode.value = await runFlows(io, flags);
    });

  watchOptions(program.command("dump"))
    .description(
      "the attached program's key map decoded: the last key each CPU wrote (JSON lines, or text on a terminal)",
    )
    .action(async (flags: WatchFlags) => {
      exitCode.value = await runDump(io, flags);
    });
}
