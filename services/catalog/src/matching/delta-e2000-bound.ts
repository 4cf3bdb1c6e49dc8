/**
 * Cheap lower bounds of CIEDE2000, to skip shades that cannot rank before paying for the full formula
 * (about 0.7 µs with its trigonometry, against a few nanoseconds here).
 *
 * CIEDE2000² = (ΔL/S_L)² + Q, with Q = (ΔC'/S_C)² + (ΔH'/S_H)² + R_T·(ΔC'/S_C)·(ΔH'/S_H) (Sharma et al.
 * 2005). Since |R_T·y·z| ≤ |R_T|·(y² + z²)/2 and |R_T| ≤ 2·sin 60° < 2, Q ≥ 0: that gives the
 * lightness bound. When both colours have b* ≥ 0 (hue 0°-180°, as skin and foundation do) the mean
 * hue is at least 95° from the 275° where R_T lives, so |R_T| < 1.2e-6; then, because S_H ≤ S_C
 * (T ≤ 1.93, so 0.015·T < 0.045), ΔC'² + ΔH'² = Δa'² + Δb'² ≥ Δa² + Δb² (a' = (1 + G)·a with the
 * same G for both colours) and S_C = 1 + 0.045·C̄' ≤ 1 + 0.045·1.5·C̄ (G ≤ 0.5), Q is at least
 * (1 − 1e-6)·(Δa² + Δb²) / (1 + 0.0675·C̄)².
 */

/** ΔE00 is at least |ΔL| / S_L. */
export function lightnessBound(l1: number, l2: number): number {
  const offset = (l1 + l2) / 2 - 50;
  const square = offset * offset;
  return Math.abs(l1 - l2) / (1 + (0.015 * square) / Math.sqrt(20 + square));
}

/** A lower bound of ΔE00 between (l1, a1, b1) of chroma c1 and (l2, a2, b2) of chroma c2. */
export function deltaE2000LowerBound(l1: number, a1: number, b1: number, c1: number, l2: number, a2: number, b2: number, c2: number): number {
  const lightness = lightnessBound(l1, l2);
  if (b1 < 0 || b2 < 0) return lightness;
  const da = a1 - a2;
  const db = b1 - b2;
  const chromaWeight = 1 + 0.0675 * ((c1 + c2) / 2);
  return Math.sqrt(lightness * lightness + ((1 - 1e-6) * (da * da + db * db)) / (chromaWeight * chromaWeight));
}
