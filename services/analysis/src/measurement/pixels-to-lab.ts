import { CIE_EPSILON, CIE_KAPPA, D65, SRGB8_LINEAR_TABLE, type Matrix3 } from '@shine/color';
import type { RgbImage } from '../intake/rgb-image.ts';

/** A channel at or above this 8-bit level may be clipped, so its true value is not known. */
export const CLIPPED_LEVEL = 250;

export interface PixelsLab {
  /** L*, a*, b* (D65) per kept pixel, interleaved. */
  readonly lab: Float32Array;
  /** Pixels kept. */
  readonly count: number;
  /** Pixels left out because green or blue was clipped (red alone is rebuilt). */
  readonly clipped: number;
}

/**
 * CIELAB (D65) of the listed pixels (row-major indices) of an 8-bit sRGB image, each taken through
 * `linearToXyz65`: linear sRGB → XYZ already adapted to D65 (and exposure-corrected), so the
 * adaptation costs nothing per pixel. The same arithmetic as @shine/color's srgb8ToLab65Batch
 * plus the gather, the matrix and the rebuilt red: skin clips in red first, so a pixel whose red
 * alone is clipped gets red = green × `redToGreen` (the face's own ratio, see judgeExposure).
 */
export function pixelsToLab(image: RgbImage, pixels: Uint32Array, linearToXyz65: Matrix3, redToGreen: number): PixelsLab {
  const { rgb } = image;
  const table = SRGB8_LINEAR_TABLE;
  const [m0, m1, m2] = linearToXyz65;
  const lab = new Float32Array(pixels.length * 3);
  let count = 0;
  for (const pixel of pixels) {
    const i = pixel * 3;
    const g8 = rgb[i + 1]!;
    const b8 = rgb[i + 2]!;
    if (g8 >= CLIPPED_LEVEL || b8 >= CLIPPED_LEVEL) continue;
    const r = rebuiltRed(rgb[i]!, g8, redToGreen);
    const g = table[g8]!;
    const b = table[b8]!;
    const fx = labF((m0[0] * r + m0[1] * g + m0[2] * b) / D65.x);
    const fy = labF((m1[0] * r + m1[1] * g + m1[2] * b) / D65.y);
    const fz = labF((m2[0] * r + m2[1] * g + m2[2] * b) / D65.z);
    const o = count++ * 3;
    lab[o] = 116 * fy - 16;
    lab[o + 1] = 500 * (fx - fy);
    lab[o + 2] = 200 * (fy - fz);
  }
  return { lab: lab.subarray(0, count * 3), count, clipped: pixels.length - count };
}

/** Linear red of a pixel; a clipped red (green unclipped) is rebuilt as green × redToGreen, never below clipping. */
export function rebuiltRed(r8: number, g8: number, redToGreen: number): number {
  const red = SRGB8_LINEAR_TABLE[r8]!;
  return r8 < CLIPPED_LEVEL ? red : Math.max(red, SRGB8_LINEAR_TABLE[g8]! * redToGreen);
}

/** The CIELAB companding function f(t) (CIE 15:2004 eq. 8.4), with the exact CIE constants. */
function labF(t: number): number {
  return t > CIE_EPSILON ? Math.cbrt(t) : (CIE_KAPPA * t + 16) / 116;
}
