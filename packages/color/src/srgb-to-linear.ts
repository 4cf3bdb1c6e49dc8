import type { Rgb } from './color-types.ts';

/**
 * The sRGB transfer function inverse (IEC 61966-2-1): companded 0–1 → linear light.
 * Sign-symmetric beyond [0, 1], as CSS Color 4 extends it.
 */
export function srgbChannelToLinear(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude <= 0.04045) return value / 12.92;
  return Math.sign(value) * ((magnitude + 0.055) / 1.055) ** 2.4;
}

export function srgbToLinear({ r, g, b }: Rgb): Rgb {
  return { r: srgbChannelToLinear(r), g: srgbChannelToLinear(g), b: srgbChannelToLinear(b) };
}
