import type { Rgb } from './color-types.ts';

/** The sRGB transfer function (IEC 61966-2-1): linear light → companded 0–1, sign-symmetric. */
export function linearChannelToSrgb(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude <= 0.0031308) return value * 12.92;
  return Math.sign(value) * (1.055 * magnitude ** (1 / 2.4) - 0.055);
}

export function linearToSrgb({ r, g, b }: Rgb): Rgb {
  return { r: linearChannelToSrgb(r), g: linearChannelToSrgb(g), b: linearChannelToSrgb(b) };
}
