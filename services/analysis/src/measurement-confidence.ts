import { QUALITY_THRESHOLDS, type QualitySignals } from './quality-warnings.ts';

/**
 * Overall confidence 0–1 in a skin measurement: the product of one factor per quality signal,
 * each 1 when the signal is fine and falling smoothly (never to 0 alone) as it gets worse:
 *  - face width: (w − 40) / 120, from 0.2 to 1 (full from 160 px);
 *  - sharpness: s / 0.02, from 0.3 to 1 (the blur threshold 0.008 gives 0.4);
 *  - exposure: 0.6 when under- or over-exposed, halved again for each stop the correction could
 *    not make up (the face then reads that much deeper);
 *  - colour: 1 − 0.5 · min(1, residual cast / 150 mired), and × 0.6 when the skin's hue is implausible;
 *  - rotation: 1 − (max(|yaw|, |pitch|) − 15) / 45, from 0.4 to 1 (full up to 15°);
 *  - region spread (the second largest region ΔE00, so one odd region the median sets aside does
 *    not count): 1 − (ΔE00 − 4) / 16, from 0.4 to 1 (full up to 4);
 *  - skin pixels: the lesser of kept / 1500 and (kept / region area) / 0.6, from 0.3 to 1 (the
 *    percentile cut alone keeps 85% of clean skin, so a share under 0.6 means something covers it);
 *  - another face in the photo: 0.9 (the largest may not be the person meant);
 *  - detector score below 0.75: the score / 0.75.
 */
export function measurementConfidence(signals: QualitySignals): number {
  const [minHue, maxHue] = QUALITY_THRESHOLDS.skinHueRange;
  const factors = [
    ramp((signals.faceWidth - 40) / 120, 0.2),
    ramp(signals.sharpness / 0.02, 0.3),
    signals.exposure === 'GOOD' ? 1 : 0.6 * 2 ** -signals.exposureShortfallStops,
    1 - 0.5 * Math.min(1, signals.residualCastMired / 150),
    signals.skinHue < minHue || signals.skinHue > maxHue ? 0.6 : 1,
    ramp(1 - (Math.max(Math.abs(signals.rotation.yaw), Math.abs(signals.rotation.pitch)) - 15) / 45, 0.4),
    ramp(1 - (signals.regionSpreadDeltaE00 - 4) / 16, 0.4),
    ramp(Math.min(signals.skinPixels / 1500, signals.skinPixels / Math.max(1, signals.regionArea) / 0.6), 0.3),
    signals.otherFaces > 0 ? 0.9 : 1,
    signals.detectionScore === undefined ? 1 : ramp(signals.detectionScore / QUALITY_THRESHOLDS.minDetectionScore, 0),
  ];
  return factors.reduce((product, factor) => product * factor, 1);
}

/** `value` limited to [floor, 1]. */
function ramp(value: number, floor: number): number {
  return Math.min(1, Math.max(floor, value));
}
