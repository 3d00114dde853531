// Kernel tests need root, clang, bpftool and bpffs. Without them a kernel test skips with a clear
// message, unless P4FLOW_REQUIRE_KERNEL=1 (CI), where a skip is a failure.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { nativeRunner } from "../../src/backend-ebpf/kernel-runner.js";

function missing(): string | undefined {
  if (process.getuid?.() !== 0) return "not running as root";
  if (spawnSync("clang", ["--version"], { stdio: "ignore" }).status !== 0)
    return "clang is not installed (apt-get install clang llvm)";
  if (spawnSync("bpftool", ["version"], { stdio: "ignore" }).status !== 0)
    return "bpftool is not installed (apt-get install bpftool)";
  if (!existsSync("/usr/include/bpf/bpf_helpers.h"))
    return "libbpf headers are missing (apt-get install libbpf-dev)";
  if (!existsSync("/sys/fs/bpf") || spawnSync("mountpoint", ["-q", "/sys/fs/bpf"]).status !== 0)
    return "bpffs is not mounted at /sys/fs/bpf (mount -t bpf bpf /sys/fs/bpf)";
  // Without the native runner the tests still run, through bpftool batch, but far slower.
  if (process.env.P4FLOW_REQUIRE_KERNEL === "1" && nativeRunner() === undefined)
    return "the native test runner does not build (apt-get install gcc libc6-dev libbpf-dev)";
  return undefined;
}

const reason = missing();

/** Call at the start of a kernel test: returns false (after skipping) when the kernel cannot be used. */
export function kernelAvailable(skip: (message: string) => void): boolean {
  if (reason === undefined) return true;
  const message = `kernel test skipped: ${reason}`;
  if (process.env.P4FLOW_REQUIRE_KERNEL === "1")
    throw new Error(`${message}; P4FLOW_REQUIRE_KERNEL=1 forbids skipping`);
  skip(message);
  return false;
}
