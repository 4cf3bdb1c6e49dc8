import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { weightedNonMaxSuppression, type Candidate } from './weighted-non-max-suppression.ts';

const candidate = (x: number, score: number, point = x): Candidate => ({
  box: { x, y: 0, width: 10, height: 10 },
  score,
  points: Float32Array.of(point, point),
});

describe('weightedNonMaxSuppression', () => {
  it('merges overlapping candidates into their score-weighted mean, keeping the best score', () => {
    const [merged, ...rest] = weightedNonMaxSuppression([candidate(0, 0.6), candidate(2, 0.9)], 0.3);
    assert.equal(rest.length, 0);
    assert.equal(merged?.score, 0.9);
    assert.ok(Math.abs(merged!.box.x - (0.6 * 0 + 0.9 * 2) / 1.5) < 1e-9);
    assert.ok(Math.abs(merged!.points[0]! - 1.2) < 1e-6);
  });

  it('keeps separate faces apart, best first', () => {
    const kept = weightedNonMaxSuppression([candidate(0, 0.7), candidate(50, 0.95), candidate(100, 0.8)], 0.3);
    assert.deepEqual(
      kept.map((c) => c.box.x),
      [50, 100, 0],
    );
  });

  it('does not merge boxes that overlap less than the threshold', () => {
    // IoU of two 10×10 boxes 6 px apart: 40 / 160 = 0.25.
    assert.equal(weightedNonMaxSuppression([candidate(0, 0.9), candidate(6, 0.8)], 0.3).length, 2);
    assert.equal(weightedNonMaxSuppression([candidate(0, 0.9), candidate(6, 0.8)], 0.2).length, 1);
  });

  it('returns nothing for nothing', () => {
    assert.deepEqual(weightedNonMaxSuppression([], 0.3), []);
  });
});
