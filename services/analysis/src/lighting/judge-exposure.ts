import { LINEAR_SRGB_TO_XYZ65, medianInPlace, SRGB8_LINEAR_TABLE } from '@shine/color';
import { CLIPPED_LEVEL, rebuiltRed } from '../measurement/pixels-to-lab.ts';
import { LinearHistogram } from './linear-histogram.ts';
import type { RgbImage } from '../intake/rgb-image.ts';

export type Exposure = 'UNDER' | 'GOOD' | 'OVER';

// Over: more than a tenth of the skin has a clipped channel, so even its 90th percentile is lost.
export const OVER_CLIPPED_FRACTION = 0.1;
// Under: more than a tenth of the skin is crushed to near-black (every channel ≤ 15 of 255), or
// even its bright tenth is darker than L* 15.5 (luminance 0.02). The deepest skin photographed
// well measures L* 20-30 with its bright tenth above that, so it is not called under-exposed.
export const CRUSHED_LEVEL = 15;
export const UNDER_CRUSHED_FRACTION = 0.1;
export const UNDER_BRIGHT_SKIN = 0.02;
// The photo's white level is brought to this linear luminance: bright surfaces just below clipping.
export const TARGET_WHITE = 0.9;
// The exposure gain never goes beyond two stops either way.
export const MIN_GAIN = 0.25;
export const MAX_GAIN = 4;
// Linear red ÷ green of skin when none of it is unclipped to learn from (typical light-medium skin).
const DEFAULT_RED_TO_GREEN = 1.8;
// The ratio is learnt from unclipped skin with red at least this bright, when 20 pixels have it.
const BRIGHT_RED_LEVEL = 200;
const MIN_RATIO_PIXELS = 20;
// No skin reflects more than about half the light a white surface does (the lightest measure
// Y ≈ 0.45 by colorimeter), so lit skin whose 90th-percentile luminance passes 0.7 (L* 87) on a
// white of 1 is brighter than skin can be: a dim photo is not lifted beyond it, and brighter skin
// is brought back down to it. Lighter and lighter skin thus levels off there instead of running
// past MST 1 (within the 1-2 L* the extrapolation past clipping can wander).
export const MAX_BRIGHT_SKIN_LUMINANCE = 0.7;

/** What the photo offered to judge its exposure by: no near-neutral surface, a dim one (lifted from), a bright one, or only clipped white. */
export type WhiteReference = 'NONE' | 'DIM' | 'BRIGHT' | 'CLIPPED';

// The photo's white is "dim" below this: lifting from it assumes it is white, and it may be grey
// (a pale wall, a grey backdrop), which lifts the face by as much too far.
export const DIM_WHITE = 0.6;
// A white at or above this may be clipped: the photo could be over-exposed by any amount.
export const CLIPPED_WHITE = 0.97;
// How far (stops, one σ) the exposure correction may be off: with a bright white in the photo;
// with none to judge by; per stop of lift taken from the photo's white (dim or bright); when only clipped white is seen;
// and when the skin itself clips.
export const EXPOSURE_SIGMA = { bright: 0.2, none: 0.5, perLiftStop: 0.4, clipped: 0.35, over: 0.5 } as const;

export interface ExposureReading {
  readonly exposure: Exposure;
  /**
   * Linear gain that measures the face as if the photo were exposed right: up to lift a photo
   * whose white level is dim, down when the skin is brighter than skin can be. 1 for a
   * well-exposed photo.
   */
  readonly gain: number;
  /** Linear red ÷ green of the brightest unclipped skin (median), to rebuild red where only red clipped. */
  readonly redToGreen: number;
  /** Share of skin pixels with a channel at 250 or more. */
  readonly clippedFraction: number;
  /** Share of skin pixels with every channel at 15 or less. */
  readonly crushedFraction: number;
  /** Stops of lift the photo still lacked after the ×4 (0 when none): how much deeper than it is the face reads. */
  readonly shortfallStops: number;
  readonly whiteReference: WhiteReference;
  /** How far (stops, one σ) the corrected exposure may be from the true one, either way (the shortfall is a known bias, apart). */
  readonly uncertaintyStops: number;
}

