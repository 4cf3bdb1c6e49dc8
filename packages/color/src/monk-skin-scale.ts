import type { Lab } from './color-types.ts';
import { FITTED_MONK_SKIN_SCALE } from './gen/monk-skin-scale-fit.ts';
import { lightnessOfLuminance, luminanceOfLightness } from './lightness-luminance.ts';
import { lchToLab } from './lch-to-lab.ts';
import type { MonkLevel } from './monk-references.ts';
import { normalCdf } from './normal-cdf.ts';
import { typicalSkinHue } from './typical-skin-hue.ts';

/**
 * Where skin of a measured colour sits on the Monk scale: a continuous position (1 = MST 1 …
 * 10 = MST 10) that falls linearly as the skin's relative luminance Y rises, and how far labelled
 * levels spread about it. Linear in Y rather than in L*: photos keep light skin in the camera's
 * highlight shoulder, where L* barely moves from MST 1 to MST 3 (when this was chosen, held out on
 * the development set, linear in Y was within one level for 78% of faces, linear in L* for 67%).
 * Skin colour here is CIELAB (D65) of lit skin after the light is adapted to D65 and the
 * exposure corrected, as Shine's analysis measures it, or a foundation shade's colour.
 */
export interface MonkSkinScale {
  /** Position of skin of (scale) luminance 0. */
  readonly intercept: number;
  /** Change of position per unit of relative luminance Y, white = 1 (negative: lighter skin, lower level). */
  readonly perLuminance: number;
  /** Standard deviation, in levels, of the level a person would judge about the position, for a well-measured face. */
  readonly sigma: number;
  /** How much a photo's own measurement σ counts beside it (fitted with it, so confidence is calibrated). */
  readonly measurementWeight: number;
  /** Share of faces whose judged level has nothing to do with the measurement (a gross miss), any level alike. */
  readonly missShare: number;
  /** Typical chroma C*ab of skin at L* 0 and its change per unit of L*. */
  readonly chromaIntercept: number;
  readonly chromaPerLightness: number;
}

/**
 * The one definition of "Monk level of skin" that analysis, palette and catalog share, fitted on
 * labelled photos across the scale (see services/analysis/README.md for how, and how well).
 */
export const MONK_SKIN_SCALE: MonkSkinScale = FITTED_MONK_SKIN_SCALE;

export interface MonkOfSkin {
  /** The level nearest the position. */
  readonly level: MonkLevel;
  /** The continuous position on the scale, 1-10 (may pass either end). */
  readonly position: number;
  /** P(level) for MST 1..10 (index 0 is MST 1), summing to 1. */
  readonly probabilities: number[];
  /** P(the level a person would judge is within one of `level`). */
  readonly withinOne: number;
}

export interface MonkOfSkinOptions {
  /** Uncertainty of the measurement itself, in levels, added to the scale's own spread (root sum of squares). */
  readonly measurementSigma?: number;
  readonly scale?: MonkSkinScale;
}

// Below this L* (about the deepest tenth of the labelled faces) the scale goes on at the rate per
// L* it has there instead of flattening toward Y = 0: no MST 10 face was there to fit, and linear
// in Y all the way down would leave MST 10 to skin darker than the MST 10 swatch itself (L* 15).
const DEEP_CONTINUATION_LIGHTNESS = 40;
const DEEP_Y = luminanceOfLightness(DEEP_CONTINUATION_LIGHTNESS);
const DEEP_Y_PER_LIGHTNESS = (3 * ((DEEP_CONTINUATION_LIGHTNESS + 16) / 116) ** 2) / 116;

/** The luminance the scale is linear in: Y itself down to L* 40, then continued linearly in L*. */
export function scaleLuminance(l: number): number {
  return l >= DEEP_CONTINUATION_LIGHTNESS ? luminanceOfLightness(l) : DEEP_Y + DEEP_Y_PER_LIGHTNESS * (l - DEEP_CONTINUATION_LIGHTNESS);
}

