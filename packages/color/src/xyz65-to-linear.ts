import type { Rgb, Xyz } from './color-types.ts';
import type { Matrix3 } from './matrix3.ts';

// XYZ (D65) → linear sRGB, CSS Color 4 §18 "XYZ_to_lin_sRGB" (inverse of LINEAR_SRGB_TO_XYZ65).
export const XYZ65_TO_LINEAR_SRGB: Matrix3 = [
  [3.2409699419045226, -1.5373831775700939, -0.4986107602930034],
  [-0.9692436362808796, 1.8759675015077204, 0.0415550574071756],
  [0.0556300796969936, -0.2039769588889765, 1.0569715142428784],
];

export function xyz65ToLinear({ x, y, z }: Xyz): Rgb {
  const [m0, m1, m2] = XYZ65_TO_LINEAR_SRGB;
  return {
    r: m0[0] * x + m0[1] * y + m0[2] * z,
    g: m1[0] * x + m1[1] * y + m1[2] * z,
    b: m2[0] * x + m2[1] * y + m2[2] * z,
  };
}
