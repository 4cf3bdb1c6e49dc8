import { labF } from './cie-lab-function.ts';
import type { Lab, Xyz } from './color-types.ts';
import { D65 } from './white-points.ts';

export function xyz65ToLab65({ x, y, z }: Xyz): Lab {
  const fx = labF(x / D65.x);
  const fy = labF(y / D65.y);
  const fz = labF(z / D65.z);
  return { l: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz) };
}
