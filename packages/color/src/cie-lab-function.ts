// CIE 15:2004 §8.2.1 in the exact rational form (Lindbloom, "A continuity study of the CIE
// L* function"): ε = (6/29)³ and κ = (29/3)³, so the two branches of f meet without a step.
export const CIE_EPSILON = 216 / 24389;
export const CIE_KAPPA = 24389 / 27;

/** CIELAB's compression f(t) of a white-relative tristimulus value. */
export function labF(t: number): number {
  return t > CIE_EPSILON ? Math.cbrt(t) : (CIE_KAPPA * t + 16) / 116;
}

/** Inverse of labF. */
export function labFInverse(f: number): number {
  const cube = f * f * f;
  return cube > CIE_EPSILON ? cube : (116 * f - 16) / CIE_KAPPA;
}
