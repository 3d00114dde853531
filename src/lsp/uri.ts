// Document URIs ↔ the compiler's file names. A file: URI that names a local file becomes its
// path (so includes resolve on disk); any other URI (untitled:, file://host/..., a path with an
// encoded '/') is kept as the file name itself: such a document is analysed from its buffer, and
// diagnostics for it go back to the same URI.

import { fileURLToPath, pathToFileURL } from "node:url";

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

export function toPath(uri: string): string {
  if (!uri.startsWith("file:")) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

export function toUri(path: string): string {
  return SCHEME.test(path) ? path : pathToFileURL(path).href;
}
