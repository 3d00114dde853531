import { build } from "esbuild";
await build({entryPoints:[process.argv[2]+"/src/cli/main.ts"],outfile:process.argv[3],bundle:true,minify:false,platform:"node",target:"node20",format:"esm",logLevel:"warning",banner:{js:"import { createRequire as __p4flowRequire } from 'node:module'; const require = __p4flowRequire(import.meta.url);"}});
