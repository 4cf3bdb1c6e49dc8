import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summariseRun } from './latency-summary.ts';
import type { Sample } from './open-loop.ts';

const sample = (kind: string, latencyMs: number, status = 200, sendLagMs = 0): Sample => ({ kind, atMs: 0, latencyMs, status, sendLagMs });

describe('summariseRun', () => {
  it('gives nearest-rank percentiles per route kind', () => {
    // 1..100 ms: p50 is the 51st value, p95 the 96th, p99 the 100th (nearest rank, 0-based floor).
    const samples = Array.from({ length: 100 }, (_, index) => sample('palette', index + 1));
    const summary = summariseRun([...samples, sample('upload', 700)], 10, 10);
    assert.deepEqual(summary.kinds['palette'], { requests: 100, errors: 0, p50_ms: 51, p95_ms: 96, p99_ms: 100 });
    assert.deepEqual(summary.kinds['upload'], { requests: 1, errors: 0, p50_ms: 700, p95_ms: 700, p99_ms: 700 });
  });

  it('counts everything but 2xx as an error, no answer as status 0, and throughput from successes only', () => {
    const summary = summariseRun([sample('upload', 5, 201), sample('upload', 5, 503), sample('palette', 5, 0), sample('palette', 5, 204)], 2, 2);
    assert.equal(summary.error_rate, 0.5);
    assert.deepEqual(summary.error_statuses, { '503': 1, '0': 1 });
    assert.equal(summary.throughput_rps, 1);
    assert.equal(summary.kinds['upload']!.errors, 1);
    assert.equal(summary.offered_rps, 2);
  });

  it("reports the generator's own worst send lag", () => {
    assert.equal(summariseRun([sample('a', 1, 200, 3), sample('a', 1, 200, 12.34)], 1, 1).max_send_lag_ms, 12.3);
  });

  it('is all zeros and no kinds for an empty run', () => {
    const summary = summariseRun([], 1, 1);
    assert.equal(summary.requests, 0);
    assert.equal(summary.error_rate, 0);
    assert.deepEqual(summary.kinds, {});
  });
});
