import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Sample } from './open-loop.ts';
import { soakReport, soakShortfalls } from './soak-report.ts';

/** `perMinute` requests a minute for `minutes`, half uploads, each answered in `latency(minute)` ms. */
function steadySamples(minutes: number, perMinute: number, latency: (minute: number) => number, status = () => 200): Sample[] {
  const samples: Sample[] = [];
  for (let minute = 0; minute < minutes; minute++) {
    for (let index = 0; index < perMinute; index++) {
      samples.push({ kind: index % 2 ? 'upload' : 'palette', atMs: minute * 60_000 + (index * 60_000) / perMinute, latencyMs: latency(minute), status: status(), sendLagMs: 0 });
    }
  }
  return samples;
}
const limits = { rssGrowth: 0.1, uploadP95Ms: 1000 };

describe('soakReport', () => {
  it('splits the run into minutes and measures RSS growth from the end of the warm-up', () => {
    // Readings at the end of each minute: growth counts from the first (the end of the 1-minute warm-up).
    const rss = [{ analysis: 400, gateway: 100 }, { analysis: 405, gateway: 101 }, { analysis: 410, gateway: 101.5 }, { analysis: 420, gateway: 102 }];
    const report = soakReport(steadySamples(4, 100, (minute) => 100 + minute * 10), rss, 1);
    assert.deepEqual(report.minutes.map((minute) => [minute.minute, minute.requests, minute.p95_ms]), [[1, 100, 100], [2, 100, 110], [3, 100, 120], [4, 100, 130]]);
    assert.deepEqual(report.rss_growth_after_warmup, { analysis: 0.05, gateway: 0.02 });
    assert.equal(report.p95_spread_after_warmup, 1.18);
    assert.equal(report.upload_p95_max_after_warmup_ms, 130);
    assert.deepEqual(soakShortfalls(report, limits), []);
  });

  it('names a service whose memory keeps growing, errors, and a slow minute', () => {
    const rss = [{ analysis: 300 }, { analysis: 300 }, { analysis: 340 }];
    let count = 0;
    const report = soakReport(steadySamples(3, 40, (minute) => (minute === 2 ? 1500 : 100), () => (++count === 50 ? 503 : 200)), rss, 1);
    assert.equal(report.errors, 1);
    assert.deepEqual(soakShortfalls(report, limits), ['1 requests failed', 'analysis: RSS grew 13.3% after the warm-up', 'upload p95 reached 1500 ms in a minute']);
  });

  it('says so when a service has no RSS left to compare', () => {
    const report = soakReport(steadySamples(2, 10, () => 10), [{ recommender: 90 }, { recommender: undefined }], 1);
    assert.deepEqual(soakShortfalls(report, limits), ['recommender: no RSS to compare (did it exit?)']);
  });
});
