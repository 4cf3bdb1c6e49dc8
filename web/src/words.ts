// Enum values from the API in the words a person reads.

/** "UNDERTONE_WARM" → "warm", "SEASON_DEEP_AUTUMN" → "deep autumn". */
export function wordsOf(value: string | undefined, prefix: string): string {
  return (value ?? '').replace(prefix, '').toLowerCase().replace(/_/g, ' ');
}

export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** "1 analysis", "3 analyses": the count with the word that agrees with it. */
export function countOf(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * How a shade's undertone sits with the skin's, in words; matches are ranked with a small penalty
 * for a different undertone, which is why a nearer shade can be listed after a further one.
 */
export function undertoneFit(compatibility: string | undefined): string | undefined {
  switch (compatibility) {
    case 'UNDERTONE_COMPATIBILITY_MATCH':
      return 'same undertone';
    case 'UNDERTONE_COMPATIBILITY_COMPATIBLE':
      return 'undertone near yours';
    case 'UNDERTONE_COMPATIBILITY_MISMATCH':
      return 'undertone leans the other way';
    default:
      return undefined;
  }
}

/** The API's messages are clauses ("no face was found: …"); on the page they read as sentences. */
export function sentence(text: string): string {
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.?!]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
