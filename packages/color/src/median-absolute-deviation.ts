import { median } from './median.ts';

/** MAD = median |x − median(x)|, unscaled (× 1.4826 estimates σ for normal data). NaN when empty. */
export function medianAbsoluteDeviation(
  values: Float32Array | Float64Array,
  center: number = median(values),
): number {
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) deviations[i] = Math.abs((values[i] ?? 0) - center);
  return median(deviations);
}
