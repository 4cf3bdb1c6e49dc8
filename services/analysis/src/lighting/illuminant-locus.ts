import { daylightLocusXy, planckianLocusXy, xyToCct, type Xy } from '@shine/color';

// Scene lights a photo of a face is plausibly taken under: candle-warm bulbs (~2500 K) to open
// shade under a blue sky (~10000 K). Estimates outside are clamped into it.
export const MIN_ILLUMINANT_CCT = 2500;
export const MAX_ILLUMINANT_CCT = 10000;

// Below 4000 K lights are incandescent or LEDs imitating them (black-body chromaticity); above
// 5000 K daylight. In between the curve blends, so it has no step where the two loci part.
const BLACK_BODY_UNTIL = 4000;
const DAYLIGHT_FROM = 5000;

/** Chromaticity of a typical light of colour temperature `cct`, clamped to the plausible range. */
export function illuminantXy(cct: number): Xy {
  const t = Math.min(MAX_ILLUMINANT_CCT, Math.max(MIN_ILLUMINANT_CCT, cct));
  if (t <= BLACK_BODY_UNTIL) return planckianLocusXy(t);
  if (t >= DAYLIGHT_FROM) return daylightLocusXy(t);
  const w = (t - BLACK_BODY_UNTIL) / (DAYLIGHT_FROM - BLACK_BODY_UNTIL);
  const warm = planckianLocusXy(t);
  const day = daylightLocusXy(t);
  return { x: warm.x + w * (day.x - warm.x), y: warm.y + w * (day.y - warm.y) };
}

export interface LocusOffset {
  /** McCamy's correlated colour temperature, not clamped. */
  readonly cct: number;
  /**
   * CIE 1960 uv distance from the illuminant curve at that CCT: positive above it (greenish),
   * negative below (pinkish). Lights stay within about ±0.006; coloured surfaces go far beyond.
   */
  readonly duv: number;
}

/** How far a chromaticity is from being a plausible light. */
export function locusOffset(xy: Xy): LocusOffset {
  const cct = xyToCct(xy);
  const [u, v] = uv(xy);
  const [lu, lv] = uv(illuminantXy(cct));
  const distance = Math.hypot(u - lu, v - lv);
  return { cct, duv: v >= lv ? distance : -distance };
}

/** CIE 1960 UCS coordinates of a chromaticity. */
function uv({ x, y }: Xy): [number, number] {
  const d = -2 * x + 12 * y + 3;
  return [(4 * x) / d, (6 * y) / d];
}

/** Mired (10⁶ / K): colour temperature on a scale where equal steps look about equally large. */
export function mired(cct: number): number {
  return 1e6 / cct;
}