/**
 * Judges the exposure of a face from its skin pixels (row-major indices) and the photo's white
 * level (estimateIlluminant's `whiteLuminance`; NaN when unknown), and works out the gain:
 *  - the white level is lifted to 0.9 (never lowered: a clipped white tells nothing), at most ×4,
 *    but never so far that lit skin would be brighter than skin can be (90th-percentile luminance
 *    0.7);
 *  - skin beyond that bound is brought back to it: red, which skin clips first, is rebuilt from
 *    green, and beyond green clipping the percentile is extrapolated.
 * A photo that needed more than the ×4 lift is under-exposed: its face still reads too deep.
 * A photo one stop over still measures lighter than it should when its skin stays under the
 * bound (mid and deep skin): nothing in the photo tells how far over it is then.
 * The skin's own brightness only ever lowers the gain (skin brighter than skin can be); what
 * lifts a face comes from the scene. How much the scene can be trusted to say about its exposure
 * is `uncertaintyStops`: small with a bright near-neutral white, larger with none, with only
 * clipped white, or with a dim one lifted from (a grey wall taken for white lifts too far).
 */
export function judgeExposure(image: RgbImage, skin: Uint32Array, whiteLuminance: number): ExposureReading {
  const { rgb } = image;
  const table = SRGB8_LINEAR_TABLE;
  const n = skin.length;
  if (n === 0) {
    return { exposure: 'GOOD', gain: 1, redToGreen: DEFAULT_RED_TO_GREEN, clippedFraction: 0, crushedFraction: 0, shortfallStops: 0, whiteReference: 'NONE', uncertaintyStops: EXPOSURE_SIGMA.none };
  }

  let clipped = 0;
  let crushed = 0;
  // Red ÷ green of the brightest unclipped skin (red 200–249) stands for the clipped pixels: a
  // camera's tone curve flattens the ratio toward the highlights, so darker skin would overstate it.
  const ratios = new Float32Array(n);
  const brightRatios = new Float32Array(n);
  let unclipped = 0;
  let bright = 0;
  for (const pixel of skin) {
    const i = pixel * 3;
    const brightest = Math.max(rgb[i]!, rgb[i + 1]!, rgb[i + 2]!);
    if (brightest >= CLIPPED_LEVEL) clipped++;
    else if (rgb[i + 1]! > CRUSHED_LEVEL) {
      const ratio = table[rgb[i]!]! / table[rgb[i + 1]!]!;
      ratios[unclipped++] = ratio;
      if (rgb[i]! >= BRIGHT_RED_LEVEL) brightRatios[bright++] = ratio;
    }
    if (brightest <= CRUSHED_LEVEL) crushed++;
  }
  const redToGreen =
    bright >= MIN_RATIO_PIXELS
      ? medianInPlace(brightRatios.subarray(0, bright))
      : unclipped > 0
        ? medianInPlace(ratios.subarray(0, unclipped))
        : DEFAULT_RED_TO_GREEN;

  const clippedFraction = clipped / n;
  const brightSkin = brightSkinLuminance(image, skin, redToGreen);
  const wantedLift = Number.isFinite(whiteLuminance) && whiteLuminance > 0 ? TARGET_WHITE / whiteLuminance : 1;
  const sceneGain = clamp(wantedLift, 1, MAX_GAIN);
  // Lift a dim photo, but not past what skin can be; bring brighter skin back down to it.
  const gain = clamp(Math.min(sceneGain, MAX_BRIGHT_SKIN_LUMINANCE / brightSkin), MIN_GAIN, MAX_GAIN);
  // More than two stops dark, with skin not bright enough to say otherwise: the lift fell short,
  // so the face still measures deeper than it is.
  const liftFellShort = wantedLift > MAX_GAIN && gain >= MAX_GAIN;

  const crushedFraction = crushed / n;
  let exposure: Exposure = 'GOOD';
  if (clippedFraction > OVER_CLIPPED_FRACTION) exposure = 'OVER';
  else if (crushedFraction > UNDER_CRUSHED_FRACTION || brightSkin < UNDER_BRIGHT_SKIN || liftFellShort) exposure = 'UNDER';
  const shortfallStops = liftFellShort ? Math.log2(wantedLift / gain) : 0;
  const whiteReference: WhiteReference = !(whiteLuminance > 0) ? 'NONE' : whiteLuminance >= CLIPPED_WHITE ? 'CLIPPED' : whiteLuminance < DIM_WHITE ? 'DIM' : 'BRIGHT';
  // Every stop of lift taken from the scene's white is a stop the photo may not have lacked (the
  // "white" may be a grey wall), dim white or bright: at 0.6 a photo is lifted 1.5× either way, so
  // the two must not differ there (they did: 0.44 stops below 0.6, 0.2 above it).
  const liftSigma = EXPOSURE_SIGMA.bright + EXPOSURE_SIGMA.perLiftStop * Math.log2(Math.max(1, Math.min(gain, wantedLift)));
  const referenceSigma = {
    NONE: EXPOSURE_SIGMA.none,
    DIM: liftSigma,
    BRIGHT: liftSigma,
    CLIPPED: EXPOSURE_SIGMA.clipped,
  }[whiteReference];
  const uncertaintyStops = Math.hypot(referenceSigma, exposure === 'OVER' ? EXPOSURE_SIGMA.over : 0);
  return { exposure, gain, redToGreen, clippedFraction, crushedFraction, shortfallStops, whiteReference, uncertaintyStops };
}

