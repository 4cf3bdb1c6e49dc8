import type { Lab } from './color-types.ts';

/**
 * Individual Typology Angle, ITA° = atan2(L* − 50, b*) · 180/π (Chardon, Cretois & Hourseau
 * 1991, Int. J. Cosmet. Sci. 13:191). atan2 keeps the angle defined when b* ≤ 0.
 */
export function individualTypologyAngle({ l, b }: Lab): number {
  return (Math.atan2(l - 50, b) * 180) / Math.PI;
}
