import type { Lab, Rgb } from './color-types.ts';
import { lab65ToXyz65 } from './lab65-to-xyz65.ts';
import { linearToSrgb } from './linear-to-srgb.ts';
import { xyz65ToLinear } from './xyz65-to-linear.ts';

/** Unclamped: colours outside the sRGB gamut come back with channels outside 0–1. */
export const lab65ToSrgb = (lab: Lab): Rgb => linearToSrgb(xyz65ToLinear(lab65ToXyz65(lab)));
