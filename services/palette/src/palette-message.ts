import { labToMessage, paletteV1, protoEnum, undertoneEnum } from '@shine/contracts';
import { PALETTE_CATEGORIES, type GroupKind, type Palette, type PaletteCategory } from './build-palette.ts';

/** Maps between the palette domain and the shine.palette.v1 messages. */
export function toPaletteMessage(palette: Palette): paletteV1.Palette {
  return {
    season: paletteV1.Season[`SEASON_${palette.season}`],
    seasonConfidence: round(palette.seasonConfidence),
    value: paletteV1.ValueLevel[`VALUE_LEVEL_${upper(palette.value)}`],
    chroma: paletteV1.ChromaLevel[`CHROMA_LEVEL_${upper(palette.chroma)}`],
    undertone: undertoneEnum.toProto(palette.undertone),
    groups: palette.groups.map((group) => ({
      category: categoryEnum.toProto(group.category),
      kind: paletteV1.SwatchGroupKind[`SWATCH_GROUP_KIND_${upper(group.kind)}` as `SWATCH_GROUP_KIND_${Uppercase<GroupKind>}`],
      undertoneFamily: undertoneEnum.toProto(group.undertoneFamily),
      swatches: group.swatches.map((swatch) => ({
        name: swatch.name,
        hex: swatch.hex,
        lab: labToMessage(swatch.lab),
        reason: swatch.reason,
        deltaE00ToSkin: swatch.deltaE00ToSkin,
        contrastToSkin: swatch.contrastToSkin,
      })),
    })),
  };
}

export const categoryEnum = protoEnum<PaletteCategory, paletteV1.PaletteCategory>(paletteV1.PaletteCategory, 'PALETTE_CATEGORY_', PALETTE_CATEGORIES);

function upper<Text extends string>(text: Text): Uppercase<Text> {
  return text.toUpperCase() as Uppercase<Text>;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
