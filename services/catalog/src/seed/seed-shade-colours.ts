import { formatHex, lab65ToSrgb, lchToLab, parseHex, skinLightnessOfMonk, srgbToLab65, typicalSkinHue, type Lab, type Undertone } from '@shine/color';
import type { SeededRandom } from '@shine/platform/seeded-random';
import type { ColourFamily } from './seed-products.ts';

// Skin-coloured shades run evenly in L* from where MST 1 skin measures to where MST 10 skin does,
// on @shine/color's Monk skin scale (the one definition the analysis answers by), so a range has
// steps as fine at the deep end as at the light one and a shade labelled MST 7 is the colour an
// MST 7 face measures as. C*ab by L* peaks at mid depths, as skin's does.
const LIGHTEST = skinLightnessOfMonk(0.6);
const DEEPEST = skinLightnessOfMonk(10.4);
const CHROMA_AT_LIGHTNESS: readonly (readonly [number, number])[] = [
  [93, 10], [88, 13], [82, 17], [75, 21], [67, 25], [58, 27], [49, 25], [39, 20], [29, 13], [18, 7],
];

// Degrees of hue away from the neutral skin hue for each undertone; wider than @shine/color's ±5°
// "neutral" margin so the label a brand gives agrees with the colour.
const UNDERTONE_HUE_OFFSET: Record<Undertone, number> = { warm: 10, neutral: 0, cool: -10 };

/** How one product range leans: the same for all its shades, different between ranges. */
export interface RangeLook {
  hueBias: number;
  chromaScale: number;
  /** Added to L* (concealers sit a little lighter than foundations). */
  lightnessShift: number;
}

export function randomRangeLook(random: SeededRandom, lightnessShift = 0): RangeLook {
  return { hueBias: random.between(-3, 7), chromaScale: random.between(0.85, 1.25), lightnessShift };
}

export interface GeneratedColour {
  hex: string;
  /** CIELAB of `hex` itself, so the two stored values agree. */
  lab: Lab;
}

/** A skin-coloured shade at `position` along the Monk scale, leaning to `undertone`. */
export function skinShadeColour(position: number, undertone: Undertone, look: RangeLook, random: SeededRandom): GeneratedColour {
  const lightness = lerp(LIGHTEST, DEEPEST, position) + look.lightnessShift;
  const chroma = chromaAt(lightness) * look.chromaScale * random.between(0.92, 1.08);
  // Warm shades run from peachy to golden-yellow, the widest spread of the three in real ranges.
  const golden = undertone === 'warm' ? random.between(0, 14) : 0;
  const hue = typicalSkinHue(lightness) + UNDERTONE_HUE_OFFSET[undertone] + golden + look.hueBias + random.between(-1, 1);
  return fromLab(lchToLab({ l: Math.min(97, lightness + random.between(-0.4, 0.4)), c: chroma, h: hue }));
}

/** A colour near a family's centre. */
export function familyColour(family: ColourFamily, random: SeededRandom): GeneratedColour {
  return fromLab({
    l: family.lab.l + random.between(-5, 5),
    a: family.lab.a + random.between(-4, 4),
    b: family.lab.b + random.between(-4, 4),
  });
}

/** Warm (orange, golden) or cool (blue, pink) for a colour that is not skin: by its hue angle. */
export function undertoneOfHue(lab: Lab): Undertone {
  const hue = (Math.atan2(lab.b, lab.a) * 180) / Math.PI;
  if (hue < 15) return 'cool';
  if (hue > 35) return 'warm';
  return 'neutral';
}

function fromLab(lab: Lab): GeneratedColour {
  const hex = formatHex(lab65ToSrgb(lab));
  const rgb = parseHex(hex);
  if (!rgb) throw new Error(`formatHex gave ${hex}`);
  const exact = srgbToLab65(rgb);
  return { hex, lab: { l: round(exact.l), a: round(exact.a), b: round(exact.b) } };
}

/** Typical skin chroma at `lightness`, interpolated in CHROMA_AT_LIGHTNESS (held at its ends). */
function chromaAt(lightness: number): number {
  const upper = CHROMA_AT_LIGHTNESS.findLastIndex(([l]) => l >= lightness);
  if (upper < 0) return CHROMA_AT_LIGHTNESS[0]![1];
  if (upper === CHROMA_AT_LIGHTNESS.length - 1) return CHROMA_AT_LIGHTNESS[upper]![1];
  const [l0, c0] = CHROMA_AT_LIGHTNESS[upper]!;
  const [l1, c1] = CHROMA_AT_LIGHTNESS[upper + 1]!;
  return lerp(c0, c1, (l0 - lightness) / (l0 - l1));
}

function lerp(from: number, to: number, fraction: number): number {
  return from + (to - from) * fraction;
}

/** Four decimals: far below what anyone can see, and stable through a text round-trip. */
function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
