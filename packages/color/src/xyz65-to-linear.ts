import type { Rgb, Xyz } from './color-types.ts';
import { applyMatrix3ToXyz, type Matrix3 } from './matrix3.ts';

// XYZ (D65) → linear sRGB, CSS Color 4 §18 "XYZ_to_lin_sRGB" (inverse of LINEAR_SRGB_TO_XYZ65).
export const XYZ65_TO_LINEAR_SRGB: Matrix3 = [
  [3.2409699419045226, -1.5373831775700939, -0.4986107602930034],
  [-0.9692436362808796, 1.8759675015077204, 0.0415550574071756],
  [0.0556300796969936, -0.2039769588889765, 1.0569715142428784],
];

export function xyz65ToLinear(xyz: Xyz): Rgb {
  const { x: r, y: g, z: b } = applyMatrix3ToXyz(XYZ65_TO_LINEAR_SRGB, xyz);
  return { r, g, b };
}
