import { chromaticAdaptationMatrix, D65, D65_XY, LINEAR_SRGB_TO_XYZ65, multiplyMatrix3, xyToXyz, type Matrix3, type Xy } from '@shine/color';
import type { IlluminantEstimate } from './estimate-illuminant.ts';
import { illuminantXy, mired } from './illuminant-locus.ts';

// Below this confidence the estimate is not used at all: adapting on a guess does more harm
// (a selfie against an orange wall would turn the skin blue) than leaving the camera's balance.
// From there the adaptation strength rises linearly to full at FULL_ADAPTATION_CONFIDENCE: a
// scene with plenty of agreeing greys should be corrected all the way, not left a third warm.
export const MIN_ADAPTATION_CONFIDENCE = 0.2;
export const FULL_ADAPTATION_CONFIDENCE = 0.7;
const D65_MIRED = mired(6504);

export interface Adaptation {
  /** Linear sRGB → XYZ as seen under D65, with the exposure gain folded in. */
  readonly matrix: Matrix3;
  /** Whether any chromatic adaptation was applied. */
  readonly adapted: boolean;
  /** The light adapted from: the estimate moved toward D65 by its lack of confidence. */
  readonly appliedXy: Xy;
  /**
   * The cast believed left in: how far (mired) the estimated light is from the one adapted from,
   * times the estimate's confidence (a guess at a cast is not evidence of one).
   */
  readonly residualMired: number;
}

/**
 * The transform from a photo's pixels to colours under D65. The Bradford adaptation goes from a
 * light part-way between D65 and the estimate, in mired (where equal steps look alike):
 * m = m(D65) + s · (m(estimate) − m(D65)), with strength s = (confidence − 0.2) / 0.5 within
 * 0-1: an estimate of confidence 0.7 or more is adapted fully, a doubtful one partly, and one
 * under 0.2 not at all. The source white's luminance 1 / gain applies the
 * exposure gain in the same step, as a von Kries adaptation to the photo's white level would.
 */
export function adaptToD65(estimate: IlluminantEstimate, gain: number): Adaptation {
  const strength = Math.min(1, Math.max(0, (estimate.confidence - MIN_ADAPTATION_CONFIDENCE) / (FULL_ADAPTATION_CONFIDENCE - MIN_ADAPTATION_CONFIDENCE)));
  const estimatedMired = estimate.cct > 0 ? mired(estimate.cct) : D65_MIRED;
  const appliedMired = D65_MIRED + strength * (estimatedMired - D65_MIRED);
  // Without adaptation the source is D65 itself, so the transform is exactly sRGB's, not the daylight curve's 6504 K.
  const appliedXy = strength > 0 ? illuminantXy(1e6 / appliedMired) : D65_XY;
  const sourceWhite = xyToXyz(appliedXy, 1 / gain);
  return {
    matrix: multiplyMatrix3(chromaticAdaptationMatrix(sourceWhite, D65, 'bradford'), LINEAR_SRGB_TO_XYZ65),
    adapted: strength > 0,
    appliedXy,
    residualMired: estimate.confidence * Math.abs(estimatedMired - appliedMired),
  };
}

