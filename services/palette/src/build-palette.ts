import { deltaE2000, formatHex, lab65ToSrgb, type Lab, type Undertone } from '@shine/color';
import { colorProfile } from './color-profile.ts';
import { contrastRatio } from './contrast-ratio.ts';
import type { PaletteColor, PaletteData, Temperature } from './palette-data.ts';
import { classifySeason, SEASON_PROFILES, squaredDistance, type Season } from './seasons.ts';
import type { SkinProfile } from './skin-profile.ts';

export const PALETTE_CATEGORIES = ['clothing', 'makeup'] as const;
export type PaletteCategory = (typeof PALETTE_CATEGORIES)[number];
export type GroupKind = 'best' | 'neutrals' | 'avoid' | 'foundation' | 'concealer' | 'blush' | 'lipstick' | 'eyeshadow';

export interface PaletteSwatch {
  readonly name: string;
  readonly hex: string;
  readonly lab: Lab;
  readonly reason: string;
  readonly deltaE00ToSkin: number;
  readonly contrastToSkin: number;
}

export interface SwatchGroup {
  readonly category: PaletteCategory;
  readonly kind: GroupKind;
  readonly undertoneFamily?: Undertone;
  readonly swatches: readonly PaletteSwatch[];
}

export interface Palette {
  readonly season: Season;
  readonly seasonConfidence: number;
  readonly value: 'light' | 'medium' | 'deep';
  readonly chroma: 'soft' | 'medium' | 'bright';
  readonly undertone: Undertone;
  readonly groups: readonly SwatchGroup[];
}

/** How many swatches each group gets: the same for every skin tone, deep or light. */
export const GROUP_SIZES: Record<GroupKind, number> = {
  best: 12,
  neutrals: 6,
  avoid: 6,
  foundation: 3,
  concealer: 3,
  blush: 6,
  lipstick: 6,
  eyeshadow: 6,
};

/** Below this ΔE00 a garment colour blends into the face; above the upper one it fully stands apart. */
const BLENDS_IN_DELTA_E = 8;
const STANDS_APART_DELTA_E = 20;
/** WCAG contrast between garment and skin: below the first they merge in lightness, above the second the colour frames the face. */
const MERGES_CONTRAST = 1.3;
const FRAMES_CONTRAST = 3;
/** Width of a season's neighbourhood when scoring how well a colour belongs to it. */
const SEASON_AFFINITY_WIDTH = 0.5;

export function buildPalette(skin: SkinProfile, data: PaletteData, category: PaletteCategory | undefined): Palette {
  const seasons = classifySeason(skin);
  const top = seasons[0]!;
  const groups: SwatchGroup[] = [];
  if (category !== 'makeup') groups.push(...clothingGroups(skin, seasons, data.clothing));
  if (category !== 'clothing') groups.push(...makeupGroups(skin, data));
  return {
    season: top.season,
    seasonConfidence: top.probability,
    value: skin.value > 0.34 ? 'light' : skin.value < -0.34 ? 'deep' : 'medium',
    chroma: skin.chroma > 0.34 ? 'bright' : skin.chroma < -0.34 ? 'soft' : 'medium',
    undertone: skin.undertone,
    groups,
  };
}

interface Scored {
  readonly color: PaletteColor;
  readonly affinity: number;
  readonly score: number;
  readonly deltaE: number;
  readonly contrast: number;
}

