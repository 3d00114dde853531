// Runs the CLI in-process with captured output, over the real file system.

import { main } from "../../src/cli/main.js";
import { nodeHost } from "../../src/node-host.js";

export async function runCli(
  args: string[],
  cwd = process.cwd(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    colorStderr: false,
    host: nodeHost(),
    cwd,
  });
  return { code, stdout, stderr };
}
