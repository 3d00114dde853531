// The file host: how the compiler reads source files. The core only sees this interface, so it
// runs in a browser with an in-memory host; src/node-host.ts adds the file system.

export interface FileHost {
  /** The file's text, or undefined if it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
  /** Joins a directory and a relative path the way the host's paths work. */
  resolve(dir: string, relative: string): string;
  /** The directory part of a path. */
  dirname(path: string): string;
}

/** A host over a map of path → text, for tests, browsers and language-server buffers. */
export function memoryHost(files: Readonly<Record<string, string>>): FileHost {
  return {
    readFile: (path) =>
      Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined,
    resolve: (dir, rel) => (rel.startsWith("/") ? rel : normalize(`${dir}/${rel}`)),
    dirname: (path) => {
      const i = path.lastIndexOf("/");
      return i < 0 ? "." : i === 0 ? "/" : path.slice(0, i);
    },
  };
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(part);
  }
  const joined = out.join("/");
  return path.startsWith("/") ? `/${joined}` : joined || ".";
}

/** Wraps another host so that lookups fall back to `overlay` first (open editor buffers). */
export function overlayHost(base: FileHost, overlay: ReadonlyMap<string, string>): FileHost {
  return { ...base, readFile: (p) => overlay.get(p) ?? base.readFile(p) };
}
