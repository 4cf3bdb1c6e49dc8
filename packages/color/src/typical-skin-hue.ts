// Skin hue angles h_ab span roughly 40°–70°; the middle of that band is the neutral hue at
// mid depth. Deeper skin reads yellower at the same undertone, because melanin masks the red
// of haemoglobin (lowering a* more than b*), so the neutral hue rises as L* falls.
export const NEUTRAL_SKIN_HUE_AT_L50 = 55;
export const NEUTRAL_SKIN_HUE_PER_L = -0.1;

/** The hue angle (degrees) of a neutral undertone at lightness `l` (CIELAB L*). */
export function typicalSkinHue(l: number): number {
  return NEUTRAL_SKIN_HUE_AT_L50 + NEUTRAL_SKIN_HUE_PER_L * (l - 50);
}
