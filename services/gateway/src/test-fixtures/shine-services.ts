import { setTimeout as sleep } from 'node:timers/promises';
import { analysisV1, paletteV1, recommenderV1, typeV1 } from '@shine/contracts';
import {
  Code,
  createLogger,
  createMetrics,
  serve,
  ShineError,
  startService,
  type RunningService,
  type ServiceRegistration,
} from '@shine/platform';
import { baseConfigSchema, loadConfig } from '@shine/platform/config';

/** A real gRPC server (platform startService) on a loopback port of its own, serving paletteService(), ready. */
export async function startPaletteBackend(): Promise<RunningService> {
  const running = await startService({
    config: loadConfig(baseConfigSchema, { GRPC_PORT: '0', HTTP_PORT: '0', BIND_HOST: '127.0.0.1' }),
    logger: createLogger({ service: 'palette-backend', version: 'test', level: 'warn' }),
    metrics: createMetrics({ service: 'palette-backend', version: 'test' }),
    services: [paletteService()],
  });
  running.setReady(true);
  return running;
}

/** PaletteService answering from its request, with a palette about 1 KB as JSON (the bench's payload). */
export function paletteService(): ServiceRegistration {
  return serve(paletteV1.PaletteServiceService, {
    getPalette: async (request) => {
      if (request.monk < 1 || request.monk > 10) {
        throw new ShineError(Code.INVALID_ARGUMENT, `monk must be a Monk Skin Tone level from 1 to 10, got ${request.monk}`, { reason: 'MONK_OUT_OF_RANGE' });
      }
      const lab = request.skinLab ?? { l: 100 - request.monk * 8, a: 12, b: 18 };
      const swatch = (name: string, hex: string) => ({ name, hex, lab, reason: `${name} flatters level ${request.monk}`, deltaE00ToSkin: 21.5, contrastToSkin: 3.2 });
      return paletteV1.GetPaletteResponse.fromPartial({
        palette: {
          season: paletteV1.Season.SEASON_DEEP_WINTER,
          seasonConfidence: 0.82,
          value: paletteV1.ValueLevel.VALUE_LEVEL_DEEP,
          chroma: paletteV1.ChromaLevel.CHROMA_LEVEL_BRIGHT,
          undertone: request.undertone || typeV1.Undertone.UNDERTONE_NEUTRAL,
          groups: [
            {
              category: paletteV1.PaletteCategory.PALETTE_CATEGORY_CLOTHING,
              kind: paletteV1.SwatchGroupKind.SWATCH_GROUP_KIND_BEST,
              undertoneFamily: request.undertone,
              swatches: [swatch('emerald', '#046307'), swatch('sapphire', '#0f52ba'), swatch('ruby', '#9b111e')],
            },
          ],
        },
      });
    },
  });
}

/** AnalysisService whose AnalyzeImage echoes what it received (the byte count as the analysis id). */
export function analysisService(): ServiceRegistration {
  return serve(analysisV1.AnalysisServiceService, {
    analyzeImage: async (request) =>
      analysisV1.AnalyzeImageResponse.fromPartial({
        analysis: {
          id: `bytes-${request.image.length}`,
          subjectId: request.subjectId,
          persisted: request.persist,
          photoStored: request.storePhoto,
          createTime: new Date('2025-01-02T03:04:05.678Z'),
        },
      }),
    getAnalysis: async (request) => {
      if (request.analysisId === 'missing') throw new ShineError(Code.NOT_FOUND, `no analysis ${request.analysisId}`, { reason: 'ANALYSIS_NOT_FOUND' });
      return analysisV1.GetAnalysisResponse.fromPartial({ analysis: { id: request.analysisId } });
    },
    listAnalyses: async (request) =>
      analysisV1.ListAnalysesResponse.fromPartial({
        analyses: [{ id: 'a1', subjectId: request.subjectId }],
        nextPageToken: `after-${request.pageToken || 'start'}-${request.pageSize}`,
      }),
    deleteSubject: async () =>
      analysisV1.DeleteSubjectResponse.fromPartial({ deletedAnalysisCount: 2, deletedPhotoCount: 1, eraseTime: new Date('2025-01-01T00:00:00Z') }),
  });
}

/** What the recommender fixture saw, for assertions about cancellation. */
export interface WatchProbe {
  started: number;
  /** Streams that ended because the caller went away (the call's signal aborted). */
  cancelled: number;
}

/** RecommenderService whose Watch streams a revision every 20 ms until cancelled (or 3 then fails, for "fail"). */
export function recommenderService(probe: WatchProbe): ServiceRegistration {
  const recommendations = (subjectId: string, revision: number) =>
    recommenderV1.Recommendations.fromPartial({ subjectId, revision: String(revision), state: recommenderV1.RecommendationsState.RECOMMENDATIONS_STATE_READY });
  return serve(recommenderV1.RecommenderServiceService, {
    getRecommendations: async (request) =>
      recommenderV1.GetRecommendationsResponse.fromPartial({ recommendations: recommendations(request.subjectId, 1) }),
    watchRecommendations: async function* (request, context) {
      probe.started += 1;
      context.signal.addEventListener('abort', () => (probe.cancelled += 1), { once: true });
      for (let revision = 1; revision <= 10_000; revision++) {
        if (request.subjectId.startsWith('fail') && revision > 3) {
          throw new ShineError(Code.UNAVAILABLE, 'the event feed dropped', { reason: 'FEED_DROPPED' });
        }
        yield recommenderV1.WatchRecommendationsResponse.fromPartial({ recommendations: recommendations(request.subjectId, revision) });
        await sleep(20, undefined, { signal: context.signal });
      }
    },
  });
}
