import { medianAbsoluteDeviation } from './median-absolute-deviation.ts';
import { median } from './median.ts';

// Iglewicz & Hoaglin (1993), "How to Detect and Handle Outliers": modified z-score
// M = 0.6745 (x − median) / MAD, and |M| > 3.5 flags an outlier.
export const MODIFIED_Z_SCALE = 0.6745;
export const DEFAULT_MODIFIED_Z_THRESHOLD = 3.5;
// When over half the values are equal MAD is 0; the mean absolute deviation stands in for it,
// scaled the same way: for normal data MAD ≈ 0.6745 σ and mean absolute deviation ≈ √(2/π) σ.
const MEAN_ABSOLUTE_DEVIATION_SCALE = 0.7978845608;

/**
 * 1 for each value whose modified z-score is within `threshold`, 0 for an outlier. The mask
 * lines up with the input, so it can select the same pixels in other channels.
 */
export function madOutlierMask(
  values: Float32Array | Float64Array,
  threshold = DEFAULT_MODIFIED_Z_THRESHOLD,
): Uint8Array {
  const mask = new Uint8Array(values.length);
  if (values.length === 0) return mask;
  const center = median(values);
  const mad = medianAbsoluteDeviation(values, center);
  let scale = mad / MODIFIED_Z_SCALE;
  if (scale === 0) {
    let sum = 0;
    for (const value of values) sum += Math.abs(value - center);
    scale = sum / values.length / MEAN_ABSOLUTE_DEVIATION_SCALE;
  }
  for (let i = 0; i < values.length; i++) {
    const deviation = Math.abs((values[i] ?? 0) - center);
    mask[i] = scale === 0 || deviation / scale <= threshold ? 1 : 0;
  }
  return mask;
}
