import type { catalogV1, paletteV1, typeV1 } from '@shine/contracts';
import { TtlCache } from '@shine/platform';
import type { Registry } from 'prom-client';
import type { AdviceSources } from './advice-sources.ts';

export interface AdviceCacheOptions {
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly registry: Registry;
}

/**
 * Palette and catalog answers reused for the same skin tone: many people share a tone, and a
 * backlog of events (a replay, a recommender catching up) would otherwise ask the same questions
 * thousands of times. Tones within half a CIELAB unit share an answer (far below what anyone can
 * see, as palette's own cache), answers live `ttlMs` (a catalogue import shows within that), and a
 * failed call is not kept.
 */
export function cachedAdviceSources(sources: AdviceSources, options: AdviceCacheOptions): AdviceSources {
  const palettes = new TtlCache<Promise<paletteV1.Palette>>({ name: 'recommender_palettes', ...options });
  const matches = new TtlCache<Promise<catalogV1.MatchShadesResponse>>({ name: 'recommender_shade_matches', ...options });
  const cached = <Value>(cache: TtlCache<Promise<Value>>, key: string, compute: () => Promise<Value>): Promise<Value> => {
    const answer = cache.getOrCompute(key, compute);
    answer.catch(() => cache.delete(key));
    return answer;
  };
  return {
    palette: (request) => cached(palettes, [request.monk, request.undertone, request.category, labKey(request.skinLab)].join('|'), () => sources.palette(request)),
    matchShades: (request) =>
      cached(
        matches,
        [labKey(request.skinLab), request.skinUndertone, request.category, request.maxMatches, request.inStockOnly, request.scope, request.brands.join(',')].join('|'),
        () => sources.matchShades(request),
      ),
  };
}

function labKey(lab: typeV1.LabColor | undefined): string {
  return lab ? [lab.l, lab.a, lab.b].map((value) => Math.round(value * 2) / 2).join(',') : '-';
}
