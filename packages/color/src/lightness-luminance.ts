import { labF, labFInverse } from './cie-lab-function.ts';

/** Relative luminance Y (white = 1) of a CIELAB lightness L*. */
export function luminanceOfLightness(l: number): number {
  return labFInverse((l + 16) / 116);
}

/** CIELAB lightness L* of a relative luminance Y (white = 1). */
export function lightnessOfLuminance(y: number): number {
  return 116 * labF(y) - 16;
}
