import type { SeededRandom } from '@shine/platform/seeded-random';

/**
 * Send times (ms from the start) of requests arriving independently at `ratePerSecond` on average
 * for `durationMs`: exponential gaps, as many independent visitors make, so bursts and queueing show.
 */
export function poissonArrivals(ratePerSecond: number, durationMs: number, random: SeededRandom): number[] {
  if (!(ratePerSecond > 0)) throw new Error(`the arrival rate must be positive, not ${ratePerSecond}`);
  const meanGapMs = 1000 / ratePerSecond;
  const arrivals: number[] = [];
  for (let at = -meanGapMs * Math.log(1 - random.next()); at < durationMs; at += -meanGapMs * Math.log(1 - random.next())) {
    arrivals.push(at);
  }
  return arrivals;
}
