// Vitest global setup: writes the project's own corpus before any test runs, and settles the
// shared corpus (../shared/corpus/pcaps) once for the whole run: present, its suites run; absent,
// they are skipped with one line here, or, under P4FLOW_REQUIRE_CORPUS=1 (CI), the run fails.
import { writeOwnCorpus } from "./own-corpus.js";
import { sharedCorpusDir, sharedCorpusPresent } from "./packets.js";

export default function setup(): void {
  writeOwnCorpus();
  if (sharedCorpusPresent) return;
  const line = `shared corpus not found at ${sharedCorpusDir}: its suites are skipped (the own corpus runs)`;
  if (process.env.P4FLOW_REQUIRE_CORPUS === "1")
    throw new Error(`${line}; P4FLOW_REQUIRE_CORPUS=1 requires it`);
  process.stdout.write(`${line}\n`);
}
