import type { Lab } from './color-types.ts';
import { labToLch } from './lab-to-lch.ts';
import { typicalSkinHue } from './typical-skin-hue.ts';

/** The undertones, in the order shine.type.v1.Undertone numbers them (UNDERTONE_WARM = 1 …). */
export const UNDERTONES = ['warm', 'neutral', 'cool'] as const;
export type Undertone = (typeof UNDERTONES)[number];

// Degrees of hue above (yellower: warm) or below (redder, pinker: cool) the neutral hue for the
// depth before the undertone leaves "neutral". ±5° splits the 40°–70° skin band about in thirds.
export const UNDERTONE_HUE_MARGIN = 5;
// Below this chroma C*ab the hue angle of a skin measurement is mostly noise: call it neutral.
export const UNDERTONE_MIN_CHROMA = 4;

export interface UndertoneReading {
  readonly undertone: Undertone;
  /** h_ab − typicalSkinHue(L*), in degrees: positive is yellower, negative redder. */
  readonly hueOffset: number;
}

/**
 * Warm / neutral / cool from CIELAB (D65). b* ÷ a* = tan h_ab, so comparing the hue angle to the
 * neutral hue for the depth is the same as comparing b* ÷ a* to its typical ratio there.
 */
export function undertoneOf(lab: Lab): UndertoneReading {
  const { l, c, h } = labToLch(lab);
  const hueOffset = wrapDegrees(h - typicalSkinHue(l));
  if (c < UNDERTONE_MIN_CHROMA) return { undertone: 'neutral', hueOffset };
  if (hueOffset > UNDERTONE_HUE_MARGIN) return { undertone: 'warm', hueOffset };
  if (hueOffset < -UNDERTONE_HUE_MARGIN) return { undertone: 'cool', hueOffset };
  return { undertone: 'neutral', hueOffset };
}

/** An angle difference in degrees brought into −180..180. */
function wrapDegrees(degrees: number): number {
  return ((((degrees + 180) % 360) + 360) % 360) - 180;
}
