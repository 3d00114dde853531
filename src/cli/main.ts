// The p4flow command line: builds the commander program and maps its outcome to an exit code.
// It never calls process.exit; the bin shim sets process.exitCode from main()'s result.
// Commands other than compile and check (run, lsp, --watch) are imported when used, so the
// bundle's cold start loads only what a compile needs (scripts/bundle-cli.mjs splits them out).
// Exit codes: 0 ok, 1 diagnostics, 2 usage, 3 internal error.

import { Command, CommanderError, Option } from "commander";
import { InternalError } from "../diagnostics/diagnostic.js";
import {
  runCheck,
  runCompile,
  type CheckFlags,
  type CommonFlags,
  type CompileFlags,
} from "./commands.js";
import type { RunFlags } from "./run.js";
import { normalizeArgv } from "./argv.js";
import type { CliIo } from "./io.js";
import { nodeIo } from "./io.js";
import { VERSION } from "../version.js";
import { messages } from "../diagnostics/catalog.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import { applyConfig, findConfig } from "./config.js";
import { listWarnings } from "./list-warnings.js";
import { ARCH_NAMES } from "../typecheck/architecture.js";
import { EMIT_TARGETS, TARGET_KINDS } from "../backend-ebpf/target.js";
import { printDiagnostics } from "./report.js";
import { addRuntimeCommands } from "./runtime-commands.js";
import { defaultEmit, EMIT_KINDS } from "../outputs.js";
import { EXIT_DIAGNOSTICS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from "./exit-codes.js";

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function addCommonOptions(cmd: Command): Command {
  return cmd
    .option(
      "-I, --include-dir <dir>",
      "add a directory to the #include search path (repeatable)",
      collect,
      [],
    )
    .option("-D, --define <name[=value]>", "define a preprocessor macro (repeatable)", collect, [])
    .option("-U, --undefine <name>", "undefine a preprocessor macro (repeatable)", collect, [])
    .addOption(
      new Option("--diagnostics-format <format>", "how diagnostics are printed")
        .choices(["text", "json"])
        .default("text"),
    )
    .option(
      "--Werror [names]",
      "treat warnings as errors: all of them (bare --Werror), or only the comma-separated NAMEs (--Werror=NAMES); p4flow --list-warnings lists the names",
    )
    .option("--Wdisable <names>", "silence the comma-separated warning NAMEs", collect, [])
    .option(
      "--Wwarn <names>",
      "keep the comma-separated NAMEs as warnings under --Werror",
      collect,
      [],
    )
    .option("--max-errors <n>", "stop printing after N errors (0: no limit)", "0")
    .addOption(
      new Option(
        "--arch <name>",
        "the architecture the program is written for; checked against main (with --parser: the parser's)",
      ).choices(Object.keys(ARCH_NAMES)),
    )
    .option(
      "--parser <name>",
      "the parser to compile as the flow extractor (default: the one given to main)",
    )
    .addOption(
      new Option("--key-byte-order <order>", "byte order of multi-byte integers in the key")
        .choices(["network", "host"])
        .default("network"),
    )
    .option("--key-packed", "drop alignment padding from the key (its size stays a multiple of 8)")
    .option(
      "--max-parser-iterations <n>",
      "state visits allowed before ParserTimeout (1 to 4096)",
      "64",
    )
    .option(
      "--max-input-size <chars>",
      "characters allowed in a source file and in the preprocessed program (default 16M; K and M suffixes)",
    )
    .option("--max-tokens <n>", "tokens allowed in the preprocessed program (default 500000)");
}

/**
 * Applies the project configuration (config.ts) to a command before it runs; false (after
 * printing the problem, exit code 2) when the configuration is malformed.
 */
function configure(io: CliIo, cmd: Command, file: string, exitCode: { value: number }): boolean {
  const found = findConfig(io, file);
  const problem =
    typeof found === "string" ? found : found ? applyConfig(cmd, io, found) : undefined;
  if (problem === undefined) return true;
  const sink = new DiagnosticSink();
  sink.report(messages.badConfig, undefined, { reason: problem.replace(/\.$/, "") });
  const format = cmd.getOptionValue("diagnosticsFormat") === "json" ? "json" : "text";
  printDiagnostics(io, sink.diagnostics, format, 0);
  exitCode.value = EXIT_USAGE;
  return false;
}

export function buildCommandLine(io: CliIo, exitCode: { value: number }): Command {
  const program = new Command("p4flow");
  program
    .description(
      "Compile the parser of a P4_16 program into an eBPF flow extractor and its flow-key layout.",
    )
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show this help")
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
    })
    .exitOverride()
    .enablePositionalOptions();

  addCommonOptions(program)
    .argument("[file]", "the P4_16 source file")
    .option("-E", "print the preprocessed source and stop")
    .option("--pp <file>", "write the program back as formatted P4 to FILE ('-' for stdout)")
    .option("--parse-only", "stop after parsing")
    .option("--list-warnings", "print every warning's name, code and meaning, and stop")
    .option("-o, --output <dir>", "where to write the outputs", ".")
    .option(
      "--emit <kinds>",
      `comma-separated outputs: ${Object.entries(EMIT_KINDS)
        .map(([kind, k]) => `${kind} (${k.help})`)
        .join(
          ", ",
        )} (default: ${defaultEmit("xdp").join(",")}; for lib ${defaultEmit("lib").join(",")})`,
    )
    .addOption(
      new Option(
        "--target <target>",
        "xdp, tc or flow_dissector: a whole program (NAME.bpf.c, NAME.bpf.o); lib: NAME.parse.h, inline parse functions for your own BPF program. Default: flow_dissector for a FlowDissector program (metadata bpf_flow_keys_t), else xdp",
      ).choices(EMIT_TARGETS),
    )
    .option(
      "--key-output <where>",
      "comma-separated: map (the one-entry key map P_keys, P the parser name without Parser cut to 9 characters, the default), meta (XDP metadata in front of the packet; xdp only); or none: the key is not built (a flow dissector that only fills the kernel's flow keys, a filter that only gives verdicts)",
    )
    .option(
      "--flow-table <entries>",
      "also count packets per key in an LRU hash map P_flows of this many entries (xdp, tc)",
    )
    .addOption(
      new Option("--on-reject <verdict>", "verdict for packets the parser rejects")
        .choices(["pass", "drop"])
        .default("pass"),
    )
    .addOption(
      new Option("--on-accept <verdict>", "verdict for packets the parser accepts")
        .choices(["pass", "drop"])
        .default("pass"),
    )
    .addOption(
      new Option(
        "--key-map <kind>",
        "map holding the last key: a one-entry per-CPU array or a plain array",
      )
        .choices(["percpu", "array"])
        .default("percpu"),
    )
    .option("--clang <path>", "the clang to build the object with", "clang")
    .option("--dump-ir", "print the parser IR to stdout")
    .option(
      "--watch",
      "compile again whenever the file or a file it includes changes (one status line per run; Ctrl-C stops)",
    )
    .addHelpText(
      "after",
      `
Examples:
  p4flow examples/standard.p4 -o out/        write out/standard.{bpf.c,bpf.o,h,layout.json,key.ts}
  p4flow check prog.p4                       report problems only
  p4flow run prog.p4 --pcap capture.pcap     one decoded flow key per packet
  p4flow run prog.p4 --hex 'ffffffffffff...' --format jsonl
  p4flow -E prog.p4                          print the preprocessed source
  p4flow --pp pretty.p4 prog.p4              write prog.p4 back as formatted P4
  p4flow --list-warnings                     the warnings --Werror, --Wdisable and --Wwarn name

Exit codes: 0 ok, 1 the program has errors, 2 bad command line, 3 internal compiler error.`,
    )
    .action(async (file: string | undefined, _flags: CompileFlags, cmd: Command) => {
      if (cmd.opts<{ listWarnings?: boolean }>().listWarnings) {
        io.stdout(listWarnings());
        return;
      }
      if (file === undefined) {
        program.outputHelp();
        exitCode.value = EXIT_USAGE;
        return;
      }
      if (!configure(io, cmd, file, exitCode)) return;
      const flags = cmd.opts<CompileFlags>();
      if (flags.watch) {
        const { watchCompile } = await import("./watch.js");
        const watcher = watchCompile(io, file, flags);
        process.once("SIGINT", () => watcher.stop());
        process.once("SIGTERM", () => watcher.stop());
        exitCode.value = await watcher.done;
        return;
      }
      exitCode.value = await runCompile(io, file, flags);
    });

  program
    .command("lsp")
    .description("run the language server (JSON-RPC over stdin and stdout)")
    .option("--stdio", "speak over stdin/stdout (the only transport; accepted for editor clients)")
    .action(async () => {
      const { runLanguageServer } = await import("../lsp/server.js");
      exitCode.value = await runLanguageServer();
    });

  addCommonOptions(program.command("check"))
    .description(
      "report the program's problems, writing nothing: preprocessing, syntax, declarations, names, types of declarations, expressions and statements, parser state machines, and the extractor parser",
    )
    .argument("<file>", "the P4_16 source file")
    .option("--parse-only", "stop after parsing: report preprocessor and syntax problems only")
    .action(async (file: string, _flags: CheckFlags, cmd: Command) => {
      if (!configure(io, cmd, file, exitCode)) return;
      exitCode.value = await runCheck(io, file, cmd.opts<CheckFlags>());
    });

  addCommonOptions(program.command("run"))
    .description(
      "run the extractor on packets and print each flow key, or the flows (--aggregate): computed by the interpreter (the compiled one, tested against the reference), or with --kernel by the compiled program in the kernel",
    )
    .argument("<file>", "the P4_16 source file")
    .option(
      "--pcap <file>",
      "read packets from a pcap or pcapng capture, '-' for standard input (link types: Ethernet, Linux cooked v1/v2, raw IPv4/IPv6)",
    )
    .option("--hex <packet>", "one packet in hex (repeatable)", collect, [])
    .option(
      "--kernel",
      "compute the keys with the compiled program in the kernel (root, clang, bpftool) instead of the interpreter",
    )
    .addOption(
      new Option(
        "--target <target>",
        "kernel program type for --kernel (default: flow_dissector for a FlowDissector program, else xdp)",
      ).choices(TARGET_KINDS),
    )
    .option(
      "--flow-flags <flags>",
      "for a FlowDissector program: the BPF_FLOW_DISSECTOR_F_* flags the parse runs with (1 parse first fragment, 2 stop at flow label, 4 stop at encapsulation; default 0). Packets are Ethernet frames: the parse starts at byte 14 with n_proto from bytes 12-13, as in BPF_PROG_TEST_RUN",
    )
    .addOption(
      new Option(
        "--format <format>",
        "output format: text (a block per packet or flow), jsonl (a JSON object a line), csv (a header, then a column per key field), parquet (typed columns)",
      )
        .choices(["text", "jsonl", "csv", "parquet"])
        .default("text"),
    )
    .option("--output <file>", "write the output to FILE instead of standard output")
    .addOption(
      new Option(
        "--addresses <style>",
        "address fields (by @p4flow_format, else by name and width, see the README) in text, jsonl and csv: readable (10.0.0.1, 2001:db8::1, 02:00:5e:00:00:01) or raw numbers (default: readable for text, raw for jsonl and csv; parquet always writes them in their natural types)",
      ).choices(["readable", "raw"]),
    )
    .option(
      "--aggregate",
      "print one record per flow (distinct key) at the end instead of one per packet: packets, bytes, first and last timestamps; rejected packets count under their own keys",
    )
    .addOption(
      new Option("--sort <order>", "with --aggregate: flows with the most packets or bytes first")
        .choices(["packets", "bytes"])
        .default("packets"),
    )
    .option("--top <n>", "with --aggregate: print only the first N flows")
    .option(
      "--jobs <n>",
      "worker threads parsing packets (default: the number of cores); the output is the same for any N",
    )
    .option("--quiet", "no progress line on stderr (shown only when stderr is a terminal)")
    .action(async (file: string, _flags: RunFlags, cmd: Command) => {
      if (!configure(io, cmd, file, exitCode)) return;
      const { runPackets } = await import("./run.js");
      exitCode.value = await runPackets(io, file, cmd.opts<RunFlags>());
    });

  addRuntimeCommands(program, io, exitCode, addCommonOptions);
  return program;
}

/** Runs the CLI on argv (without the node and script entries) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = nodeIo()): Promise<number> {
  const exitCode = { value: EXIT_OK };
  const program = buildCommandLine(io, exitCode);
  try {
    await program.parseAsync(normalizeArgv(argv), { from: "user" });
    return exitCode.value;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error it already printed.
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    const what =
      e instanceof InternalError
        ? e.message
        : e instanceof Error
          ? (e.stack ?? e.message)
          : String(e);
    io.stderr(`p4flow: internal compiler error (please report it): ${what}\n`);
    return EXIT_INTERNAL;
  }
}
