import { parseHex, srgbToLab65, undertoneOf, type Lab } from '@shine/color';
import { catalogV1, labFromMessage, moneyFromMessage, undertoneEnum } from '@shine/contracts';
import { Code, isUuid, quoteInput, ShineError } from '@shine/platform';
import type { MatchQuery } from './match-shades.ts';
import type { Undertone } from '../catalog-record.ts';
import { categoryEnum } from '../service/proto-enums.ts';

/** The skin colour of a MatchShades request: given, or to be read from a stored analysis. */
export type SkinSource = { kind: 'colour'; lab: Lab; undertone: Undertone } | { kind: 'analysis'; analysisId: string };

export interface MatchRequest {
  skin: SkinSource;
  query: Omit<MatchQuery, 'skin' | 'skinUndertone'>;
}

const MAX_BRANDS = 50;

/**
 * Reads and checks a MatchShades request; every bad field is INVALID_ARGUMENT naming it. A colour given
 * without an undertone gets the one @shine/color reads from it, as the analysis service would.
 */
export function parseMatchShadesRequest(request: catalogV1.MatchShadesRequest): MatchRequest {
  const maxMatches = request.maxMatches === 0 ? 5 : request.maxMatches;
  if (!Number.isInteger(maxMatches) || maxMatches < 1 || maxMatches > 50) {
    throw invalid(`maxMatches must be from 1 to 50 (0 means 5), got ${request.maxMatches}`, 'INVALID_MAX_MATCHES');
  }
  const brandKeys = [...new Set(request.brands.map((brand) => brand.trim().toLowerCase()).filter((brand) => brand !== ''))];
  if (brandKeys.length > MAX_BRANDS) throw invalid(`brands may name at most ${MAX_BRANDS} brands, got ${brandKeys.length}`, 'TOO_MANY_BRANDS');
  const givenUndertone = undertoneEnum.fromProto(request.skinUndertone, 'skinUndertone');
  return {
    skin: skinSource(request, givenUndertone),
    query: {
      category: categoryEnum.fromProto(request.category, 'category') ?? 'foundation',
      brandKeys,
      scope: scopeOf(request.scope),
      maxMatches,
      inStockOnly: request.inStockOnly,
      maxPrice: request.maxPrice ? moneyFromMessage(request.maxPrice, 'maxPrice') : undefined,
    },
  };
}

function skinSource(request: catalogV1.MatchShadesRequest, undertone: Undertone | undefined): SkinSource {
  if (request.analysisId !== undefined) {
    if (!isUuid(request.analysisId)) throw invalid(`analysisId must be a UUID, got ${quoteInput(request.analysisId)}`, 'INVALID_ANALYSIS_ID');
    return { kind: 'analysis', analysisId: request.analysisId.toLowerCase() };
  }
  let lab: Lab;
  if (request.skinLab !== undefined) {
    lab = labFromMessage(request.skinLab, 'skinLab');
  } else if (request.skinHex !== undefined) {
    const rgb = /^#?[0-9a-fA-F]{6}$/.test(request.skinHex.trim()) ? parseHex(request.skinHex) : undefined;
    if (!rgb) throw invalid(`skinHex must be an sRGB colour written "#RRGGBB", got ${quoteInput(request.skinHex)}`, 'INVALID_SKIN_HEX');
    lab = srgbToLab65(rgb);
  } else {
    throw invalid('the skin colour is missing: set skinLab, skinHex or analysisId', 'SKIN_COLOUR_MISSING');
  }
  return { kind: 'colour', lab, undertone: undertone ?? undertoneOf(lab).undertone };
}

function scopeOf(scope: catalogV1.MatchScope): MatchQuery['scope'] {
  switch (scope) {
    case catalogV1.MatchScope.MATCH_SCOPE_UNSPECIFIED:
    case catalogV1.MatchScope.MATCH_SCOPE_ACROSS_BRANDS:
      return 'across-brands';
    case catalogV1.MatchScope.MATCH_SCOPE_PER_BRAND:
      return 'per-brand';
    default:
      throw invalid(`scope ${scope} is not one of MATCH_SCOPE_ACROSS_BRANDS, MATCH_SCOPE_PER_BRAND`, 'INVALID_ENUM_VALUE');
  }
}

function invalid(message: string, reason: string): ShineError {
  return new ShineError(Code.INVALID_ARGUMENT, message, { reason });
}
