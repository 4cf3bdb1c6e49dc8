/** An ascending Float64Array copy; the caller's array is left as it was. */
export function sortedCopy(values: Float32Array | Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}
