/** One channel of interleaved data (e.g. L* of srgb8ToLab65Batch output) as its own array. */
export function extractChannel(
  interleaved: Float32Array | Float64Array,
  channels: number,
  index: number,
): Float64Array {
  if (!(Number.isInteger(channels) && channels > 0 && index >= 0 && index < channels)) {
    throw new RangeError(`channel ${index} of ${channels} does not exist`);
  }
  const out = new Float64Array(Math.floor(interleaved.length / channels));
  for (let i = 0, j = index; i < out.length; i++, j += channels) out[i] = interleaved[j] ?? 0;
  return out;
}
