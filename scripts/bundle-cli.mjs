// Bundles the command line (and the language server it starts) into one file, dist/p4flow.mjs,
// which bin/p4flow.js runs: loading one file instead of hundreds (Chevrotain alone imports
// about 600 lodash modules) halves the CLI's cold start. `run --jobs`'s worker is bundled beside
// it (dist/run-worker.js, found relative to the bundle). The Parquet libraries stay external: the
// WebAssembly file is loaded from their own package. The library (dist/src) is not bundled.
import { build } from "esbuild";

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
await build({ ...common, entryPoints: ["dist/src/cli/main.js"], outfile: "dist/p4flow.mjs" });
await build({
  ...common,
  entryPoints: ["dist/src/cli/run-worker.js"],
  outfile: "dist/run-worker.js",
});
