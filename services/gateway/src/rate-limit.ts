export interface RateLimitOptions {
  /** Tokens added per second: the sustained request rate a client may keep up. */
  ratePerSecond: number;
  /** Bucket size: how many requests a client may send at once after being idle. */
  burst: number;
  /** Most clients tracked; past it, buckets that have refilled are forgotten (they would allow anyway). */
  maxClients?: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** A token bucket per client key, refilled lazily on each request, so idle clients cost nothing. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly maxClients: number;

  constructor(options: RateLimitOptions) {
    if (options.ratePerSecond <= 0 || options.burst < 1) throw new Error('a rate limit needs a positive rate and a burst of at least 1');
    this.ratePerMs = options.ratePerSecond / 1000;
    this.burst = options.burst;
    this.maxClients = options.maxClients ?? 100_000;
  }

  take(key: string, now: number = Date.now()): RateDecision {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxClients) this.forgetFull(now);
      bucket = { tokens: this.burst, updatedAt: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.updatedAt) * this.ratePerMs);
      bucket.updatedAt = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerMs / 1000)) };
  }

  get trackedClients(): number {
    return this.buckets.size;
  }

  private forgetFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.ratePerMs >= this.burst) this.buckets.delete(key);
    }
    // Everyone is mid-burst (a flood of distinct keys): drop the oldest tenth rather than grow
    // without bound, so the next scans are a while away.
    const keep = Math.floor(this.maxClients * 0.9);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= keep) break;
      this.buckets.delete(key);
    }
  }
}
