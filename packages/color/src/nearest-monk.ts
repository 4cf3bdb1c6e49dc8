import type { Lab } from './color-types.ts';
import { deltaE2000 } from './delta-e2000.ts';
import { MONK_REFERENCES, type MonkLevel } from './monk-references.ts';

export interface MonkMatch {
  readonly level: MonkLevel;
  /** CIEDE2000 distance to that level's swatch. */
  readonly deltaE: number;
}

/** The Monk level whose swatch is nearest in CIEDE2000; ties go to the lighter level. */
export function nearestMonk(lab: Lab): MonkMatch {
  let best: MonkMatch = { level: 1, deltaE: Number.POSITIVE_INFINITY };
  for (const reference of MONK_REFERENCES) {
    const deltaE = deltaE2000(reference.lab, lab);
    if (deltaE < best.deltaE) best = { level: reference.level, deltaE };
  }
  return best;
}
