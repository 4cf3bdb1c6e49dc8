import { deltaE2000, labToLch, type Lab } from '@shine/color';

// CIEDE2000 bands a person can read: below 1 nobody sees a difference, below 2 only side by side,
// below 3.5 it is still a wearable match.
const CLOSENESS: readonly (readonly [number, string])[] = [
  [1, 'practically identical'],
  [2, 'very close'],
  [3.5, 'close'],
];

interface Difference {
  /** Size in ΔE00-like units (the lightness, chroma or hue term of CIEDE2000). */
  size: number;
  word: string;
}

/**
 * How a shade compares with skin in plain words: "very close", "close: slightly lighter, warmer",
 * "noticeably different: much darker, more muted". At most the two largest differences are named,
 * lightness (L*), warmth (hue: towards golden is warmer, towards pink cooler) and saturation (chroma).
 */
export function shadeVerdict(skin: Lab, shade: Lab): string {
  const deltaE = deltaE2000(skin, shade);
  const closeness = CLOSENESS.find(([limit]) => deltaE < limit)?.[1] ?? 'noticeably different';
  if (deltaE < 1) return closeness;
  const differences = describeDifferences(skin, shade)
    .filter((difference) => difference.size >= 1)
    .sort((left, right) => right.size - left.size)
    .slice(0, 2)
    .map((difference) => `${degree(difference.size)}${difference.word}`);
  return differences.length > 0 ? `${closeness}: ${differences.join(', ')}` : closeness;
}

function describeDifferences(skin: Lab, shade: Lab): Difference[] {
  const skinLch = labToLch(skin);
  const shadeLch = labToLch(shade);
  const meanL = (skin.l + shade.l) / 2;
  const meanC = (skinLch.c + shadeLch.c) / 2;
  // The weights CIEDE2000 gives each term (S_L, S_C, and S_H without its hue-dependent factor T).
  const weightL = 1 + (0.015 * (meanL - 50) ** 2) / Math.sqrt(20 + (meanL - 50) ** 2);
  const weightC = 1 + 0.045 * meanC;
  const weightH = 1 + 0.015 * meanC;
  const hueTurn = wrapDegrees(shadeLch.h - skinLch.h);
  const hueDifference = 2 * Math.sqrt(skinLch.c * shadeLch.c) * Math.sin((hueTurn * Math.PI) / 360);
  const deltaL = shade.l - skin.l;
  const deltaC = shadeLch.c - skinLch.c;
  return [
    { size: Math.abs(deltaL) / weightL, word: deltaL > 0 ? 'lighter' : 'darker' },
    // Skin hues sit between red (0°) and yellow (90°): turning towards yellow reads warmer, golden.
    { size: Math.abs(hueDifference) / weightH, word: hueDifference > 0 ? 'warmer' : 'cooler' },
    { size: Math.abs(deltaC) / weightC, word: deltaC > 0 ? 'more saturated' : 'more muted' },
  ];
}

function degree(size: number): string {
  if (size < 2.5) return 'slightly ';
  if (size < 5) return '';
  return 'much ';
}

function wrapDegrees(degrees: number): number {
  return ((((degrees + 180) % 360) + 360) % 360) - 180;
}
