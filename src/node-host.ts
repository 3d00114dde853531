// The file host over the real file system, for the CLI and the language server (Node only).

import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { FileHost } from "./frontend/host.js";

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
