import type { Lab, Rgb } from './color-types.ts';
import { linearToXyz65 } from './linear-to-xyz65.ts';
import { srgbToLinear } from './srgb-to-linear.ts';
import { xyz65ToLab65 } from './xyz65-to-lab65.ts';

export const srgbToLab65 = (rgb: Rgb): Lab => xyz65ToLab65(linearToXyz65(srgbToLinear(rgb)));
