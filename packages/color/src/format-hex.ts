import type { Rgb } from './color-types.ts';
import { srgbToSrgb8 } from './srgb-to-srgb8.ts';

/** sRGB 0–1 → `#rrggbb`, lower case, rounded and clamped to 8 bits. */
export function formatHex(rgb: Rgb): string {
  const { r, g, b } = srgbToSrgb8(rgb);
  return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, '0')}`;
}
