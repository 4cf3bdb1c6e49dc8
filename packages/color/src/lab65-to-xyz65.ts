import { labFInverse } from './cie-lab-function.ts';
import type { Lab, Xyz } from './color-types.ts';
import { D65 } from './white-points.ts';

export function lab65ToXyz65({ l, a, b }: Lab): Xyz {
  const fy = (l + 16) / 116;
  return {
    x: labFInverse(fy + a / 500) * D65.x,
    y: labFInverse(fy) * D65.y,
    z: labFInverse(fy - b / 200) * D65.z,
  };
}
