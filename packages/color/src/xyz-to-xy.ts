import type { Xy, Xyz } from './color-types.ts';
import { D65_XY } from './white-points.ts';

/** Chromaticity of a tristimulus value; black has none, so it gets D65's by convention. */
export function xyzToXy({ x, y, z }: Xyz): Xy {
  const sum = x + y + z;
  if (sum === 0) return D65_XY;
  return { x: x / sum, y: y / sum };
}
