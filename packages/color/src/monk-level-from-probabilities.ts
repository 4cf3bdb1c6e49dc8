import type { MonkLevel } from './monk-references.ts';

/** The most probable level (1–10) of ten Monk probabilities; ties go to the lighter level. */
export function monkLevelFromProbabilities(probabilities: readonly number[]): MonkLevel {
  if (probabilities.length !== 10) {
    throw new RangeError(`expected 10 Monk probabilities, got ${probabilities.length}`);
  }
  let best = 0;
  probabilities.forEach((p, index) => {
    if (p > (probabilities[best] ?? 0)) best = index;
  });
  return (best + 1) as MonkLevel;
}
