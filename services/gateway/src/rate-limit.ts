import type { GatewayConfig } from './config.ts';

export interface RateLimitOptions {
  /** Tokens added per second: the sustained request rate a client may keep up. */
  ratePerSecond: number;
  /** Bucket size: how many requests a client may send at once after being idle. */
  burst: number;
  /** Most clients tracked; past it, buckets that have refilled are forgotten (they would allow anyway). */
  maxClients?: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

// Shared memory layout: a header (lock, clients tracked), then per slot a 64-bit key hash (two
// int32, both 0 when the slot is free), the tokens left and when they were counted (float64).
const HEADER_INT32S = 2;
const LOCK = 0;
const USED = 1;

/**
 * A token bucket per client key, refilled lazily on each request, so idle clients cost nothing.
 *
 * The buckets live in a SharedArrayBuffer: the gateway's threads (GATEWAY_THREADS) pass it to one
 * another and share one limit per client, as one process would. Keys are stored as 64-bit hashes
 * in an open-addressing table; a take() holds a lock for a few probes. Two clients whose keys
 * collide in 64 bits would share a bucket (about one chance in 10^10 among 100 000 clients).
 */
export class RateLimiter {
  readonly buffer: SharedArrayBuffer;
  /** The limit in a client's words: "20 requests a second, bursts of 40". */
  readonly description: string;
  readonly #header: Int32Array;
  readonly #keys: Int32Array;
  readonly #tokens: Float64Array;
  readonly #updatedAt: Float64Array;
  readonly #mask: number;
  readonly #ratePerMs: number;
  readonly #burst: number;
  readonly #maxClients: number;

  /** A new set of buckets, or (with `shared`) the buckets another thread made with the same options. */
  constructor(options: RateLimitOptions, shared?: SharedArrayBuffer) {
    if (options.ratePerSecond <= 0 || options.burst < 1) throw new Error('a rate limit needs a positive rate and a burst of at least 1');
    this.#ratePerMs = options.ratePerSecond / 1000;
    this.#burst = options.burst;
    this.description = `${options.ratePerSecond} request${options.ratePerSecond === 1 ? '' : 's'} a second, bursts of ${options.burst}`;
    this.#maxClients = options.maxClients ?? 100_000;
    // At most half full, so probes stay short.
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, this.#maxClients * 2)));
    const keysOffset = HEADER_INT32S * 4;
    const floatsOffset = keysOffset + capacity * 8;
    const bytes = floatsOffset + capacity * 16;
    if (shared && shared.byteLength !== bytes) throw new Error(`the shared rate-limit buffer holds ${shared.byteLength} bytes, not the ${bytes} these options need`);
    this.buffer = shared ?? new SharedArrayBuffer(bytes);
    this.#header = new Int32Array(this.buffer, 0, HEADER_INT32S);
    this.#keys = new Int32Array(this.buffer, keysOffset, capacity * 2);
    this.#tokens = new Float64Array(this.buffer, floatsOffset, capacity);
    this.#updatedAt = new Float64Array(this.buffer, floatsOffset + capacity * 8, capacity);
    this.#mask = capacity - 1;
  }

