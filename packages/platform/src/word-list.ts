// Pure, so the web page bundles it too (`@shine/platform/word-list`).

/** "a, b and c" (or "a, b or c") for messages that list what would have worked. */
export function wordList(words: readonly string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}
