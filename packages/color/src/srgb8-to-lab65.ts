import type { Lab, Rgb8 } from './color-types.ts';
import { srgb8ToSrgb } from './srgb8-to-srgb.ts';
import { srgbToLab65 } from './srgb-to-lab65.ts';

export const srgb8ToLab65 = (rgb: Rgb8): Lab => srgbToLab65(srgb8ToSrgb(rgb));
