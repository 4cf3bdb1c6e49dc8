import { monkLevelsPerStop, normalCdf, scaleLuminance, type Lab, type MonkSkinScale } from '@shine/color';
import { nelderMead } from './nelder-mead.ts';

// The likelihood allows this share of faces to be gross misses (a shadowed or covered face, a
// label far from what the photo shows), equally likely at any level, so that a few of them
// cannot flatten the slope and widen σ for every other face (a robust fit, as with t-errors).
const OUTLIER_SHARE = 0.1;
// Two people judging the same face on the Monk scale agree within one level about 88% of the
// time (published MST rater studies), so one rater's label strays from the truth by about
// σ 0.68 levels (P(|N(0, σ√2)| ≤ 1.5) = 0.88): the scale's spread never goes below that.
export const RATER_SIGMA = 0.68;

// The weight of a photo's own uncertainty is drawn towards 1 (the uncertainties taken as they are
// designed) by a normal prior on its logarithm of this σ: fitted freely, one held-out source's
// fold (34 faces) set it at 0.18 and answered 71% of its variants within ±1 at confidence ≥ 0.8.
const WEIGHT_PRIOR_SIGMA = 0.5;

const UNIT_SLOPE: MonkSkinScale = { intercept: 0, perLuminance: 1, sigma: 0, measurementWeight: 0, missShare: 0, chromaIntercept: 0, chromaPerLightness: 0 };

/** A measured face and the level a person judged it. */
export interface LabelledSkin {
  readonly lab: Lab;
  readonly level: number;
  /** What its photo leaves uncertain: exposure in stops, the rest in levels (none when left out). */
  readonly uncertainty?: { readonly exposureStops: number; readonly otherLevels: number };
}

/**
 * Fits the Monk skin scale to labelled measurements by maximum likelihood (a posterior mode for the weight), as an ordered probit:
 * the judged level is the measured position (intercept + slope × luminance Y, see scaleLuminance)
 * give or take a normal σ, rounded, the ends open (analysis answers with these probabilities
 * renormalised to the scale's ends, which changes only very uncertain faces; fitted that way the
 * slope steepens and held out ±1 falls from 76% to 72%). σ is
 * the scale's own spread; a face whose photo has problems spreads wider, by its measurement σ
 * (root sum of squares: its exposure uncertainty costs levels at the candidate slope), so a poor
 * photo weighs less, and how much that counts is fitted with the rest (drawn towards 1 by a prior). Four numbers for the whole scale, so it
 * follows the tendency of many photos and cannot bend to single ones. Typical chroma by L* is a least-squares line.
 */
export function fitMonkSkinScale(samples: readonly LabelledSkin[]): MonkSkinScale {
  if (samples.length < 5) throw new Error(`too few labelled faces to fit the Monk scale (${samples.length})`);
  const luminances = samples.map((s) => scaleLuminance(s.lab.l));
  // The levels a stop moves each face on a scale of slope 1: times a candidate's slope, on that scale.
  const perStop = samples.map((s) => monkLevelsPerStop(s.lab, UNIT_SLOPE));
  const meanY = luminances.reduce((sum, y) => sum + y, 0) / samples.length;
  const spreadY = Math.sqrt(luminances.reduce((sum, y) => sum + (y - meanY) ** 2, 0) / samples.length) || 1;
  // Parameters on a standardised Y (position = a + b·(Y − mean)/spread) and log σ, so the simplex is well scaled.
  const negativeLogLikelihood = ([a, b, logSigma, logWeight]: readonly number[]) => {
    const scaleSigma = Math.hypot(RATER_SIGMA, Math.exp(logSigma!));
    const weight = Math.exp(logWeight!);
    let total = 0;
    for (const [index, { level, uncertainty }] of samples.entries()) {
      const position = a! + b! * ((luminances[index]! - meanY) / spreadY);
      const measurementSigma = uncertainty ? Math.hypot(uncertainty.exposureStops * Math.abs(b! / spreadY) * perStop[index]!, uncertainty.otherLevels) : 0;
      const sigma = Math.hypot(scaleSigma, weight * measurementSigma);
      const high = level >= 10 ? 1 : normalCdf((level + 0.5 - position) / sigma);
      const low = level <= 1 ? 0 : normalCdf((level - 0.5 - position) / sigma);
      total -= Math.log((1 - OUTLIER_SHARE) * (high - low) + OUTLIER_SHARE / 10);
    }
    return total + logWeight! ** 2 / (2 * WEIGHT_PRIOR_SIGMA ** 2);
  };
  const meanLevel = samples.reduce((sum, s) => sum + s.level, 0) / samples.length;
  const [a, b, logSigma, logWeight] = nelderMead(negativeLogLikelihood, [meanLevel, -1, 0, 0]) as [number, number, number, number];
  const chroma = leastSquaresLine(samples.map((s) => [s.lab.l, Math.hypot(s.lab.a, s.lab.b)]));
  return {
    intercept: a - (b * meanY) / spreadY,
    perLuminance: b / spreadY,
    sigma: Math.hypot(RATER_SIGMA, Math.exp(logSigma)),
    measurementWeight: Math.exp(logWeight),
    missShare: OUTLIER_SHARE,
    chromaIntercept: chroma.intercept,
    chromaPerLightness: chroma.slope,
  };
}

function leastSquaresLine(points: readonly (readonly [number, number])[]): { intercept: number; slope: number } {
  const n = points.length;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const sxy = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
  const sxx = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { intercept: my - slope * mx, slope };
}
