// "Did you mean" suggestions: the closest known name by edit distance, if close enough, else a
// name that contains the one written or is contained in it.

export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

export function closest(
  name: string,
  candidates: Iterable<string>,
  allowContained = false,
): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 3));
  for (const c of candidates) {
    if (c === name) continue;
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best === undefined)) {
      best = c;
      bestDistance = d;
    }
  }
  if (best !== undefined || !allowContained) return best;
  // Failing that, a name that contains the other (`ipv4` for `parse_ipv4`), the shortest first.
  const lower = name.toLowerCase();
  let contained: string | undefined;
  for (const c of candidates) {
    const l = c.toLowerCase();
    if (c === name || Math.min(l.length, lower.length) < 3) continue;
    if ((l.includes(lower) || lower.includes(l)) && (!contained || c.length < contained.length))
      contained = c;
  }
  return contained;
}