function clothingGroups(
  skin: SkinProfile,
  seasons: ReturnType<typeof classifySeason>,
  colors: readonly PaletteColor[],
): SwatchGroup[] {
  const scored = colors.map((color): Scored => {
    const profile = colorProfile(color);
    // How well the colour belongs to the seasons the person may be, weighted by how likely each is.
    const affinity = seasons.reduce((sum, { season, probability }) => {
      const seasonProfile = SEASON_PROFILES.find((candidate) => candidate.season === season)!;
      return sum + probability * Math.exp(-squaredDistance(profile, seasonProfile) / (2 * SEASON_AFFINITY_WIDTH ** 2));
    }, 0);
    const deltaE = deltaE2000(skin.lab, color.lab);
    const contrast = contrastRatio(skin.lab, color.lab);
    // Season fit decides most; a colour that also stands out against this skin (in colour and in
    // lightness) frames the face instead of merging with it.
    const separation = smoothstep(BLENDS_IN_DELTA_E, STANDS_APART_DELTA_E, deltaE);
    const lift = smoothstep(MERGES_CONTRAST, FRAMES_CONTRAST, contrast);
    return { color, affinity, score: affinity * (0.4 + 0.3 * separation + 0.3 * lift), deltaE, contrast };
  });
  const byScore = (a: Scored, b: Scored) => b.score - a.score;
  const accents = scored.filter((entry) => !entry.color.neutral).sort(byScore);
  // A colour that blends into the face is never "best", whatever its season.
  const best = accents.filter((entry) => entry.deltaE >= BLENDS_IN_DELTA_E + 2).slice(0, GROUP_SIZES.best);
  const neutrals = scored.filter((entry) => entry.color.neutral).sort(byScore);
  const topSeason = SEASON_PROFILES.find((profile) => profile.season === seasons[0]!.season)!;
  return [
    group('clothing', 'best', best, (entry) => `${capitalise(entry.color.reason)}; ${agreement(skin)}, ${standing(entry)}`),
    group('clothing', 'neutrals', neutrals.slice(0, GROUP_SIZES.neutrals), (entry) => capitalise(entry.color.reason)),
    group('clothing', 'avoid', accents.slice(-GROUP_SIZES.avoid).reverse(), (entry) => avoidReason(entry, topSeason)),
  ];
}

function makeupGroups(skin: SkinProfile, data: PaletteData): SwatchGroup[] {
  const skinL = skin.lab.l;
  const family = skin.undertone;
  const familyWords = { warm: 'warm (golden, yellow)', neutral: 'neutral', cool: 'cool (pink, rosy)' }[family];
  const computed = (name: string, lab: Lab, reason: string): PaletteSwatch => swatch(skin, { name, lab, hex: hexOf(lab) }, reason);
  const shifted = (deltaL: number): Lab => ({ l: Math.min(100, Math.max(0, skinL + deltaL)), a: skin.lab.a, b: skin.lab.b });
  const corrector = rankMakeup(skin, data.correctors, 35 + 0.5 * (skinL - 15), 12)[0]!;
  return [
    {
      category: 'makeup',
      kind: 'foundation',
      undertoneFamily: family,
      swatches: [
        computed('Your match', skin.lab, `Your measured skin colour: look for ${familyWords} undertone shades this deep`),
        computed('Half a shade lighter', shifted(3), 'For winter, or to brighten slightly; same undertone'),
        computed('Half a shade deeper', shifted(-3), 'For summer colour, or to warm up the face; same undertone'),
      ],
    },
    {
      category: 'makeup',
      kind: 'concealer',
      undertoneFamily: family,
      swatches: [
        computed('Brightening concealer', shifted(5), 'One shade lighter than your skin lifts under-eye shadows'),
        computed('Spot concealer', skin.lab, 'Exactly your skin colour, so blemishes disappear without a halo'),
        swatch(skin, corrector.color, capitalise(corrector.color.reason)),
      ],
    },
    makeupGroup(skin, 'blush', rankMakeup(skin, data.blush, 25 + 0.45 * (skinL - 15), 9)),
    makeupGroup(skin, 'lipstick', rankMakeup(skin, data.lipstick, 20 + 0.4 * (skinL - 15), 9)),
    makeupGroup(skin, 'eyeshadow', rankMakeup(skin, data.eyeshadow, skinL - 15, 20)),
  ];
}

/**
 * Make-up ranks by undertone agreement and by depth relative to the skin: a blush or lipstick must be
 * deep enough to show but not so deep it looks heavy, and that target moves with the skin's L*.
 */