/** The inverse of scaleLuminance. */
function lightnessOfScaleLuminance(y: number): number {
  return y >= DEEP_Y ? lightnessOfLuminance(y) : DEEP_CONTINUATION_LIGHTNESS + (y - DEEP_Y) / DEEP_Y_PER_LIGHTNESS;
}

/** The continuous Monk position of skin measuring `lab`. */
export function monkPosition(lab: Lab, scale: MonkSkinScale = MONK_SKIN_SCALE): number {
  return scale.intercept + scale.perLuminance * scaleLuminance(lab.l);
}

/**
 * P(level) for MST 1..10 (index 0 is MST 1) of a face measured at `position` with spread `sigma`:
 * the level a person judges is the face's true place on the scale, which lies within MST 1-10,
 * and the measurement strays from it by a normal spread. So the chance of each level is the mass
 * of that normal between its half levels, renormalised to the scale's ends (a measurement past
 * MST 10 is most likely MST 10, and a very uncertain one says little of any level), mixed with
 * the scale's share of gross misses spread evenly.
 */
export function monkLevelProbabilities(position: number, sigma: number, missShare: number): number[] {
  const below = (cut: number) => normalCdf((cut - position) / sigma);
  const low = below(0.5);
  const inside = below(10.5) - low;
  return Array.from({ length: 10 }, (_, index) => {
    // Far outside the scale the normal's mass inside it underflows: all of it goes to the nearer end.
    const near = inside > 1e-12 ? (below(index + 1.5) - below(index + 0.5)) / inside : index === (position > 5.5 ? 9 : 0) ? 1 : 0;
    return (1 - missShare) * near + missShare / 10;
  });
}

/**
 * The Monk level of skin measuring `lab`, with P(level) for every level (monkLevelProbabilities,
 * with σ = √(scale σ² + (weight × measurement σ)²)) and the chance of the three levels around it.
 */
export function monkOfSkin(lab: Lab, options: MonkOfSkinOptions = {}): MonkOfSkin {
  const scale = options.scale ?? MONK_SKIN_SCALE;
  const position = monkPosition(lab, scale);
  const sigma = Math.hypot(scale.sigma, scale.measurementWeight * (options.measurementSigma ?? 0));
  const probabilities = monkLevelProbabilities(position, sigma, scale.missShare);
  // The nearest level to the position, which for a face inside the scale is also the most probable.
  const level = Math.min(10, Math.max(1, Math.round(position))) as MonkLevel;
  const withinOne = probabilities.slice(Math.max(0, level - 2), level + 1).reduce((sum, p) => sum + p, 0);
  return { level, position, probabilities, withinOne };
}

/**
 * How many Monk levels the position of skin measuring `lab` moves per stop of exposure (a
 * doubling of its luminance), around its own L*: what an exposure uncertainty costs in levels.
 */
export function monkLevelsPerStop(lab: Lab, scale: MonkSkinScale = MONK_SKIN_SCALE): number {
  const y = luminanceOfLightness(lab.l);
  const at = (factor: number) => monkPosition({ ...lab, l: lightnessOfLuminance(y * factor) }, scale);
  return Math.abs(at(Math.SQRT2) - at(Math.SQRT1_2));
}

/** The L* at which skin sits exactly on `level` of the scale. */
export function skinLightnessOfMonk(level: number, scale: MonkSkinScale = MONK_SKIN_SCALE): number {
  return lightnessOfScaleLuminance((level - scale.intercept) / scale.perLuminance);
}

/** A typical skin colour of a Monk level as measured: its L*, the typical chroma there, the neutral skin hue. */
export function typicalSkinOfMonk(level: MonkLevel, scale: MonkSkinScale = MONK_SKIN_SCALE): Lab {
  const l = skinLightnessOfMonk(level, scale);
  return lchToLab({ l, c: typicalSkinChroma(l, scale), h: typicalSkinHue(l) });
}

/** The chroma C*ab skin of this lightness typically measures (deeper skin measures a little more saturated). */
export function typicalSkinChroma(l: number, scale: MonkSkinScale = MONK_SKIN_SCALE): number {
  return scale.chromaIntercept + scale.chromaPerLightness * l;
}
