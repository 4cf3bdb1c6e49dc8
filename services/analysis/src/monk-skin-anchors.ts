import { DEFAULT_MONK_TEMPERATURE, deltaE2000, lchToLab, typicalSkinHue, type Lab, type MonkLevel } from '@shine/color';

/**
 * What skin of each Monk level measures as in a photo, CIELAB (D65) after this pipeline's
 * adaptation and exposure correction: the region median of lit skin, L* and chroma C*ab, at the
 * neutral skin hue for its depth (typicalSkinHue).
 *
 * The Monk swatches themselves are display colours, not skin measurements: MST 1-4 have L* 88-94
 * and almost no redness, lighter than any lit cheek in a photo (light skin measures L* 68-78 and
 * a* 8-15, as colorimeters find: Chardon's "very light" is L* > ~65). Matching photo skin to the
 * swatches directly calls every light face MST 5-7 (what the `stone` peer does). So the anchors
 * keep the swatches' order and spacing where it holds (MST 6-10: photo L* ≈ swatch L* + 0-9) and
 * bring the light end down to where light skin measures, keeping a step of 2.5-6.5 L* between
 * levels; chroma rises to MST 6 and falls again, as the swatches' does (and as melanin's masking
 * of haemoglobin does).
 */
const ANCHORS: readonly { level: MonkLevel; l: number; c: number }[] = [
  { level: 1, l: 81, c: 14 },
  { level: 2, l: 78, c: 15 },
  { level: 3, l: 75, c: 17 },
  { level: 4, l: 71, c: 19 },
  { level: 5, l: 64.5, c: 22 },
  { level: 6, l: 55, c: 25 },
  { level: 7, l: 45.5, c: 24 },
  { level: 8, l: 37, c: 20 },
  { level: 9, l: 30, c: 15 },
  { level: 10, l: 24, c: 10 },
];

export const MONK_SKIN_ANCHORS: readonly { readonly level: MonkLevel; readonly lab: Lab }[] = ANCHORS.map(({ level, l, c }) => ({
  level,
  lab: lchToLab({ l, c, h: typicalSkinHue(l) }),
}));

// Chroma and hue count half as much as lightness: at one depth, skin varies in undertone (and in
// what the light leaves in it) far more than the Monk scale does.
const WEIGHTS = { kL: 1, kC: 2, kH: 2 } as const;

export interface MonkReading {
  /** The most probable level (the nearest anchor). */
  readonly level: MonkLevel;
  /** P(level) for MST 1..10 (index 0 is MST 1), summing to 1. */
  readonly probabilities: number[];
}

/**
 * The Monk level of measured skin: P(level) ∝ exp(−ΔE00(lab, anchor) / 2), the same softmax as
 * @shine/color's monkProbabilities, over the skin anchors instead of the display swatches.
 */
export function monkOfSkin(lab: Lab): MonkReading {
  const distances = MONK_SKIN_ANCHORS.map((anchor) => deltaE2000(anchor.lab, lab, WEIGHTS));
  const nearest = Math.min(...distances);
  const weights = distances.map((distance) => Math.exp(-(distance - nearest) / DEFAULT_MONK_TEMPERATURE));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const probabilities = weights.map((weight) => weight / total);
  const level = (distances.indexOf(nearest) + 1) as MonkLevel;
  return { level, probabilities };
}
