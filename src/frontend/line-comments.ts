// The one scanner of comments line by line, for the places that look at preprocessor lines
// without lexing them: the preprocessor's inactive branches (only the block-comment state
// matters) and the parse reuse (which also asks whether a line holds anything but comments).
// Like the preprocessor, it does not look inside string literals.

/** What one line holds once its comments are set aside. */
export interface LineComments {
  /** Whether a block comment is still open at the end of the line. */
  readonly inComment: boolean;
  /** Whether the line holds anything but blanks and comments. */
  readonly code: boolean;
}

/** Scans one line that starts inside a block comment when `inComment` is set. */
export function scanLineComments(line: string, inComment: boolean): LineComments {
  let code = false;
  let i = 0;
  while (i < line.length) {
    if (inComment) {
      const end = line.indexOf("*/", i);
      if (end < 0) return { inComment: true, code };
      i = end + 2;
      inComment = false;
    } else if (line.startsWith("//", i)) return { inComment: false, code };
    else if (line.startsWith("/*", i)) {
      i += 2;
      inComment = true;
    } else {
      const c = line[i];
      if (c !== " " && c !== "\t" && c !== "\r") code = true;
      i++;
    }
  }
  return { inComment, code };
}
