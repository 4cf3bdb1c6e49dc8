import { MONK_SKIN_SCALE, monkLevelsPerStop, monkOfSkin, type Lab, type MonkOfSkin, type MonkSkinScale } from '@shine/color';
import { QUALITY_THRESHOLDS, type QualitySignals } from './quality-warnings.ts';

// How uncertain (one σ, in Monk levels) each problem of a photo makes the measured position, at
// its worst; each grows smoothly from 0 where the signal is fine. They add as independent errors.
export const PROBLEM_SIGMA = {
  /** A face 40 px wide (none from 160 px): each region rests on a few JPEG blocks. */
  smallFace: 1,
  /** No detail left at all (none from sharpness 0.02). */
  blur: 0.8,
  /** A residual cast of 150 mired or more: the light still tints the skin. */
  cast: 0.6,
  /** A skin hue no skin has under white light. */
  implausibleHue: 1,
  /** A head turned or tilted 60° (none up to 15°): the regions are foreshortened and lit apart. */
  rotation: 1.5,
  /** Per 8 ΔE00 the regions stand apart beyond 4, without bound: regions 24 apart lie on hair or shadow. */
  regionSpread: 1,
  /** No skin left uncovered (none from 60% of the regions kept). */
  coveredSkin: 1,
  /** A detection score of 0 (none from 0.75): the landmarks may not sit on a face at all. */
  lowDetection: 2,
  /** Skin crushed to near-black or too dark to read: its darkest detail is lost, whatever the lift. */
  underexposed: 1.5,
} as const;

/** What a photo leaves uncertain about its measurement, apart from the Monk scale itself. */
export interface MeasurementUncertainty {
  /** How far (stops, one σ) the corrected exposure may be off; what it costs in levels depends on the skin and the scale. */
  readonly exposureStops: number;
  /** Every other problem's uncertainty, in Monk levels (root sum of squares). */
  readonly otherLevels: number;
  /** What confidence is besides the within-one probability: other faces, exposure shortfall. */
  readonly factor: number;
}

/**
 * The photo's uncertainties: the exposure's in stops (judgeExposure), and one term in levels per
 * problem above, each growing from 0 where its signal is fine.
 */
export function measurementUncertainty(signals: QualitySignals): MeasurementUncertainty {
  const [minHue, maxHue] = QUALITY_THRESHOLDS.skinHueRange;
  const turn = Math.max(Math.abs(signals.rotation.yaw), Math.abs(signals.rotation.pitch));
  const keptShare = signals.skinPixels / Math.max(1, signals.regionArea);
  const terms = [
    PROBLEM_SIGMA.smallFace * unit((160 - signals.faceWidth) / 120),
    PROBLEM_SIGMA.blur * unit(1 - signals.sharpness / 0.02),
    PROBLEM_SIGMA.cast * unit(signals.residualCastMired / 150),
    signals.skinHue < minHue || signals.skinHue > maxHue ? PROBLEM_SIGMA.implausibleHue : 0,
    PROBLEM_SIGMA.rotation * unit((turn - 15) / 45),
    PROBLEM_SIGMA.regionSpread * Math.max(0, (signals.regionAgreementDeltaE00 - 4) / 8),
    PROBLEM_SIGMA.coveredSkin * unit(Math.max(1 - keptShare / 0.6, 1 - signals.skinPixels / 1500)),
    signals.detectionScore === undefined ? 0 : PROBLEM_SIGMA.lowDetection * unit(1 - signals.detectionScore / QUALITY_THRESHOLDS.minDetectionScore),
    signals.exposure === 'UNDER' ? PROBLEM_SIGMA.underexposed : 0,
  ];
  return { exposureStops: signals.exposureUncertaintyStops, otherLevels: Math.hypot(...terms), factor: confidenceFactor(signals) };
}

/** The measurement's own uncertainty in Monk levels: the exposure's stops times the levels a stop moves this skin (most for light skin) on `scale`, and the rest. */
export function measurementSigma(lab: Lab, uncertainty: MeasurementUncertainty, scale: MonkSkinScale = MONK_SKIN_SCALE): number {
  return Math.hypot(uncertainty.exposureStops * monkLevelsPerStop(lab, scale), uncertainty.otherLevels);
}

// Another face in the photo: the largest, which is measured, may not be the person meant.
const ANOTHER_FACE_FACTOR = 0.9;

/**
 * The Monk reading of the measured skin on `scale` with its uncertainty, and the confidence it
 * earns: the chance that a person would judge the face within one level of the answer (the
 * probability of the three levels around it), a tenth less with another face in the photo, and
 * halved for each stop of lift a dark photo still lacked (its face reads that much deeper: a bias,
 * not noise).
 */
export function readMonkLevel(
  lab: Lab,
  uncertainty: MeasurementUncertainty,
  scale: MonkSkinScale = MONK_SKIN_SCALE,
): { reading: MonkOfSkin; sigma: number; confidence: number } {
  const sigma = measurementSigma(lab, uncertainty, scale);
  const reading = monkOfSkin(lab, { measurementSigma: sigma, scale });
  return { reading, sigma, confidence: reading.withinOne * uncertainty.factor };
}

/** What confidence is besides the within-one probability: the other faces and the exposure shortfall. */
export function confidenceFactor(signals: Pick<QualitySignals, 'otherFaces' | 'exposureShortfallStops'>): number {
  return (signals.otherFaces > 0 ? ANOTHER_FACE_FACTOR : 1) * 2 ** -signals.exposureShortfallStops;
}

/** `value` limited to [0, 1]. */
function unit(value: number): number {
  return Math.min(1, Math.max(0, value));
}
