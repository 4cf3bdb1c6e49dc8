import type { Rgb, Rgb8 } from './color-types.ts';

/** Rounds to the nearest 8-bit level, clamping out-of-gamut channels into 0–255. */
export function srgbToSrgb8({ r, g, b }: Rgb): Rgb8 {
  return { r: toByte(r), g: toByte(g), b: toByte(b) };
}

function toByte(value: number): number {
  return Math.min(255, Math.max(0, Math.round(value * 255)));
}
