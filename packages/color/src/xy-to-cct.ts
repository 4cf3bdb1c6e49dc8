import type { Xy } from './color-types.ts';

/**
 * Correlated colour temperature in kelvin from chromaticity by McCamy (1992), "Correlated color
 * temperature as an explicit function of chromaticity coordinates", Color Res. Appl. 17(2):142.
 * Near the Planckian locus it is within ~25 K from 2000 to 8000 K; the error grows above that
 * (about −125 K at 10000 K, −450 K at 12500 K).
 */
export function xyToCct({ x, y }: Xy): number {
  const n = (x - 0.332) / (0.1858 - y);
  return 449 * n ** 3 + 3525 * n ** 2 + 6823.3 * n + 5520.33;
}
