// The file host over the real file system, for the CLI and the language server (Node only).

import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { FileHost } from "./frontend/host.js";

export function nodeHost(): FileHost {
  return {
    readFile(path) {
      try {
        if (!statSync(path).isFile()) return undefined;
        return readFileSync(path, "utf8");
      } catch {
        return undefined;
      }
    },
    resolve: (dir, rel) => resolve(dir, rel),
    dirname: (path) => dirname(path),
  };
}
