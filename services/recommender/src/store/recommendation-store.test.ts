import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { catalogV1, eventsV1, paletteV1, recommenderV1 } from '@shine/contracts';
import { newId } from '@shine/platform';
import { createPool, type Pool } from '@shine/postgres';
import { createTestDatabase, stopTestServer, type TestDatabase } from '@shine/postgres/testing';
import type { Advice } from '../advice/build-recommendations.ts';
import { createRecommendationStore, type RecommendationStore } from './recommendation-store.ts';

const migrations = fileURLToPath(new URL('../../migrations', import.meta.url));

function adviceFor(season: paletteV1.Season): Advice {
  return {
    palette: paletteV1.Palette.fromPartial({ season }),
    products: [{ match: catalogV1.ShadeMatch.fromPartial({ brand: 'Oakhollow', deltaE00: 1.2 }), reason: 'Very close to your skin, with the same undertone.' }],
  };
}

describe('recommendation store on PostgreSQL', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: RecommendationStore;
  let written = 0;
  const isProcessed = async (eventId: string) => (await pool.query('SELECT 1 FROM processed_events WHERE event_id = $1', [eventId])).rowCount === 1;

  before(async () => {
    database = await createTestDatabase({ migrations });
    pool = createPool({ connectionString: database.url, applicationName: 'test', onIdleError: () => {} });
    store = createRecommendationStore(pool, { onEventWritten: () => written++ });
  });

  after(async () => {
    await pool.end();
    await database.drop();
    await stopTestServer();
  });

  const apply = (eventId: string, subjectId: string, analyzedAt: Date, season: paletteV1.Season = paletteV1.Season.SEASON_TRUE_SPRING) =>
    store.applyAnalysis({ eventId, subjectId, analysisId: newId(analyzedAt.getTime()), analyzedAt, advice: adviceFor(season), traceContext: {} });

  it('stores a set once per event: a redelivered event changes nothing, and each new analysis is a new revision', async () => {
    const first = await apply('event-1', 'subject-1', new Date('2026-12-01T10:00:00Z'));
    assert.equal(first.outcome, 'stored');
    assert.equal(await isProcessed('event-1'), true);
    assert.deepEqual(await apply('event-1', 'subject-1', new Date('2026-12-01T10:00:00Z')), { outcome: 'duplicate' });
    const second = await apply('event-2', 'subject-1', new Date('2026-12-01T11:00:00Z'), paletteV1.Season.SEASON_DEEP_AUTUMN);
    assert.equal(second.outcome === 'stored' && second.recommendations.revision, '2');
    const stored = await store.get('subject-1');
    assert.equal(stored?.state, recommenderV1.RecommendationsState.RECOMMENDATIONS_STATE_READY);
    assert.equal(stored?.revision, '2');
    assert.equal(stored?.palette?.season, paletteV1.Season.SEASON_DEEP_AUTUMN);
    assert.equal(stored?.products[0]?.reason, 'Very close to your skin, with the same undertone.');
    const { rows } = await pool.query<{ payload: Buffer }>("SELECT payload FROM outbox WHERE message_key = 'subject-1' ORDER BY created_at");
    assert.equal(rows.length, 2, 'one RecommendationsReady per stored set');
    assert.equal(eventsV1.EventEnvelope.decode(rows[1]!.payload).recommendationsReady?.recommendations?.revision, '2');
    assert.equal(written, 2, 'the relay is woken after each stored set');
  });

  it('never lets an older analysis arriving late replace a newer one', async () => {
    await apply('event-new', 'subject-2', new Date('2026-12-02T12:00:00Z'), paletteV1.Season.SEASON_TRUE_WINTER);
    assert.deepEqual(await apply('event-old', 'subject-2', new Date('2026-12-02T09:00:00Z')), { outcome: 'older' });
    assert.equal((await store.get('subject-2'))?.palette?.season, paletteV1.Season.SEASON_TRUE_WINTER);
    assert.equal(await isProcessed('event-old'), true, 'remembered, so it changes nothing when it comes again');
  });

  it('erases a subject once: its set and its events go, a second delivery is a duplicate', async () => {
    await apply('event-3', 'subject-3', new Date());
    await pool.query("UPDATE outbox SET published_at = now() WHERE message_key = 'subject-3'");
    assert.equal(await store.eraseSubject('erase-3', 'subject-3'), 'erased');
    assert.equal(await store.get('subject-3'), undefined);
    assert.equal(Number((await pool.query("SELECT count(*) FROM outbox WHERE message_key = 'subject-3'")).rows[0].count), 0);
    assert.equal(await store.eraseSubject('erase-3', 'subject-3'), 'duplicate');
  });

  it('commits events that arrive together in one transaction, and one that fails does not take the others with it', async () => {
    const at = new Date('2026-12-03T08:00:00Z');
    const good = Array.from({ length: 8 }, (_, index) => apply(`together-${index}`, `subject-together-${index}`, at));
    const bad = store.applyAnalysis({ eventId: 'together-bad', subjectId: 'subject-together-bad', analysisId: 'not-a-uuid', analyzedAt: at, advice: adviceFor(paletteV1.Season.SEASON_TRUE_SPRING), traceContext: {} });
    const results = await Promise.allSettled([...good, bad]);
    assert.deepEqual(results.slice(0, 8).map((result) => result.status === 'fulfilled' && result.value.outcome), Array(8).fill('stored'));
    assert.equal(results[8]!.status, 'rejected');
    assert.equal(await isProcessed('together-bad'), false, 'the failed event is not recorded, so its retry does the work');
    for (let index = 0; index < 8; index++) assert.equal((await store.get(`subject-together-${index}`))?.revision, '1');
  });

  it('forgets processed event ids older than the retention', async () => {
    await pool.query("UPDATE processed_events SET processed_at = now() - interval '30 days' WHERE event_id = 'event-1'");
    assert.equal(await store.pruneProcessedEvents(14 * 24 * 3_600_000), 1);
    assert.equal(await isProcessed('event-1'), false);
  });
});
