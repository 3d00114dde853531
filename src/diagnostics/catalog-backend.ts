// Catalog entries from 3200 up: eBPF backend limits, clang and the kernel runner. Each message
// once; codes never reused.
import { defineMessages } from "./message.js";

export const backendMessages = defineMessages({
  loopTooLong: {
    code: 3207,
    name: "loop-too-long-for-verifier",
    severity: "error",
    template:
      "The parser loop through {states} may run {iterations} times, more than the kernel's verifier can follow (about {insns} instructions and {branches} pending branches against limits of 1,000,000 and 8,192); lower --max-parser-iterations to {most} or less, or bound the loop by extracting into a header stack.",
  },
  backendLimit: {
    code: 3201,
    name: "backend-limit",
    severity: "error",
    template: "The eBPF backend cannot compile {what}: {limit}.",
  },
  toolMissing: {
    code: 3202,
    name: "tool-missing",
    severity: "error",
    template:
      "'{tool}' is needed to {purpose} but cannot be run ({reason}); install it with: {install}.",
  },
  clangFailed: {
    code: 3203,
    name: "clang-failed",
    severity: "error",
    template:
      "clang could not compile the generated program '{file}' (a p4flow bug; please report it): {output}.",
  },
  clangUnusable: {
    code: 3250,
    name: "clang-unusable",
    severity: "error",
    template:
      "'{tool}' could not build the BPF object: it {status}{object} and {output}; give --clang a clang with the BPF target.",
  },
  verifierRejected: {
    code: 3204,
    name: "verifier-rejected",
    severity: "error",
    template: "The kernel's verifier rejected '{file}': {log}.",
  },
  packetNotRunnable: {
    code: 3206,
    name: "packet-not-runnable",
    severity: "warning",
    template:
      "Packet {index} ({length} bytes) is not run in the kernel: BPF_PROG_TEST_RUN takes {min} to {max} bytes.",
  },
  packetNotRunnableOnTc: {
    code: 3251,
    name: "packet-not-runnable-on-tc",
    severity: "warning",
    template:
      "Packet {index} ({length} bytes) is not run in the kernel: BPF_PROG_TEST_RUN refuses a tc packet whose EtherType says {header} with less than the {size} bytes of that header after the Ethernet header.",
  },
  targetNeedsDissector: {
    code: 3208,
    name: "target-needs-dissector",
    severity: "error",
    template:
      "--target flow_dissector needs a parser whose metadata is p4flow.p4's 'bpf_flow_keys_t' ({found}); declare it as 'parser P(packet_in p, out H hdr, inout bpf_flow_keys_t flow)' and instantiate 'FlowDissector(P()) main'.",
  },
  dissectorNeedsTarget: {
    code: 3209,
    name: "dissector-needs-target",
    severity: "error",
    template:
      "Parser '{parser}' is a flow dissector (its metadata is 'bpf_flow_keys_t'): it starts at the network header with n_proto given by the kernel, so it compiles only for --target flow_dissector (or lib), not {target}.",
  },
  kernelRunFailed: {
    code: 3205,
    name: "kernel-run-failed",
    severity: "error",
    template: "Running the program in the kernel failed: {reason}.",
  },
});
