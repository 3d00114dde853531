// Reading a loaded program's maps with bpftool, by program id (for programs the tests attach).
import { execFileSync } from "node:child_process";

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: "utf8" });

/** The key map of program `id`: the array whose values are `size` bytes. */
export function keyOf(progId: number, size: number): Uint8Array {
  const maps = JSON.parse(sh("bpftool", ["-j", "prog", "show", "id", String(progId)]))
    .map_ids as number[];
  for (const m of maps) {
    const info = JSON.parse(sh("bpftool", ["-j", "map", "show", "id", String(m)]));
    if (info.type === "array" && info.bytes_value === size) {
      const v = JSON.parse(
        sh("bpftool", ["-j", "map", "lookup", "id", String(m), "key", "0", "0", "0", "0"]),
      );
      return Uint8Array.from((v.value as string[]).map((h) => parseInt(h, 16)));
    }
  }
  throw new Error(`program ${progId} has no key map of ${size} bytes`);
}
