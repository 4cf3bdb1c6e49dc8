import { Counter, Gauge, type Registry } from 'prom-client';

export interface TtlCacheOptions {
  /** Names the cache in metrics, e.g. "palette". */
  name: string;
  ttlMs: number;
  /** Entries kept at most; the least recently used goes first. */
  maxEntries: number;
  registry?: Registry;
  now?: () => number;
}

const metricsByRegistry = new WeakMap<Registry, { lookups: Counter<'cache' | 'result'>; size: Gauge<'cache'> }>();

/**
 * An in-process cache whose entries expire after a fixed time and which never grows past a bound
 * (least recently used evicted). Hits and misses are counted in `shine_cache_lookups_total`.
 */
export class TtlCache<Value> {
  readonly #entries = new Map<string, { value: Value; expires: number }>();
  readonly #options: TtlCacheOptions;
  readonly #now: () => number;
  readonly #metrics: { lookups: Counter<'cache' | 'result'>; size: Gauge<'cache'> } | undefined;

  constructor(options: TtlCacheOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#metrics = options.registry ? cacheMetrics(options.registry) : undefined;
  }

  get(key: string): Value | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.expires > this.#now()) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      this.#count('hit');
      return entry.value;
    }
    if (entry) this.#entries.delete(key);
    this.#count('miss');
    return undefined;
  }

  set(key: string, value: Value): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expires: this.#now() + this.#options.ttlMs });
    while (this.#entries.size > this.#options.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    this.#metrics?.size.set({ cache: this.#options.name }, this.#entries.size);
  }

  /** The cached value, or computes, stores and returns it. */
  getOrCompute(key: string, compute: () => Value): Value {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const value = compute();
    this.set(key, value);
    return value;
  }

  /** Forgets one entry (a value that turned out wrong, such as a failed call's promise). */
  delete(key: string): void {
    this.#entries.delete(key);
    this.#metrics?.size.set({ cache: this.#options.name }, this.#entries.size);
  }

  clear(): void {
    this.#entries.clear();
    this.#metrics?.size.set({ cache: this.#options.name }, 0);
  }

  get size(): number {
    return this.#entries.size;
  }

  #count(result: 'hit' | 'miss'): void {
    this.#metrics?.lookups.inc({ cache: this.#options.name, result });
  }
}

function cacheMetrics(registry: Registry) {
  let metrics = metricsByRegistry.get(registry);
  if (!metrics) {
    metrics = {
      lookups: new Counter({ name: 'shine_cache_lookups_total', help: 'Cache lookups by result (hit or miss).', labelNames: ['cache', 'result'], registers: [registry] }),
      size: new Gauge({ name: 'shine_cache_entries', help: 'Entries held in a cache.', labelNames: ['cache'], registers: [registry] }),
    };
    metricsByRegistry.set(registry, metrics);
  }
  return metrics;
}
