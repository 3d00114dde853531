// Writes the grammar's railroad diagram page: `node dist/grammar/diagrams.js [out.html]`
// (default docs/grammar.html). Chevrotain draws it from the parser's own recorded grammar, so
// the page can never disagree with what the parser accepts.

import { createSyntaxDiagramsCode } from "chevrotain";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { p4Parser } from "./parser.js";

const out = process.argv[2] ?? "docs/grammar.html";
const html = createSyntaxDiagramsCode(p4Parser().getSerializedGastProductions());
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
console.log(`wrote ${out} (${html.length} bytes)`);
