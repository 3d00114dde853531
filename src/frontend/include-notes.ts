// Adds "included from" notes to diagnostics whose range lies in an included file, innermost
// include first, so a user sees how the compiler reached the file.

import type { Diagnostic, RelatedInformation } from "../diagnostics/diagnostic.js";
import type { PositionMap } from "./source.js";

const MAX_CHAIN = 64;

export function withIncludeNotes(diags: readonly Diagnostic[], map: PositionMap): Diagnostic[] {
  return diags.map((d) => {
    if (!d.range) return d;
    const notes: RelatedInformation[] = [];
    let file = d.range.file;
    for (
      let site = map.includedFrom(file);
      site && notes.length < MAX_CHAIN;
      site = map.includedFrom(file)
    ) {
      notes.push({ message: `'${file}' was included from here.`, range: site });
      file = site.file;
    }
    return notes.length === 0 ? d : { ...d, related: [...d.related, ...notes] };
  });
}
