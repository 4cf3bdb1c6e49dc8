import { lab65ToXyz65, type Lab } from '@shine/color';

/**
 * WCAG 2 contrast ratio between two colours, 1 to 21: (Y_lighter + 0.05) / (Y_darker + 0.05) with
 * Y the relative luminance, which is CIE Y of sRGB with a D65 white of Y = 1.
 */
export function contrastRatio(first: Lab, second: Lab): number {
  const y1 = Math.min(1, Math.max(0, lab65ToXyz65(first).y));
  const y2 = Math.min(1, Math.max(0, lab65ToXyz65(second).y));
  return (Math.max(y1, y2) + 0.05) / (Math.min(y1, y2) + 0.05);
}
