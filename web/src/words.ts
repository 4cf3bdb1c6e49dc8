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
