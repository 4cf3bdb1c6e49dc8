import type { Xyz } from './color-types.ts';
import { CONE_RESPONSE_MATRICES, type ChromaticAdaptationMethod } from './cone-response-matrices.ts';
import { applyMatrix3, diagonalMatrix3, invertMatrix3, multiplyMatrix3, type Matrix3 } from './matrix3.ts';

/**
 * The linear von Kries-type transform M⁻¹ · diag(ρ_d/ρ_s) · M taking XYZ seen under
 * `sourceWhite` to the corresponding colour under `targetWhite` (Lindbloom, "Chromatic Adaptation").
 */
export function chromaticAdaptationMatrix(
  sourceWhite: Xyz,
  targetWhite: Xyz,
  method: ChromaticAdaptationMethod = 'bradford',
): Matrix3 {
  const cone = CONE_RESPONSE_MATRICES[method];
  const [sr, sg, sb] = applyMatrix3(cone, [sourceWhite.x, sourceWhite.y, sourceWhite.z]);
  const [tr, tg, tb] = applyMatrix3(cone, [targetWhite.x, targetWhite.y, targetWhite.z]);
  const scale = diagonalMatrix3([tr / sr, tg / sg, tb / sb]);
  return multiplyMatrix3(invertMatrix3(cone), multiplyMatrix3(scale, cone));
}
