import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { catalogV1, eventsV1, paletteV1 } from '@shine/contracts';
import { PermanentEventError, SCHEMA_VERSION_HEADER, type ReceivedEvent } from '@shine/events';
import { createClient, newId } from '@shine/platform';
import { freePort } from '@shine/platform/testing';
import { createPool, type Pool } from '@shine/postgres';
import { createTestDatabase, stopTestServer, type TestDatabase } from '@shine/postgres/testing';
import { grpcAdviceSources } from '../advice/advice-sources.ts';
import { createRecommendationStore } from '../store/recommendation-store.ts';
import { analysisEventHandler } from './analysis-events.ts';

const migrations = fileURLToPath(new URL('../../migrations', import.meta.url));

function received(value: Uint8Array | null, headers: Record<string, string> = {}): ReceivedEvent {
  return { topic: 'shine.analysis.v1', partition: 0, offset: '7', key: 'subject-9', value, headers };
}

function analyzed(monk: number): Uint8Array {
  return eventsV1.EventEnvelope.encode(
    eventsV1.EventEnvelope.fromPartial({
      id: newId(),
      type: 'shine.events.v1.SkinToneAnalyzed',
      subjectId: 'subject-9',
      occurredAt: new Date(),
      skinToneAnalyzed: { analysisId: newId(), skinTone: { lab: { l: 60, a: 12, b: 18 }, monk, undertone: 1 } },
    }),
  ).finish();
}

// The real gRPC clients, aimed where nothing listens: palette and catalog are down.
describe("the recommender's handling of analysis events", () => {
  let database: TestDatabase;
  let pool: Pool;
  let handle: (event: ReceivedEvent) => Promise<void>;
  let palette: paletteV1.PaletteServiceClient;
  let catalog: catalogV1.CatalogServiceClient;

  before(async () => {
    database = await createTestDatabase({ migrations });
    pool = createPool({ connectionString: database.url, applicationName: 'test', onIdleError: () => {} });
    palette = createClient(paletteV1.PaletteServiceClient, `127.0.0.1:${await freePort()}`);
    catalog = createClient(catalogV1.CatalogServiceClient, `127.0.0.1:${await freePort()}`);
    handle = analysisEventHandler({ store: createRecommendationStore(pool), sources: grpcAdviceSources(palette, catalog, 500), matchesPerCategory: 3 });
  });

  after(async () => {
    palette.close();
    catalog.close();
    await pool.end();
    await database.drop();
    await stopTestServer();
  });

  it('dead-letters what can never be handled, saying why', async () => {
    const permanent = (pattern: RegExp) => (error: unknown) => error instanceof PermanentEventError && pattern.test(error.message);
    await assert.rejects(handle(received(Uint8Array.of(0xff, 0xff, 0xff))), permanent(/is not a shine\.events\.v1\.EventEnvelope/));
    await assert.rejects(handle(received(analyzed(5), { [SCHEMA_VERSION_HEADER]: '9' })), permanent(/schema version "9" is not one this recommender reads \(1\)/));
    const unknownType = eventsV1.EventEnvelope.encode(eventsV1.EventEnvelope.fromPartial({ id: newId(), type: 'shine.events.v1.Mystery', subjectId: 'subject-9' })).finish();
    await assert.rejects(handle(received(unknownType)), permanent(/type "shine\.events\.v1\.Mystery", which the recommender does not handle/));
    await assert.rejects(handle(received(analyzed(0))), permanent(/no usable skin tone \(Monk 0\)/));
  });

  it('skips a tombstone', async () => {
    await handle(received(null));
  });

  it('treats palette and catalog being down as transient: an error to retry, not a dead letter', async () => {
    await assert.rejects(handle(received(analyzed(5))), (error: unknown) => error instanceof Error && !(error instanceof PermanentEventError) && /answered UNAVAILABLE/.test(error.message));
    assert.equal(Number((await pool.query('SELECT count(*) FROM processed_events')).rows[0].count), 0, 'nothing recorded, so the retry does the work');
  });
});
