import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogV1, eventsV1, paletteV1 } from '@shine/contracts';
import type { AdviceSources } from './advice-sources.ts';
import { buildAdvice } from './build-recommendations.ts';

const { UNDERTONE_COMPATIBILITY_MATCH, UNDERTONE_COMPATIBILITY_COMPATIBLE, UNDERTONE_COMPATIBILITY_MISMATCH } = catalogV1.UndertoneCompatibility;

/** Sources that answer every category with these matches. */
function sourcesWith(matches: Partial<catalogV1.ShadeMatch>[]): AdviceSources {
  return {
    palette: async () => paletteV1.Palette.fromPartial({}),
    matchShades: async (request) =>
      request.category === catalogV1.ProductCategory.PRODUCT_CATEGORY_FOUNDATION
        ? catalogV1.MatchShadesResponse.fromPartial({ matches: matches.map((match) => catalogV1.ShadeMatch.fromPartial(match)) })
        : catalogV1.MatchShadesResponse.fromPartial({}),
  };
}

const analyzed = eventsV1.SkinToneAnalyzed.fromPartial({ analysisId: 'a1', skinTone: { lab: { l: 60, a: 15, b: 20 }, monk: 6 } });

describe('the reason given with each recommended shade', () => {
  it("speaks the catalog's verdict, and never says a shade it calls different matches", async () => {
    const advice = await buildAdvice(
      analyzed,
      sourcesWith([
        { verdict: 'very close', deltaE00: 1.4, undertoneCompatibility: UNDERTONE_COMPATIBILITY_MATCH },
        { verdict: 'close: slightly lighter, warmer', deltaE00: 2.6, undertoneCompatibility: UNDERTONE_COMPATIBILITY_COMPATIBLE },
        { verdict: 'noticeably different: lighter, slightly warmer', deltaE00: 4.8, undertoneCompatibility: UNDERTONE_COMPATIBILITY_MATCH },
        { verdict: 'noticeably different: much darker', deltaE00: 7.1, undertoneCompatibility: UNDERTONE_COMPATIBILITY_MISMATCH },
      ]),
      4,
    );
    assert.deepEqual(
      advice.products.map((product) => product.reason),
      [
        'Very close to your skin, with the same undertone.',
        'Close to your skin (slightly lighter, warmer); its undertone sits well with yours.',
        'Noticeably different from your skin (lighter, slightly warmer), with the same undertone.',
        'Noticeably different from your skin (much darker), though its undertone leans the other way.',
      ],
    );
  });

  it('says only that it is the nearest when the catalog gave no verdict', async () => {
    const advice = await buildAdvice(analyzed, sourcesWith([{ verdict: '', deltaE00: 3 }]), 1);
    assert.equal(advice.products[0]!.reason, 'The nearest shade to your skin.');
  });
});
