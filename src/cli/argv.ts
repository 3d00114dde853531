// Rewrites the few p4c-style flag spellings that commander cannot express directly, before parsing.
// `--Werror` alone means "every warning"; commander would otherwise take the next word (the
// source file) as its value.

export function normalizeArgv(argv: readonly string[]): string[] {
  return argv.map((a) => (a === "--Werror" ? "--Werror=all" : a));
}
