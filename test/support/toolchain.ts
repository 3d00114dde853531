// Finding the C toolchain for tests: a missing tool skips the test with a clear message, except
// under P4FLOW_REQUIRE_KERNEL=1 (CI), where a skip is a failure.

import { spawnSync } from "node:child_process";

export function hasTool(tool: string, versionArgs = ["--version"]): boolean {
  return spawnSync(tool, versionArgs, { stdio: "ignore" }).status === 0;
}

export function requireTool(
  tool: string,
  skip: (reason: string) => void,
  install: string,
  versionArgs = ["--version"],
): boolean {
  if (hasTool(tool, versionArgs)) return true;
  const message = `'${tool}' is not installed (${install}); this test needs it`;
  if (process.env.P4FLOW_REQUIRE_KERNEL === "1")
    throw new Error(`${message}, and P4FLOW_REQUIRE_KERNEL=1 forbids skipping`);
  skip(message);
  return false;
}
