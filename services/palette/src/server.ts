import { labFromMessage, paletteV1, undertoneEnum } from '@shine/contracts';
import { Code, serve, ShineError, type ServiceRegistration, type TtlCache } from '@shine/platform';
import { buildPalette } from './build-palette.ts';
import type { PaletteData } from './palette-data.ts';
import { categoryEnum, toPaletteMessage } from './palette-message.ts';
import { describeSkin } from './skin-profile.ts';

export function paletteService(data: PaletteData, cache: TtlCache<paletteV1.Palette>): ServiceRegistration {
  return serve(paletteV1.PaletteServiceService, {
    getPalette: async (request) => {
      const monk = request.monk;
      if (monk === 0) {
        // proto3 cannot tell a missing monk from 0, so the message fits both (a person sending 0 read "required" as wrong).
        throw new ShineError(Code.INVALID_ARGUMENT, 'monk is required, a Monk Skin Tone level from 1 to 10 (e.g. ?monk=5); it was missing or 0', { reason: 'INVALID_MONK_LEVEL' });
      }
      if (!Number.isInteger(monk) || monk < 1 || monk > 10) {
        throw new ShineError(Code.INVALID_ARGUMENT, `monk must be a Monk Skin Tone level from 1 to 10, got ${monk}`, {
          reason: 'INVALID_MONK_LEVEL',
        });
      }
      const skinLab = request.skinLab ? labFromMessage(request.skinLab, 'skinLab') : undefined;
      const undertone = undertoneEnum.fromProto(request.undertone, 'undertone');
      const category = categoryEnum.fromProto(request.category, 'category');
      // The same tone measured twice differs in the last decimals; 0.5 L*a*b* units is far below what a person sees.
      const key = [monk, undertone ?? '-', category ?? '-', skinLab ? [skinLab.l, skinLab.a, skinLab.b].map((v) => Math.round(v * 2) / 2).join(',') : '-'].join('|');
      const palette = cache.getOrCompute(key, () => toPaletteMessage(buildPalette(describeSkin({ monk, undertone, skinLab }), data, category)));
      return { palette };
    },
  });
}
