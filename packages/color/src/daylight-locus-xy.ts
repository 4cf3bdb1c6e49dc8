import type { Xy } from './color-types.ts';

export const DAYLIGHT_LOCUS_MIN_CCT = 4000;
export const DAYLIGHT_LOCUS_MAX_CCT = 25000;

/**
 * Chromaticity of CIE daylight at `cct` kelvin (CIE 15:2004 §3.1, eqs. 3.3–3.4). D65 is the
 * point at 6504 K. Valid 4000–25000 K; throws RangeError outside.
 */
export function daylightLocusXy(cct: number): Xy {
  if (!(cct >= DAYLIGHT_LOCUS_MIN_CCT && cct <= DAYLIGHT_LOCUS_MAX_CCT)) {
    throw new RangeError(`CCT ${cct} K is outside the CIE daylight locus's 4000–25000 K`);
  }
  const t = 1e3 / cct;
  const x =
    cct <= 7000
      ? -4.607 * t ** 3 + 2.9678 * t ** 2 + 0.09911 * t + 0.244063
      : -2.0064 * t ** 3 + 1.9018 * t ** 2 + 0.24748 * t + 0.23704;
  return { x, y: -3 * x * x + 2.87 * x - 0.275 };
}
