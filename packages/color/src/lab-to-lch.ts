import type { Lab, Lch } from './color-types.ts';

/** Chroma C*ab = √(a² + b²) and hue h_ab = atan2(b, a) in degrees, 0 ≤ h < 360. */
export function labToLch({ l, a, b }: Lab): Lch {
  const degrees = (Math.atan2(b, a) * 180) / Math.PI;
  return { l, c: Math.hypot(a, b), h: degrees < 0 ? degrees + 360 : degrees };
}
