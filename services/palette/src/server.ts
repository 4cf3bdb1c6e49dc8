import { paletteV1, typeV1 } from '@shine/contracts';
import { Code, serve, ShineError, type ServiceRegistration, type TtlCache } from '@shine/platform';
import { buildPalette } from './build-palette.ts';
import type { PaletteData } from './palette-data.ts';
import { fromCategoryMessage, fromUndertoneMessage, toPaletteMessage } from './palette-message.ts';
import { describeSkin } from './skin-profile.ts';

export function paletteService(data: PaletteData, cache: TtlCache<paletteV1.Palette>): ServiceRegistration {
  return serve(paletteV1.PaletteServiceService, {
    getPalette: async (request) => {
      const monk = request.monk;
      if (monk === 0) {
        // proto3 cannot tell a missing monk from 0: say what is missing rather than that 0 is wrong.
        throw new ShineError(Code.INVALID_ARGUMENT, 'monk is required: the Monk Skin Tone level, 1 to 10 (e.g. ?monk=5)', { reason: 'INVALID_MONK_LEVEL' });
      }
      if (!Number.isInteger(monk) || monk < 1 || monk > 10) {
        throw new ShineError(Code.INVALID_ARGUMENT, `monk must be a Monk Skin Tone level from 1 to 10, got ${monk}`, {
          reason: 'INVALID_MONK_LEVEL',
        });
      }
      const skinLab = request.skinLab ? validLab(request.skinLab) : undefined;
      if (!Object.values(typeV1.Undertone).includes(request.undertone)) {
        throw new ShineError(Code.INVALID_ARGUMENT, `undertone ${request.undertone} is not a known undertone`, { reason: 'INVALID_UNDERTONE' });
      }
      if (!Object.values(paletteV1.PaletteCategory).includes(request.category)) {
        throw new ShineError(Code.INVALID_ARGUMENT, `category ${request.category} is not a known palette category`, { reason: 'INVALID_CATEGORY' });
      }
      const undertone = fromUndertoneMessage(request.undertone);
      const category = fromCategoryMessage(request.category);
      // The same tone measured twice differs in the last decimals; 0.5 L*a*b* units is far below what a person sees.
      const key = [monk, undertone ?? '-', category ?? '-', skinLab ? [skinLab.l, skinLab.a, skinLab.b].map((v) => Math.round(v * 2) / 2).join(',') : '-'].join('|');
      const palette = cache.getOrCompute(key, () => toPaletteMessage(buildPalette(describeSkin({ monk, undertone, skinLab }), data, category)));
      return { palette };
    },
  });
}

function validLab(lab: typeV1.LabColor): typeV1.LabColor {
  const problems: string[] = [];
  if (!(lab.l >= 0 && lab.l <= 100)) problems.push(`skin_lab.l must be 0 to 100, got ${lab.l}`);
  if (!(Math.abs(lab.a) <= 128)) problems.push(`skin_lab.a must be -128 to 128, got ${lab.a}`);
  if (!(Math.abs(lab.b) <= 128)) problems.push(`skin_lab.b must be -128 to 128, got ${lab.b}`);
  if (problems.length > 0) throw new ShineError(Code.INVALID_ARGUMENT, problems.join('; '), { reason: 'INVALID_SKIN_LAB' });
  return lab;
}
