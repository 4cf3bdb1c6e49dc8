import type { Xy, Xyz } from './color-types.ts';

/** The XYZ of a chromaticity at luminance Y (1 by default, as for a reference white). */
export function xyToXyz({ x, y }: Xy, luminance = 1): Xyz {
  return { x: (x / y) * luminance, y: luminance, z: ((1 - x - y) / y) * luminance };
}
