import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { TtlCache } from './ttl-cache.ts';
import { readMetric } from './test-fixtures/read-metric.ts';

describe('TtlCache', () => {
  it('serves an entry until its time is up, then misses', () => {
    let now = 0;
    const cache = new TtlCache<string>({ name: 't', ttlMs: 1000, maxEntries: 10, now: () => now });
    cache.set('a', 'A');
    now = 999;
    assert.equal(cache.get('a'), 'A');
    now = 1000;
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.size, 0);
  });

  it('evicts the least recently used entry past its bound', () => {
    const cache = new TtlCache<number>({ name: 't', ttlMs: 60_000, maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 1);
    assert.equal(cache.get('c'), 3);
  });

  it('computes once and counts hits and misses', async () => {
    const registry = new Registry();
    const cache = new TtlCache<number>({ name: 'palette', ttlMs: 60_000, maxEntries: 10, registry });
    let computed = 0;
    for (let index = 0; index < 3; index++) cache.getOrCompute('k', () => ++computed);
    assert.equal(computed, 1);
    const text = await registry.metrics();
    assert.equal(readMetric(text, 'shine_cache_lookups_total', { cache: 'palette', result: 'hit' }), 2);
    assert.equal(readMetric(text, 'shine_cache_lookups_total', { cache: 'palette', result: 'miss' }), 1);
    cache.clear();
    assert.equal(cache.get('k'), undefined);
  });
});
