import type { Undertone } from '@shine/color';
import { paletteV1, typeV1 } from '@shine/contracts';
import type { GroupKind, Palette, PaletteCategory } from './build-palette.ts';

/** Maps between the palette domain and the shine.palette.v1 messages. */
export function toPaletteMessage(palette: Palette): paletteV1.Palette {
  return {
    season: paletteV1.Season[`SEASON_${palette.season}`],
    seasonConfidence: round(palette.seasonConfidence),
    value: paletteV1.ValueLevel[`VALUE_LEVEL_${upper(palette.value)}`],
    chroma: paletteV1.ChromaLevel[`CHROMA_LEVEL_${upper(palette.chroma)}`],
    undertone: toUndertoneMessage(palette.undertone),
    groups: palette.groups.map((group) => ({
      category: paletteV1.PaletteCategory[`PALETTE_CATEGORY_${upper(group.category)}`],
      kind: paletteV1.SwatchGroupKind[`SWATCH_GROUP_KIND_${upper(group.kind)}` as `SWATCH_GROUP_KIND_${Uppercase<GroupKind>}`],
      undertoneFamily: group.undertoneFamily ? toUndertoneMessage(group.undertoneFamily) : typeV1.Undertone.UNDERTONE_UNSPECIFIED,
      swatches: group.swatches.map((swatch) => ({
        name: swatch.name,
        hex: swatch.hex,
        lab: { l: round(swatch.lab.l), a: round(swatch.lab.a), b: round(swatch.lab.b) },
        reason: swatch.reason,
        deltaE00ToSkin: swatch.deltaE00ToSkin,
        contrastToSkin: swatch.contrastToSkin,
      })),
    })),
  };
}

export function toUndertoneMessage(undertone: Undertone): typeV1.Undertone {
  return typeV1.Undertone[`UNDERTONE_${upper(undertone)}`];
}

export function fromUndertoneMessage(undertone: typeV1.Undertone): Undertone | undefined {
  switch (undertone) {
    case typeV1.Undertone.UNDERTONE_WARM:
      return 'warm';
    case typeV1.Undertone.UNDERTONE_NEUTRAL:
      return 'neutral';
    case typeV1.Undertone.UNDERTONE_COOL:
      return 'cool';
    default:
      return undefined;
  }
}

export function fromCategoryMessage(category: paletteV1.PaletteCategory): PaletteCategory | undefined {
  if (category === paletteV1.PaletteCategory.PALETTE_CATEGORY_CLOTHING) return 'clothing';
  if (category === paletteV1.PaletteCategory.PALETTE_CATEGORY_MAKEUP) return 'makeup';
  return undefined;
}

function upper<Text extends string>(text: Text): Uppercase<Text> {
  return text.toUpperCase() as Uppercase<Text>;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
