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

/**
 * One line a person reads: how close the shade is to their skin in the words the catalog's verdict
 * uses everywhere else ("very close", "noticeably different: lighter, warmer"), never a ΔE figure
 * that says nothing to them, and whether its undertone agrees. A shade the verdict calls noticeably
 * different is never said to match.
 */
function reasonFor(match: catalogV1.ShadeMatch): string {
  const [closeness = '', differences] = match.verdict.split(': ');
  const against = closeness === 'noticeably different' ? 'from your skin' : 'to your skin';
  const fit = closeness ? `${closeness} ${against}${differences ? ` (${differences})` : ''}` : 'the nearest shade to your skin';
  switch (match.undertoneCompatibility) {
    case catalogV1.UndertoneCompatibility.UNDERTONE_COMPATIBILITY_MATCH:
      return `${capitalise(fit)}, with the same undertone.`;
    case catalogV1.UndertoneCompatibility.UNDERTONE_COMPATIBILITY_COMPATIBLE:
      return `${capitalise(fit)}; its undertone sits well with yours.`;
    case catalogV1.UndertoneCompatibility.UNDERTONE_COMPATIBILITY_MISMATCH:
      return `${capitalise(fit)}, though its undertone leans the other way.`;
    default:
      return `${capitalise(fit)}.`;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