// Above its median, the luminance of lit skin spreads about like a log-normal of this σ (the
// test faces' 90th percentile is 1.2-1.4 × their median), which is what lets a clipped top be
// extrapolated from where clipping starts.
const UPPER_LOG_SPREAD = 0.2;
const Z90 = 1.2816;

/**
 * The 90th percentile of the skin's luminance Y (linear, white = 1), red rebuilt where it alone
 * clipped. When more than a tenth of the skin has green or blue clipped too, its luminance is
 * unknown above some percentile p; the 90th is extrapolated from the value there.
 */
function brightSkinLuminance(image: RgbImage, skin: Uint32Array, redToGreen: number): number {
  const { rgb } = image;
  const table = SRGB8_LINEAR_TABLE;
  const [, m1] = LINEAR_SRGB_TO_XYZ65;
  // Linear 0–4 in steps of 1/1024: a rebuilt red can pass 1.
  const histogram = new LinearHistogram(4, 4096);
  let unknown = 0;
  for (const pixel of skin) {
    const i = pixel * 3;
    const g8 = rgb[i + 1]!;
    const b8 = rgb[i + 2]!;
    if (g8 >= CLIPPED_LEVEL || b8 >= CLIPPED_LEVEL) unknown++;
    else histogram.add(m1[0] * rebuiltRed(rgb[i]!, g8, redToGreen) + m1[1] * table[g8]! + m1[2] * table[b8]!);
  }
  const knownShare = 1 - unknown / skin.length;
  if (knownShare >= 0.9) return Math.max(histogram.percentile(0.9 / knownShare), 1e-4);
  // Where clipping starts, no lower than the 5th percentile (all but clipped skin is still bright).
  const p = Math.max(0.05, knownShare - 0.01);
  const clippingStarts = knownShare > 0 ? histogram.percentile(Math.min(1, p / knownShare)) : 1;
  return clippingStarts * Math.exp(UPPER_LOG_SPREAD * (Z90 - probit(p)));
}

/** The standard normal quantile of p (Abramowitz & Stegun 26.2.23, error < 4.5e-4). */
function probit(p: number): number {
  if (p > 0.5) return -probit(1 - p);
  const t = Math.sqrt(-2 * Math.log(p));
  return -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
