import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('allows a burst, then refills at the rate', () => {
    const limiter = new RateLimiter({ ratePerSecond: 2, burst: 3 });
    const at = (ms: number) => limiter.take('a', 1_000_000 + ms);
    assert.deepEqual([at(0), at(0), at(0)], [{ allowed: true }, { allowed: true }, { allowed: true }]);
    assert.deepEqual(at(0), { allowed: false, retryAfterSeconds: 1 });
    assert.deepEqual(at(499), { allowed: false, retryAfterSeconds: 1 });
    assert.deepEqual(at(500), { allowed: true }, 'one token after half a second at 2/s');
    assert.equal(at(500).allowed, false);
    assert.deepEqual([at(10_000), at(10_000), at(10_000), at(10_000).allowed], [{ allowed: true }, { allowed: true }, { allowed: true }, false], 'refills no higher than the burst');
  });

  it('keeps a bucket per client', () => {
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1 });
    assert.equal(limiter.take('a', 0).allowed, true);
    assert.equal(limiter.take('a', 0).allowed, false);
    assert.equal(limiter.take('b', 0).allowed, true);
  });

  it('says how long to wait when the rate is slow', () => {
    const limiter = new RateLimiter({ ratePerSecond: 0.1, burst: 1 });
    limiter.take('a', 0);
    assert.deepEqual(limiter.take('a', 0), { allowed: false, retryAfterSeconds: 10 });
  });

  it('forgets refilled buckets, then the oldest, to stay within maxClients', () => {
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 2, maxClients: 10 });
    for (let client = 0; client < 10; client++) limiter.take(`c${client}`, 0);
    limiter.take('late', 5_000);
    assert.equal(limiter.trackedClients, 1, 'every earlier bucket had refilled');
    for (let client = 0; client < 20; client++) limiter.take(`d${client}`, 5_000);
    assert.ok(limiter.trackedClients <= 10);
  });
});
