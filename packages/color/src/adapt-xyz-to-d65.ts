import { chromaticAdaptationMatrix } from './chromatic-adaptation-matrix.ts';
import type { Xyz } from './color-types.ts';
import type { ChromaticAdaptationMethod } from './cone-response-matrices.ts';
import { applyMatrix3ToXyz } from './matrix3.ts';
import { D65 } from './white-points.ts';

/**
 * XYZ measured under `sourceWhite` → the colour it would have under D65. For many pixels,
 * build chromaticAdaptationMatrix once and apply it instead.
 */
export function adaptXyzToD65(
  xyz: Xyz,
  sourceWhite: Xyz,
  method: ChromaticAdaptationMethod = 'bradford',
): Xyz {
  return applyMatrix3ToXyz(chromaticAdaptationMatrix(sourceWhite, D65, method), xyz);
}
