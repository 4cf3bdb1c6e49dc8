/**
 * The L* window that holds every colour within CIEDE2000 `radius` of a colour of lightness `l`.
 *
 * CIEDE2000² = (ΔL/S_L)² + (ΔC'/S_C)² + (ΔH'/S_H)² + R_T·(ΔC'/S_C)·(ΔH'/S_H), and |R_T| ≤ 2·sin 60° < 2
 * (Δθ ≤ 30°, R_C ≤ 2), so the chroma-hue part is never negative and ΔE00 ≥ |ΔL|/S_L. S_L grows with
 * the distance of the mean lightness from 50 and is at most 1.75, so first |ΔL| ≤ 1.75·radius, which
 * bounds the mean lightness, which bounds S_L more tightly for the final window.
 */
export function lightnessWindow(l: number, radius: number): { low: number; high: number } {
  const meanReach = (radius * S_L_MAX) / 2;
  const farthestMean = Math.max(Math.abs(clamp(l - meanReach) - 50), Math.abs(clamp(l + meanReach) - 50));
  const reach = radius * lightnessWeight(farthestMean) + 1e-9;
  return { low: l - reach, high: l + reach };
}

/** S_L of CIEDE2000 at a mean lightness `offset` away from 50. */
function lightnessWeight(offset: number): number {
  const square = offset * offset;
  return 1 + (0.015 * square) / Math.sqrt(20 + square);
}

const S_L_MAX = lightnessWeight(50);

function clamp(l: number): number {
  return Math.min(100, Math.max(0, l));
}
