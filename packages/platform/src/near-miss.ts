/** Levenshtein distance: the letters to insert, delete or change to turn one word into the other. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** The word a mistyped one most likely meant: the nearest candidate at most `within` letters off, if any. */
export function nearestWord(word: string, candidates: Iterable<string>, within = 2): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance > 0 && distance <= within && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/**
 * A `node:util` parseArgs error in a person's words. Node's own for an unknown option explains how
 * to pass a positional that starts with "-" (and misquotes it); a typo wants the option it meant.
 */
export function explainArgsError(error: unknown, optionNames: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown option '(-{1,2})(.*?)'\. To specify/.exec(message);
  if (!unknown) return message;
  const [, dashes, name] = unknown;
  const meant = nearestWord(name!, optionNames);
  return `unknown option ${dashes}${name}${meant ? `: did you mean --${meant}?` : ''}`;
}
