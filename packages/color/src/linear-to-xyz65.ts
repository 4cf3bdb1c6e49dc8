import type { Rgb, Xyz } from './color-types.ts';
import { applyMatrix3ToXyz, type Matrix3 } from './matrix3.ts';

// Linear sRGB → XYZ (D65), CSS Color 4 §18 "lin_sRGB_to_XYZ": derived from the
// IEC 61966-2-1 primaries and the D65 chromaticity (0.3127, 0.3290), as culori uses.
export const LINEAR_SRGB_TO_XYZ65: Matrix3 = [
  [0.4123907992659593, 0.357584339383878, 0.1804807884018343],
  [0.2126390058715102, 0.715168678767756, 0.0721923153607337],
  [0.0193308187155918, 0.119194779794626, 0.9505321522496607],
];

export function linearToXyz65({ r, g, b }: Rgb): Xyz {
  return applyMatrix3ToXyz(LINEAR_SRGB_TO_XYZ65, { x: r, y: g, z: b });
}
