import { labF } from './cie-lab-function.ts';
import { LINEAR_SRGB_TO_XYZ65 } from './linear-to-xyz65.ts';
import { SRGB8_LINEAR_TABLE } from './srgb8-linear-table.ts';
import { D65 } from './white-points.ts';

/**
 * Interleaved 8-bit sRGB (RGB or RGBA; alpha ignored) → interleaved L*, a*, b* (D65) in `out`,
 * three numbers per pixel. The same arithmetic as srgb8ToLab65, without an object per pixel.
 * Returns the number of pixels written.
 */
export function srgb8ToLab65Batch(
  rgb: Uint8Array | Uint8ClampedArray,
  channels: 3 | 4,
  out: Float32Array | Float64Array,
): number {
  if (rgb.length % channels !== 0) {
    throw new RangeError(`${rgb.length} bytes is not a whole number of ${channels}-channel pixels`);
  }
  const pixels = rgb.length / channels;
  if (out.length < pixels * 3) {
    throw new RangeError(`out holds ${out.length} numbers; ${pixels} pixels need ${pixels * 3}`);
  }
  const [m0, m1, m2] = LINEAR_SRGB_TO_XYZ65;
  const table = SRGB8_LINEAR_TABLE;
  for (let pixel = 0, i = 0, o = 0; pixel < pixels; pixel++, i += channels, o += 3) {
    const r = table[rgb[i] ?? 0] ?? 0;
    const g = table[rgb[i + 1] ?? 0] ?? 0;
    const b = table[rgb[i + 2] ?? 0] ?? 0;
    const fx = labF((m0[0] * r + m0[1] * g + m0[2] * b) / D65.x);
    const fy = labF((m1[0] * r + m1[1] * g + m1[2] * b) / D65.y);
    const fz = labF((m2[0] * r + m2[1] * g + m2[2] * b) / D65.z);
    out[o] = 116 * fy - 16;
    out[o + 1] = 500 * (fx - fy);
    out[o + 2] = 200 * (fy - fz);
  }
  return pixels;
}
