/**
 * A bounded map of the values used most recently: past `maxEntries`, one not used lately goes.
 * Eviction is second-chance (CLOCK): a hit only marks its entry, so looking up allocates nothing,
 * and the oldest entries that were used since they came in go to the back instead of out.
 */
export class RecentValues<Key, Value> {
  readonly #entries = new Map<Key, { value: Value; used: boolean }>();
  readonly #maxEntries: number;

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  get(key: Key): Value | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    entry.used = true;
    return entry.value;
  }

  set(key: Key, value: Value): void {
    this.#entries.set(key, { value, used: false });
    // Each turn takes an entry out or clears a mark, so this ends within size + 1 turns.
    while (this.#entries.size > this.#maxEntries) {
      const [oldestKey, oldest] = this.#entries.entries().next().value!;
      this.#entries.delete(oldestKey);
      if (oldest.used) {
        oldest.used = false;
        this.#entries.set(oldestKey, oldest);
      }
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
