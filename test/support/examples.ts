// Every P4 file under examples/, subfolders included, as absolute paths in a stable order.
import { readdirSync } from "node:fs";
import { join } from "node:path";

export const examplesDir = join(import.meta.dirname, "..", "..", "examples");

export function exampleFiles(): string[] {
  return (readdirSync(examplesDir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".p4"))
    .sort()
    .map((f) => join(examplesDir, f));
}
