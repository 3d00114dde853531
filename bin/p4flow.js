#!/usr/bin/env node
import { main } from "../dist/p4flow.mjs";

// A reader that stops early (`p4flow --help | head`) is not an error of ours.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });

process.exitCode = await main(process.argv.slice(2));
