import { sortedCopy } from './sorted-copy.ts';

/** Median of NaN-free values (mean of the middle two for an even count); NaN when empty. */
export function median(values: Float32Array | Float64Array): number {
  return medianOfSorted(sortedCopy(values));
}

export function medianOfSorted(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const upper = sorted[n >> 1] ?? Number.NaN;
  return n % 2 === 1 ? upper : ((sorted[(n >> 1) - 1] ?? Number.NaN) + upper) / 2;
}
