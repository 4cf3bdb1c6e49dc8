/** Median of NaN-free values (mean of the middle two for an even count); NaN when empty. `values` is left as it is. */
export function median(values: ArrayLike<number>): number {
  return medianInPlace(Float64Array.from(values));
}

/**
 * Median of `values` (mean of the middle two for an even count; NaN when empty) in linear time by
 * quickselect, reordering `values`. The hot path of skin statistics: thousands of pixels per
 * region, several medians each, where sorting a copy every time costs milliseconds.
 */
export function medianInPlace(values: Float32Array | Float64Array): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const upper = selectInPlace(values, n >> 1);
  if (n % 2 === 1) return upper;
  // After selection everything left of n/2 is ≤ it, so the lower middle is their maximum.
  let lower = values[0]!;
  for (let i = 1; i < n >> 1; i++) if (values[i]! > lower) lower = values[i]!;
  return (lower + upper) / 2;
}

/** The k-th smallest (0-based) of `values`, leaving smaller ones before index k and larger after. */
export function selectInPlace(values: Float32Array | Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (right > left) {
    // Median of three as pivot keeps sorted and reverse-sorted input linear.
    const middle = (left + right) >> 1;
    const pivot = medianOfThree(values[left]!, values[middle]!, values[right]!);
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return values[k]!;
  }
  return values[k]!;
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
