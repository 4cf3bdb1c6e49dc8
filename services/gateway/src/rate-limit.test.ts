import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
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

  it('tells clients apart by their whole key, and forgets none while under maxClients', () => {
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1, maxClients: 5_000 });
    for (let client = 0; client < 5_000; client++) assert.equal(limiter.take(`address:10.0.${client >> 8}.${client & 255}`, 0).allowed, true);
    assert.equal(limiter.trackedClients, 5_000);
    for (let client = 0; client < 5_000; client++) assert.equal(limiter.take(`address:10.0.${client >> 8}.${client & 255}`, 0).allowed, false);
  });

  it('shares one bucket per client between the threads it is handed to', async () => {
    const options = { ratePerSecond: 1, burst: 20_000 };
    const limiter = new RateLimiter(options);
    assert.throws(() => new RateLimiter({ ...options, maxClients: 10 }, limiter.buffer), /holds \d+ bytes/);
    // Two threads and this one take at once from the same bucket: exactly the burst is allowed.
    const workers = [0, 1].map(
      () => new Worker(new URL('./test-fixtures/rate-limit-thread.ts', import.meta.url), { workerData: { buffer: limiter.buffer, options, key: 'subject:a', times: 15_000, now: 0 } }),
    );
    let allowedHere = 0;
    for (let call = 0; call < 15_000; call++) if (limiter.take('subject:a', 0).allowed) allowedHere++;
    const allowedThere = await Promise.all(workers.map(async (worker) => (await once(worker, 'message'))[0] as number));
    assert.equal(allowedHere + allowedThere[0]! + allowedThere[1]!, 20_000);
    assert.equal(limiter.take('subject:a', 0).allowed, false);
    assert.equal(limiter.trackedClients, 1);
  });
});
