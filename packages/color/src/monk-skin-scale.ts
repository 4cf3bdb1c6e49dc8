import type { Lab } from './color-types.ts';
import { FITTED_MONK_SKIN_SCALE } from './gen/monk-skin-scale-fit.ts';
import { lchToLab } from './lch-to-lab.ts';
import type { MonkLevel } from './monk-references.ts';
import { normalCdf } from './normal-cdf.ts';
import { typicalSkinHue } from './typical-skin-hue.ts';

/**
 * Where skin of a measured colour sits on the Monk scale: a continuous position (1 = MST 1 …
 * 10 = MST 10) that falls linearly as L* rises, and how far labelled levels spread about it.
 * Skin colour here is CIELAB (D65) of lit skin after the light is adapted to D65 and the
 * exposure corrected, as Shine's analysis measures it, or a foundation shade's colour.
 */
export interface MonkSkinScale {
  /** Position of skin at L* 0. */
  readonly intercept: number;
  /** Change of position per unit of L* (negative: lighter skin, lower level). */
  readonly perLightness: number;
  /** Standard deviation, in levels, of the level a person would judge about the position, for a well-measured face. */
  readonly sigma: number;
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

/** The continuous Monk position of skin measuring `lab`. */
export function monkPosition(lab: Lab, scale: MonkSkinScale = MONK_SKIN_SCALE): number {
  return scale.intercept + scale.perLightness * lab.l;
}

/**
 * The Monk level of skin measuring `lab`, with P(level) for every level: the position blurred by
 * a normal spread of σ = √(scale σ² + measurement σ²) and cut at the half levels, the ends open.
 */
export function monkOfSkin(lab: Lab, options: MonkOfSkinOptions = {}): MonkOfSkin {
  const scale = options.scale ?? MONK_SKIN_SCALE;
  const position = monkPosition(lab, scale);
  const sigma = Math.hypot(scale.sigma, options.measurementSigma ?? 0);
  const below = (cut: number) => normalCdf((cut - position) / sigma);
  const probabilities = Array.from({ length: 10 }, (_, index) => {
    const level = index + 1;
    return (level === 10 ? 1 : below(level + 0.5)) - (level === 1 ? 0 : below(level - 0.5));
  });
  // The nearest level to the position (the distribution's median), not the largest probability:
  // with the ends open, a wide spread would pile probability onto MST 1 and 10 and call them.
  const level = Math.min(10, Math.max(1, Math.round(position))) as MonkLevel;
  const withinOne = probabilities.slice(Math.max(0, level - 2), level + 1).reduce((sum, p) => sum + p, 0);
  return { level, position, probabilities, withinOne };
}

/** The L* at which skin sits exactly on `level` of the scale. */
export function skinLightnessOfMonk(level: number, scale: MonkSkinScale = MONK_SKIN_SCALE): number {
  return (level - scale.intercept) / scale.perLightness;
}

/** A typical skin colour of a Monk level as measured: its L*, the typical chroma there, the neutral skin hue. */
export function typicalSkinOfMonk(level: MonkLevel, scale: MonkSkinScale = MONK_SKIN_SCALE): Lab {
  const l = skinLightnessOfMonk(level, scale);
  return lchToLab({ l, c: scale.chromaIntercept + scale.chromaPerLightness * l, h: typicalSkinHue(l) });
}
