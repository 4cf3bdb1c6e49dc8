import type { Xyz } from './color-types.ts';
import { daylightLocusXy } from './daylight-locus-xy.ts';
import { planckianLocusXy } from './planckian-locus-xy.ts';
import { xyToXyz } from './xy-to-xyz.ts';

/** Black body (tungsten, most LEDs: 1667–25000 K) or CIE daylight (4000–25000 K). */
export type WhiteLocus = 'planckian' | 'daylight';

/**
 * White XYZ (Y = 1) of a correlated colour temperature on the chosen locus. The caller picks the
 * locus: the two differ by ~0.005 in y, so switching between them at some CCT would put a step in it.
 */
export function whiteXyzOfCct(cct: number, locus: WhiteLocus): Xyz {
  return xyToXyz(locus === 'daylight' ? daylightLocusXy(cct) : planckianLocusXy(cct));
}
