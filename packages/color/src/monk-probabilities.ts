import type { Lab } from './color-types.ts';
import { deltaE2000 } from './delta-e2000.ts';
import { MONK_REFERENCES } from './monk-references.ts';

// Softmax temperature in ΔE00 units. A level 2 ΔE00 (about two just-noticeable differences,
// the spread between skin regions of one face) farther than the nearest weighs e⁻¹ as much.
// Adjacent swatches sit 2–19 ΔE00 apart, so a colour on a swatch keeps most of the mass
// (0.69 at MST 1 and 2, which are only 1.95 apart; over 0.9 from MST 5 to 10).
export const DEFAULT_MONK_TEMPERATURE = 2;

/**
 * P(level) ∝ exp(−ΔE00(lab, swatch) / temperature) for MST 1..10: index 0 is MST 1.
 * The ten numbers sum to 1; the most probable level is the nearest swatch.
 */
export function monkProbabilities(lab: Lab, temperature = DEFAULT_MONK_TEMPERATURE): number[] {
  if (!(temperature > 0)) throw new RangeError(`temperature must be positive, got ${temperature}`);
  const distances = MONK_REFERENCES.map((reference) => deltaE2000(reference.lab, lab));
  const nearest = Math.min(...distances);
  const weights = distances.map((distance) => Math.exp(-(distance - nearest) / temperature));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => weight / total);
}
