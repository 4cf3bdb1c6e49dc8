import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { paletteV1, recommenderV1 } from '@shine/contracts';
import { createClient, createLogger, createMetrics, newId, startService, type RunningService } from '@shine/platform';
import { baseConfigSchema, loadConfig } from '@shine/platform/config';
import { rejectsWithStatus, unaryCall } from '@shine/platform/testing';
import { createPool, type Pool } from '@shine/postgres';
import { createTestDatabase, stopTestServer, type TestDatabase } from '@shine/postgres/testing';
import { createRecommendationStore, type RecommendationStore } from '../store/recommendation-store.ts';
import { recommenderService } from './server.ts';
import { startWatchHub, type WatchHub } from './watch-hub.ts';

const migrations = fileURLToPath(new URL('../../migrations', import.meta.url));
const { RECOMMENDATIONS_STATE_PENDING, RECOMMENDATIONS_STATE_READY } = recommenderV1.RecommendationsState;

describe('RecommenderService over gRPC', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: RecommendationStore;
  let hub: WatchHub;
  let running: RunningService;
  let client: recommenderV1.RecommenderServiceClient;

  const storeSet = (subjectId: string, analyzedAt: Date, season: paletteV1.Season) =>
    store.applyAnalysis({ eventId: newId(), subjectId, analysisId: newId(analyzedAt.getTime()), analyzedAt, advice: { palette: paletteV1.Palette.fromPartial({ season }), products: [] }, traceContext: {} });
  const get = (subjectId: string) => unaryCall<recommenderV1.GetRecommendationsResponse>((done) => client.getRecommendations({ subjectId }, done));

  before(async () => {
    database = await createTestDatabase({ migrations });
    pool = createPool({ connectionString: database.url, applicationName: 'test', onIdleError: () => {} });
    store = createRecommendationStore(pool);
    hub = await startWatchHub(database.url, store, () => {});
    running = await startService({
      config: loadConfig(baseConfigSchema, { GRPC_PORT: '0', HTTP_PORT: '0', BIND_HOST: '127.0.0.1' }),
      logger: createLogger({ service: 'recommender', version: 'test', level: 'silent' }),
      metrics: createMetrics({ service: 'recommender', version: 'test' }),
      services: [recommenderService({ store, hub })],
    });
    running.setReady(true);
    client = createClient(recommenderV1.RecommenderServiceClient, `127.0.0.1:${running.grpcPort}`);
  });

  after(async () => {
    client.close();
    await running.shutdown('test over');
    await hub.close();
    await pool.end();
    await database.drop();
    await stopTestServer();
  });

  it('answers PENDING for a subject with no recommendations yet, and the set once stored', async () => {
    const { recommendations: pending } = await get('subject-new');
    assert.equal(pending?.state, RECOMMENDATIONS_STATE_PENDING);
    assert.equal(pending?.subjectId, 'subject-new');
    await storeSet('subject-new', new Date(), paletteV1.Season.SEASON_SOFT_AUTUMN);
    const { recommendations } = await get('subject-new');
    assert.equal(recommendations?.state, RECOMMENDATIONS_STATE_READY);
    assert.equal(recommendations?.palette?.season, paletteV1.Season.SEASON_SOFT_AUTUMN);
  });

  it('refuses a malformed subject id with INVALID_ARGUMENT', async () => {
    await rejectsWithStatus(get(''), grpc.status.INVALID_ARGUMENT, /^subjectId is required$/);
    await rejectsWithStatus(get('no spaces'), grpc.status.INVALID_ARGUMENT, /subjectId must be 1-128 letters/);
  });

  it('streams the current set, then each new one as it is stored, and ends the stream when the subject is erased', async () => {
    await storeSet('subject-watch', new Date('2026-12-01T10:00:00Z'), paletteV1.Season.SEASON_LIGHT_SPRING);
    const stream = client.watchRecommendations({ subjectId: 'subject-watch' });
    const seen: recommenderV1.Recommendations[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      stream.on('data', (response: recommenderV1.WatchRecommendationsResponse) => seen.push(response.recommendations!));
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    const until = async (count: number) => {
      for (let attempt = 0; seen.length < count && attempt < 200; attempt++) await new Promise((resolve) => setTimeout(resolve, 25));
    };
    await until(1);
    await storeSet('subject-watch', new Date('2026-12-01T11:00:00Z'), paletteV1.Season.SEASON_DEEP_WINTER);
    await until(2);
    await store.eraseSubject(newId(), 'subject-watch');
    await ended;
    assert.deepEqual(seen.map((recommendations) => [recommendations.revision, recommendations.palette?.season]), [
      ['1', paletteV1.Season.SEASON_LIGHT_SPRING],
      ['2', paletteV1.Season.SEASON_DEEP_WINTER],
    ]);
    assert.equal(hub.watchers, 0, 'no stream holds the erased subject');
  });
});
