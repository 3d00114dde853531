// Bundles the command line (and the language server it starts) into dist/p4flow.mjs, which
// bin/p4flow.js runs: loading one file instead of hundreds (Chevrotain alone imports about 600
// lodash modules) halves the CLI's cold start. Code splitting puts what main.ts imports lazily
// (the language server with vscode-languageserver, `run` with the interpreters, --watch) in
// chunks under dist/p4flow-chunks/, so a compile does not load or parse them. `run --jobs`'s
// worker is bundled on its own (dist/run-worker.js, found from the bundle's chunks). The Parquet
// libraries stay external: the WebAssembly file is loaded from their own package. The library
// (dist/src) is not bundled.
import { build } from "esbuild";
import { rmSync } from "node:fs";

const common = {
  bundle: true,
  minify: true,
  sourcemap: "linked",
  platform: "node",
  target: "node20",
  format: "esm",
  logLevel: "warning",
  external: ["apache-arrow", "parquet-wasm"],
  // Bundled CommonJS dependencies (vscode-languageserver) call require.
  banner: {
    js: "import { createRequire as __p4flowRequire } from 'node:module'; const require = __p4flowRequire(import.meta.url);",
  },
};
rmSync("dist/p4flow-chunks", { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { p4flow: "dist/src/cli/main.js" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  chunkNames: "p4flow-chunks/[name]-[hash]",
  splitting: true,
});
await build({
  ...common,
  entryPoints: ["dist/src/cli/run-worker.js"],
  outfile: "dist/run-worker.js",
});
