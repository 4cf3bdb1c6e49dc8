import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractChannel, madOutlierMask, median, medianAbsoluteDeviation, medianInPlace, selectInPlace, trimmedMean } from './index.ts';

describe('robust statistics on typed arrays', () => {
  it('takes the median of odd and even counts without reordering the input', () => {
    const values = Float32Array.of(5, 1, 4, 2, 3);
    assert.equal(median(values), 3);
    assert.deepEqual([...values], [5, 1, 4, 2, 3]);
    assert.equal(median(Float64Array.of(4, 1, 3, 2)), 2.5);
    assert.equal(median(Float64Array.of(-7)), -7);
    assert.ok(Number.isNaN(median(new Float64Array(0))));
  });

  it('sorts numerically, not as text', () => {
    assert.equal(median(Float64Array.of(10, 9, 100, 2, 1000)), 10);
    assert.equal(median([3, 25, 4]), 4);
  });

  it('selects in place: the k-th smallest, smaller ones before it, larger after, any order of input', () => {
    for (const values of [[9, 8, 7, 6, 5, 4, 3, 2, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9], [5, 5, 5, 1, 9, 5, 5, 2, 8]]) {
      for (let k = 0; k < values.length; k++) {
        const work = Float64Array.from(values);
        const kth = selectInPlace(work, k);
        assert.equal(kth, values.toSorted((p, q) => p - q)[k]);
        assert.ok(work.subarray(0, k).every((value) => value <= kth) && work.subarray(k + 1).every((value) => value >= kth), `k ${k}`);
      }
    }
    const even = Float32Array.of(8, 2, 6, 4);
    assert.equal(medianInPlace(even), 5);
    assert.deepEqual([...even].toSorted((p, q) => p - q), [2, 4, 6, 8], 'reordered, nothing lost');
  });

  it('trims the stated share from each end before averaging', () => {
    const values = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 1000);
    assert.equal(trimmedMean(values, 0.1), 5.5);
    assert.equal(trimmedMean(values, 0), 104.5);
    // 10 · 0.15 = 1.5 rounds down: one value goes from each end, leaving 2..20.
    assert.equal(trimmedMean(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 20, 1000), 0.15), 55 / 8);
    assert.equal(trimmedMean(Float64Array.of(1, 2, 3, 4, 100), 0.2), 3);
    assert.throws(() => trimmedMean(values, 0.5), RangeError);
    assert.ok(Number.isNaN(trimmedMean(new Float64Array(0))));
  });

  it('measures spread as the median absolute deviation', () => {
    // Deviations from the median 2: 1, 1, 0, 0, 2, 4, 7 → median 1.
    assert.equal(medianAbsoluteDeviation(Float64Array.of(1, 1, 2, 2, 4, 6, 9)), 1);
  });

  it('flags values past a modified z-score of 3.5 and keeps the rest', () => {
    const values = Float64Array.of(60, 61, 62, 62, 63, 64, 61, 95, 20);
    assert.deepEqual([...madOutlierMask(values)], [1, 1, 1, 1, 1, 1, 1, 0, 0]);
    // Median 3, MAD 2: 13.3 scores 0.6745 · 10.3 / 2 = 3.47, kept; −7.5 scores 3.54, dropped.
    const edge = Float64Array.of(-7.5, 0, 1, 2, 3, 4, 5, 6, 13.3);
    assert.deepEqual([...madOutlierMask(edge)], [0, 1, 1, 1, 1, 1, 1, 1, 1]);
    assert.deepEqual([...madOutlierMask(edge, 3.6)], [1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('falls back to the mean absolute deviation when most values are equal', () => {
    assert.deepEqual([...madOutlierMask(Float64Array.of(5, 5, 5, 5, 5, 6, 40))], [1, 1, 1, 1, 1, 1, 0]);
    assert.deepEqual([...madOutlierMask(Float64Array.of(3, 3, 3))], [1, 1, 1]);
    assert.deepEqual([...madOutlierMask(new Float64Array(0))], []);
  });

  it('pulls one channel out of interleaved data', () => {
    const lab = Float32Array.of(60, 10, 20, 61, 11, 21, 62, 12, 22);
    assert.deepEqual([...extractChannel(lab, 3, 0)], [60, 61, 62]);
    assert.deepEqual([...extractChannel(lab, 3, 2)], [20, 21, 22]);
    assert.throws(() => extractChannel(lab, 3, 3), RangeError);
  });
});
