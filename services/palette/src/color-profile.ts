import { labToLch } from '@shine/color';
import type { PaletteColor } from './palette-data.ts';
import { clamp } from './skin-profile.ts';

/**
 * Where a garment colour sits on the seasonal axes: value from L*, chroma from C*ab, temperature from
 * the data file (a consultant's call: hue angle alone confuses, say, a blue-red with an orange-red).
 */
export function colorProfile(color: PaletteColor): { value: number; temperature: number; chroma: number } {
  const { l, c } = labToLch(color.lab);
  return {
    value: clamp((l - 55) / 25),
    temperature: color.temperature === 'warm' ? 1 : color.temperature === 'cool' ? -1 : 0,
    chroma: clamp((c - 35) / 25),
  };
}
