import { sortedCopy } from './sorted-copy.ts';

/**
 * Mean after dropping floor(n · proportion) values from each end, e.g. 0.1 for the 10 %
 * trimmed mean. 0 is the plain mean; proportions toward 0.5 approach the median. NaN when empty.
 */
export function trimmedMean(values: Float32Array | Float64Array, proportion = 0.1): number {
  if (!(proportion >= 0 && proportion < 0.5)) {
    throw new RangeError(`trim proportion must be in [0, 0.5), got ${proportion}`);
  }
  const sorted = sortedCopy(values);
  const cut = Math.floor(sorted.length * proportion);
  const kept = sorted.subarray(cut, sorted.length - cut);
  if (kept.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of kept) sum += value;
  return sum / kept.length;
}
