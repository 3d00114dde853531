// The file host over the real file system, for the CLI, the language server and library users
// on Node (exported as "p4flow/node"; the main entry stays free of Node modules).

import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { FileHost } from "./frontend/host.js";

/**
 * A {@link FileHost} that reads files from disk. Paths are resolved as Node resolves them: a
 * relative main file against the current directory, and each `#include "file"` against the
 * folder of the file that includes it (then the `includePaths`, then the built-in headers).
 *
 * @example
 * ```ts
 * import { compile } from "p4flow";
 * import { nodeHost } from "p4flow/node";
 * const r = compile({ file: "prog.p4", host: nodeHost(), stopAfter: "ir" });
 * ```
 */
export function nodeHost(): FileHost {
  // One compile reads the main file several times (the CLI's check that it exists, the compile,
  // the diagnostics' quoted lines); a file unchanged since (same size and time) is not read again,
  // which matters for huge inputs that are refused anyway.
  const cache = new Map<string, { stamp: string; text: string }>();
  return {
    readFile(path) {
      try {
        const st = statSync(path);
        if (!st.isFile()) return undefined;
        const stamp = `${st.size}:${st.mtimeMs}:${st.ino}`;
        const hit = cache.get(path);
        if (hit?.stamp === stamp) return hit.text;
        const text = readFileSync(path, "utf8");
        cache.set(path, { stamp, text });
        return text;
      } catch {
        return undefined;
      }
    },
    resolve: (dir, rel) => resolve(dir, rel),
    dirname: (path) => dirname(path),
  };
}
