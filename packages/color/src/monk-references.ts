import type { Lab } from './color-types.ts';
import { parseHex } from './parse-hex.ts';
import { srgbToLab65 } from './srgb-to-lab65.ts';

export type MonkLevel = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

export interface MonkReference {
  readonly level: MonkLevel;
  readonly hex: string;
  /** CIELAB (D65) of the swatch, computed from `hex` by this package. */
  readonly lab: Lab;
}

// The Monk Skin Tone scale's ten sRGB swatches, MST 1 (lightest) to MST 10 (darkest), as
// published by Google with Dr. Ellis Monk (skintone.google, 2022).
const MONK_HEXES = [
  '#f6ede4', '#f3e7db', '#f7ead0', '#eadaba', '#d7bd96',
  '#a07e56', '#825c43', '#604134', '#3a312a', '#292420',
] as const;

export const MONK_REFERENCES: readonly MonkReference[] = MONK_HEXES.map((hex, index) => {
  const rgb = parseHex(hex);
  if (rgb === undefined) throw new Error(`Monk swatch ${hex} is not a hex colour`);
  return { level: (index + 1) as MonkLevel, hex, lab: srgbToLab65(rgb) };
});