  take(key: string, now: number = Date.now()): RateDecision {
    const [high, low] = hash64(key);
    this.#lock();
    try {
      let slot = this.#find(high, low);
      if (this.#isFree(slot)) {
        if (Atomics.load(this.#header, USED) >= this.#maxClients) {
          this.#forgetFull(now);
          slot = this.#find(high, low);
        }
        this.#keys[slot * 2] = high;
        this.#keys[slot * 2 + 1] = low;
        this.#tokens[slot] = this.#burst;
        Atomics.add(this.#header, USED, 1);
      } else {
        this.#tokens[slot] = Math.min(this.#burst, this.#tokens[slot]! + (now - this.#updatedAt[slot]!) * this.#ratePerMs);
      }
      this.#updatedAt[slot] = now;
      const tokens = this.#tokens[slot]!;
      if (tokens >= 1) {
        this.#tokens[slot] = tokens - 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.#ratePerMs / 1000)) };
    } finally {
      this.#unlock();
    }
  }

  get trackedClients(): number {
    return Atomics.load(this.#header, USED);
  }

  /** The slot holding this key, or the free slot where it would go (linear probing). */
  #find(high: number, low: number): number {
    for (let slot = high & this.#mask; ; slot = (slot + 1) & this.#mask) {
      if (this.#isFree(slot) || (this.#keys[slot * 2] === high && this.#keys[slot * 2 + 1] === low)) return slot;
    }
  }

  #isFree(slot: number): boolean {
    return this.#keys[slot * 2] === 0 && this.#keys[slot * 2 + 1] === 0;
  }

  /**
   * Forgets buckets that have refilled (they would allow anyway). If everyone is mid-burst (a flood
   * of distinct keys), also the oldest, down to nine tenths of maxClients, so the next scans are a
   * while away. The table is rebuilt, since linear probing cannot simply empty a slot.
   */
  #forgetFull(now: number): void {
    const kept: Array<{ high: number; low: number; tokens: number; updatedAt: number }> = [];
    for (let slot = 0; slot <= this.#mask; slot++) {
      if (this.#isFree(slot)) continue;
      const tokens = this.#tokens[slot]!;
      const updatedAt = this.#updatedAt[slot]!;
      if (tokens + (now - updatedAt) * this.#ratePerMs >= this.#burst) continue;
      kept.push({ high: this.#keys[slot * 2]!, low: this.#keys[slot * 2 + 1]!, tokens, updatedAt });
    }
    const keep = Math.floor(this.#maxClients * 0.9);
    if (kept.length > keep) kept.sort((a, b) => b.updatedAt - a.updatedAt).length = keep;
    this.#keys.fill(0);
    for (const bucket of kept) {
      const slot = this.#find(bucket.high, bucket.low);
      this.#keys[slot * 2] = bucket.high;
      this.#keys[slot * 2 + 1] = bucket.low;
      this.#tokens[slot] = bucket.tokens;
      this.#updatedAt[slot] = bucket.updatedAt;
    }
    Atomics.store(this.#header, USED, kept.length);
  }

  // A take() holds the lock for well under a microsecond, so a waiting thread spins briefly and
  // then sleeps in short waits rather than burning a core.
  #lock(): void {
    for (let spins = 0; Atomics.compareExchange(this.#header, LOCK, 0, 1) !== 0; spins++) {
      if (spins > 100) Atomics.wait(this.#header, LOCK, 1, 1);
    }
  }

  #unlock(): void {
    Atomics.store(this.#header, LOCK, 0);
    Atomics.notify(this.#header, LOCK, 1);
  }
}

/** Two 32-bit halves of a 64-bit hash of `key` (cyrb53's mixing), never both 0 (0, 0 marks a free slot). */
function hash64(key: string): [number, number] {
  let high = 0xdeadbeef;
  let low = 0x41c6ce57;
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index);
    high = Math.imul(high ^ code, 2654435761);
    low = Math.imul(low ^ code, 1597334677);
  }
  high = Math.imul(high ^ (high >>> 16), 2246822507) ^ Math.imul(low ^ (low >>> 13), 3266489909);
  low = Math.imul(low ^ (low >>> 16), 2246822507) ^ Math.imul(high ^ (high >>> 13), 3266489909);
  return high === 0 && low === 0 ? [0, 1] : [high | 0, low | 0];
}

/** The rate limiter the configuration asks for, on `shared` buckets when another thread made them. */
export function rateLimiterFor(config: GatewayConfig, shared?: SharedArrayBuffer): RateLimiter | undefined {
  if (!config.RATE_LIMIT_ENABLED) return undefined;
  return new RateLimiter({ ratePerSecond: config.RATE_LIMIT_PER_SECOND, burst: config.RATE_LIMIT_BURST }, shared);
}