function rankMakeup(skin: SkinProfile, colors: readonly PaletteColor[], targetL: number, spread: number): Scored[] {
  return colors
    .map((color): Scored => {
      const temperatureFit = 1 - Math.abs(skin.temperature - temperatureValue(color.temperature)) / 2;
      const depthFit = Math.exp(-((color.lab.l - targetL) ** 2) / (2 * spread ** 2));
      return {
        color,
        affinity: temperatureFit,
        score: (0.3 + 0.7 * temperatureFit) * depthFit,
        deltaE: deltaE2000(skin.lab, color.lab),
        contrast: contrastRatio(skin.lab, color.lab),
      };
    })
    .sort((a, b) => b.score - a.score);
}

function makeupGroup(skin: SkinProfile, kind: 'blush' | 'lipstick' | 'eyeshadow', ranked: Scored[]): SwatchGroup {
  return group('makeup', kind, ranked.slice(0, GROUP_SIZES[kind]), (entry) => {
    const depth = entry.color.lab.l < skin.lab.l - 3 ? 'deeper than your skin, so it shows' : 'light enough to stay fresh on your skin';
    return `${capitalise(entry.color.reason)}; ${depth}`;
  });
}

function group(category: PaletteCategory, kind: GroupKind, entries: readonly Scored[], reason: (entry: Scored) => string): SwatchGroup {
  return {
    category,
    kind,
    swatches: entries.map((entry) => ({
      name: entry.color.name,
      hex: entry.color.hex,
      lab: entry.color.lab,
      reason: reason(entry),
      deltaE00ToSkin: round(entry.deltaE),
      contrastToSkin: round(entry.contrast),
    })),
  };
}

function swatch(skin: SkinProfile, color: { name: string; hex: string; lab: Lab }, reason: string): PaletteSwatch {
  return {
    name: color.name,
    hex: color.hex,
    lab: color.lab,
    reason,
    deltaE00ToSkin: round(deltaE2000(skin.lab, color.lab)),
    contrastToSkin: round(contrastRatio(skin.lab, color.lab)),
  };
}

function standing(entry: Scored): string {
  if (entry.contrast >= FRAMES_CONTRAST) return `and its ${round(entry.contrast)}:1 contrast with your skin frames the face`;
  if (entry.deltaE >= STANDS_APART_DELTA_E) return 'and its colour stands apart from your skin';
  return 'worn softly, close to your own depth';
}

function agreement(skin: SkinProfile): string {
  const temperature = skin.temperature > 0.3 ? 'warm' : skin.temperature < -0.3 ? 'cool' : 'balanced';
  const value = skin.value > 0.34 ? 'light' : skin.value < -0.34 ? 'deep' : 'medium';
  return `it suits ${value}, ${temperature} colouring like yours`;
}

function avoidReason(entry: Scored, season: { value: number; temperature: number; chroma: number }): string {
  if (entry.deltaE < BLENDS_IN_DELTA_E + 4) return `Too close to your skin colour, so it blends into the face (ΔE00 ${round(entry.deltaE)})`;
  const profile = colorProfile(entry.color);
  const gaps = [
    { gap: Math.abs(profile.temperature - season.temperature), text: profile.temperature > season.temperature ? 'too warm and yellow for your cool colouring' : 'too cool and icy for your warm colouring' },
    { gap: Math.abs(profile.value - season.value), text: profile.value > season.value ? 'too pale for your deep colouring: it drains the face' : 'too dark and heavy for your light colouring' },
    { gap: Math.abs(profile.chroma - season.chroma), text: profile.chroma > season.chroma ? 'too loud for your soft colouring: it wears you' : 'too muted for your clear colouring: it dulls the face' },
  ].sort((a, b) => b.gap - a.gap);
  return capitalise(gaps[0]!.text);
}

function temperatureValue(temperature: Temperature): number {
  return temperature === 'warm' ? 1 : temperature === 'cool' ? -1 : 0;
}

function hexOf(lab: Lab): string {
  const rgb = lab65ToSrgb(lab);
  const clip = (value: number) => Math.min(1, Math.max(0, value));
  return formatHex({ r: clip(rgb.r), g: clip(rgb.g), b: clip(rgb.b) });
}

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
