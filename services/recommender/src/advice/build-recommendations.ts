import { catalogV1, type eventsV1, type recommenderV1 } from '@shine/contracts';
import { PermanentEventError } from '@shine/events';
import type { AdviceSources } from './advice-sources.ts';

/** The categories worn as skin, matched to the measured colour; in the order they are shown. */
const SKIN_CATEGORIES = [
  catalogV1.ProductCategory.PRODUCT_CATEGORY_FOUNDATION,
  catalogV1.ProductCategory.PRODUCT_CATEGORY_CONCEALER,
  catalogV1.ProductCategory.PRODUCT_CATEGORY_POWDER,
] as const;

export type Advice = Pick<recommenderV1.Recommendations, 'palette' | 'products'>;

/**
 * A subject's palette and their best shades in each skin category, for the skin tone of one
 * analysis: one palette call and one match per category, made together.
 */
export async function buildAdvice(analyzed: eventsV1.SkinToneAnalyzed, sources: AdviceSources, matchesPerCategory: number): Promise<Advice> {
  const tone = analyzed.skinTone;
  if (!tone?.lab || tone.monk < 1 || tone.monk > 10) throw new PermanentEventError(`SkinToneAnalyzed ${analyzed.analysisId} has no usable skin tone (Monk ${tone?.monk ?? 'missing'})`);
  const [palette, ...matches] = await Promise.all([
    sources.palette({ monk: tone.monk, undertone: tone.undertone, category: 0, skinLab: tone.lab }),
    ...SKIN_CATEGORIES.map((category) =>
      sources.matchShades(
        catalogV1.MatchShadesRequest.fromPartial({
          skinLab: tone.lab,
          skinUndertone: tone.undertone,
          category,
          maxMatches: matchesPerCategory,
          inStockOnly: true,
        }),
      ),
    ),
  ]);
  return {
    palette,
    products: matches.flatMap((response) => response.matches.map((match) => ({ match, reason: reasonFor(match) }))),
  };
}

/** One line a person reads: how close the shade is, and whether its undertone agrees. */
function reasonFor(match: catalogV1.ShadeMatch): string {
  const closeness = `matches your skin within ΔE ${match.deltaE00.toFixed(1)}`;
  switch (match.undertoneCompatibility) {
    case catalogV1.UndertoneCompatibility.UNDERTONE_COMPATIBILITY_MATCH:
      return `${capitalise(closeness)} with the same undertone.`;
    case catalogV1.UndertoneCompatibility.UNDERTONE_COMPATIBILITY_COMPATIBLE:
      return `${capitalise(closeness)}; its undertone sits well with yours.`;
    case catalogV1.UndertoneCompatibility.UNDERTONE_COMPATIBILITY_MISMATCH:
      return `${capitalise(closeness)}, though its undertone leans the other way.`;
    default:
      return `${capitalise(closeness)}.`;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
