import { labToLch, typicalSkinChroma, typicalSkinOfMonk, undertoneOf, type Lab, type MonkLevel, type Undertone } from '@shine/color';

/**
 * A person's colouring on the three axes of seasonal colour analysis, each from −1 to 1:
 * value (deep → light), temperature (cool → warm) and chroma (soft → bright).
 */
export interface SkinProfile {
  readonly lab: Lab;
  readonly monk: number;
  readonly undertone: Undertone;
  readonly value: number;
  readonly temperature: number;
  readonly chroma: number;
}

/** How far from the chroma typical of its lightness a skin's C*ab must be to count as clearly brighter or softer. */
const CHROMA_SPREAD = 10;
/** How far a skin hue offset (degrees from the neutral hue for its depth) moves temperature. */
const HUE_OFFSET_FOR_FULL_WARMTH = 15;

/**
 * Value follows the Monk level, the scale built for depth; temperature the undertone (nudged by the
 * measured hue when there is one); chroma the measured skin chroma against the chroma typical of
 * its lightness, medium when none was measured.
 */
export function describeSkin(input: { monk: number; undertone: Undertone | undefined; skinLab: Lab | undefined }): SkinProfile {
  if (!Number.isInteger(input.monk) || input.monk < 1 || input.monk > 10) throw new RangeError(`monk must be 1 to 10, got ${input.monk}`);
  // Without a measurement, skin as a face of that level measures (the Monk skin scale), not the display swatch.
  const lab = input.skinLab ?? typicalSkinOfMonk(input.monk as MonkLevel);
  const measured = input.skinLab ? undertoneOf(input.skinLab) : undefined;
  const undertone = input.undertone ?? measured?.undertone ?? 'neutral';
  const base = undertone === 'warm' ? 1 : undertone === 'cool' ? -1 : 0;
  const nudge = measured ? clamp(measured.hueOffset / HUE_OFFSET_FOR_FULL_WARMTH) * 0.3 : 0;
  return {
    lab,
    monk: input.monk,
    undertone,
    value: (5.5 - input.monk) / 4.5,
    temperature: clamp(base * 0.8 + nudge),
    // Against what skin of that lightness measures (the Monk skin scale's chroma line), not one
    // figure for all: a fixed 20 read most faces as bright, typical deep ones most of all.
    chroma: input.skinLab ? clamp((labToLch(input.skinLab).c - typicalSkinChroma(input.skinLab.l)) / CHROMA_SPREAD) : 0,
  };
}

export function clamp(value: number, low = -1, high = 1): number {
  return Math.min(high, Math.max(low, value));
}
