import type { ShadeDepth } from '../catalog-record.ts';

// Lower L* bounds of the depth bands, lightest first; below the last is "rich". Chosen so the bands
// split the L* range of foundation shades (about 20 to 94) the way brands name them.
const DEPTH_LOWER_L: readonly (readonly [ShadeDepth, number])[] = [
  ['fair', 85],
  ['light', 75],
  ['medium', 62],
  ['tan', 50],
  ['deep', 33],
];

/** The depth band of a skin-coloured shade from its CIELAB lightness. */
export function depthOfLightness(l: number): ShadeDepth {
  for (const [depth, lower] of DEPTH_LOWER_L) if (l >= lower) return depth;
  return 'rich';
}
