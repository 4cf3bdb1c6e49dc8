import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '@shine/platform/seeded-random';
import { poissonArrivals } from './poisson-arrivals.ts';

describe('poissonArrivals', () => {
  it('arrives at the asked rate on average, in order, within the duration', () => {
    const arrivals = poissonArrivals(50, 200_000, seededRandom(1));
    assert.ok(Math.abs(arrivals.length - 10_000) < 300, `${arrivals.length} arrivals for 50/s over 200 s`);
    for (let index = 1; index < arrivals.length; index++) assert.ok(arrivals[index]! >= arrivals[index - 1]!);
    assert.ok(arrivals.at(-1)! < 200_000 && arrivals[0]! >= 0);
  });

  it('has exponential gaps (their spread equals their mean), not a metronome', () => {
    const arrivals = poissonArrivals(10, 1_000_000, seededRandom(2));
    const gaps = arrivals.slice(1).map((at, index) => at - arrivals[index]!);
    const mean = gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length;
    const deviation = Math.sqrt(gaps.reduce((sum, gap) => sum + (gap - mean) ** 2, 0) / gaps.length);
    assert.ok(Math.abs(mean - 100) < 3, `mean gap ${mean} ms`);
    assert.ok(Math.abs(deviation / mean - 1) < 0.05, `coefficient of variation ${deviation / mean}`);
  });

  it('gives the same schedule for the same seed', () => {
    assert.deepEqual(poissonArrivals(5, 10_000, seededRandom(3)), poissonArrivals(5, 10_000, seededRandom(3)));
  });

  it('refuses a rate that is not positive', () => {
    assert.throws(() => poissonArrivals(0, 1000, seededRandom(1)), /must be positive/);
  });
});
