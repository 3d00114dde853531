// Bundles the command line (and the language server it starts) into one file, dist/p4flow.mjs,
// which bin/p4flow.js runs: loading one file instead of hundreds (Chevrotain alone imports
// about 600 lodash modules) halves the CLI's cold start. The library (dist/src) is not bundled.
import { build } from "esbuild";

await build({
  entryPoints: ["dist/src/cli/main.js"],
  outfile: "dist/p4flow.mjs",
  bundle: true,
  minify: true,
  sourcemap: "linked",
  platform: "node",
  target: "node20",
  format: "esm",
  logLevel: "warning",
  // Bundled CommonJS dependencies (vscode-languageserver) call require.
  banner: {
    js: "import { createRequire as __p4flowRequire } from 'node:module'; const require = __p4flowRequire(import.meta.url);",
  },
});
