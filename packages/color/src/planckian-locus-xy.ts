import type { Xy } from './color-types.ts';

export const PLANCKIAN_LOCUS_MIN_CCT = 1667;
export const PLANCKIAN_LOCUS_MAX_CCT = 25000;

/**
 * Chromaticity of a black body at `cct` kelvin by the cubic-spline approximation of Kim et al.
 * (2002), "Design of advanced color temperature control system for HDTV applications",
 * J. Korean Phys. Soc. 41(6):865. Valid 1667–25000 K; throws RangeError outside.
 */
export function planckianLocusXy(cct: number): Xy {
  if (!(cct >= PLANCKIAN_LOCUS_MIN_CCT && cct <= PLANCKIAN_LOCUS_MAX_CCT)) {
    throw new RangeError(`CCT ${cct} K is outside the Planckian approximation's 1667–25000 K`);
  }
  const t = 1e3 / cct;
  const x =
    cct <= 4000
      ? -0.2661239 * t ** 3 - 0.2343589 * t ** 2 + 0.8776956 * t + 0.17991
      : -3.0258469 * t ** 3 + 2.1070379 * t ** 2 + 0.2226347 * t + 0.24039;
  let y: number;
  if (cct <= 2222) y = -1.1063814 * x ** 3 - 1.3481102 * x ** 2 + 2.18555832 * x - 0.20219683;
  else if (cct <= 4000) y = -0.9549476 * x ** 3 - 1.37418593 * x ** 2 + 2.09137015 * x - 0.16748867;
  else y = 3.081758 * x ** 3 - 5.8733867 * x ** 2 + 3.75112997 * x - 0.37001483;
  return { x, y };
}
