// The analysis outbox published by @shine/events's relay, on the service's real schema: what a
// subject's events look like on the wire, that two replicas never publish a row twice, and that a
// broker that was down gets every event once it is back.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analysisV1, eventsV1 } from '@shine/contracts';
import {
  ANALYSIS_TOPIC,
  createOutboxMetrics,
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  kafkaTransport,
  postgresTransport,
  SCHEMA_VERSION_HEADER,
  shineTopics,
  startOutboxRelay,
  type EventTransport,
  type ReceivedEvent,
} from '@shine/events';
import { localKafkaUnavailable, startLocalKafka } from '@shine/events/local-kafka';
import { newId } from '@shine/platform';
import { freePort } from '@shine/platform/testing';
import { createPool, type Pool } from '@shine/postgres';
import { createTestDatabase, stopTestServer, type TestDatabase } from '@shine/postgres/testing';
import { Registry } from 'prom-client';
import { createAnalysisStore, type AnalysisStore } from './analysis-store.ts';

const migrations = fileURLToPath(new URL('../../migrations', import.meta.url));
const topics = shineTopics({ partitions: 3, replicationFactor: 1, retentionMs: 3_600_000 });
const quiet = () => {};

function analysisFor(subjectId: string, monk: number): analysisV1.Analysis {
  return analysisV1.Analysis.fromPartial({
    id: newId(),
    subjectId,
    createTime: new Date(),
    skinTone: { lab: { l: 55, a: 12, b: 18 }, hex: '#a07e56', itaDegrees: 15.9, monk, confidence: 0.8, undertone: 1 },
    model: { pipelineVersion: 'test-1' },
    persisted: true,
  });
}

/** The events on the analysis topic for `keys`, as a fresh consumer group reads them, once `count` have come. */
async function readAll(transport: EventTransport, keys: readonly string[], count: number, timeoutMs = 60_000): Promise<ReceivedEvent[]> {
  const seen: ReceivedEvent[] = [];
  const subscription = await transport.subscribe({
    groupId: `reader-${newId()}`,
    topics: [ANALYSIS_TOPIC],
    handle: async (event) => void (keys.includes(event.key) && seen.push(event)),
  });
  const deadline = Date.now() + timeoutMs;
  while (seen.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 200));
  await subscription.stop();
  return seen;
}

const unpublished = async (pool: Pool) => Number((await pool.query('SELECT count(*) FROM outbox WHERE published_at IS NULL')).rows[0].count);

describe('outbox relay for the analysis service', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: AnalysisStore;
  let transport: EventTransport;

  before(async () => {
    database = await createTestDatabase({ migrations });
    pool = createPool({ connectionString: database.url, applicationName: 'test', onIdleError: quiet });
    store = createAnalysisStore(pool);
    transport = postgresTransport({ connectionString: database.url, applicationName: 'test', pollIntervalMs: 100 });
    await transport.ensureTopics(topics, assert.fail);
  });

  after(async () => {
    await transport.close();
    await pool.end();
    await database.drop();
    await stopTestServer();
  });

  it("publishes a subject's events in the order written with their headers, marks them, and follows an erasure with the key's tombstone", async () => {
    const metrics = createOutboxMetrics(new Registry());
    const relay = startOutboxRelay({ pool, transport, metrics, log: quiet, idleMs: 50 });
    try {
      const written = [analysisFor('subject-1', 3), analysisFor('subject-1', 4), analysisFor('subject-1', 5)];
      for (const analysis of written) await store.save(analysis, { traceContext: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
      // Erasure drops what is still unpublished; these went out first.
      for (let attempt = 0; attempt < 200 && (await unpublished(pool)) > 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 25));
      await store.eraseSubject('subject-1', {});
      const events = await readAll(transport, ['subject-1'], 5);
      assert.equal(events.length, 5, 'three analyses, the erasure and its tombstone');
      assert.ok(events.every((event) => event.key === 'subject-1'));
      const envelopes = events.slice(0, 4).map((event) => eventsV1.EventEnvelope.decode(event.value!));
      assert.deepEqual(envelopes.slice(0, 3).map((envelope) => envelope.skinToneAnalyzed?.analysisId), written.map((analysis) => analysis.id));
      assert.ok(envelopes[3]!.subjectErased, 'then the erasure');
      assert.equal(events[4]!.value, null, 'then the tombstone');
      const first = events[0]!;
      assert.equal(first.headers[EVENT_ID_HEADER], envelopes[0]!.id);
      assert.equal(first.headers[EVENT_TYPE_HEADER], 'shine.events.v1.SkinToneAnalyzed');
      assert.equal(first.headers[SCHEMA_VERSION_HEADER], '1');
      assert.match(first.headers['traceparent'] ?? '', /^00-0af7651916cd43dd8448eb211c80319c-/, 'the upload\'s trace goes with the event');
      assert.equal(await unpublished(pool), 0);
      assert.equal(Number((await pool.query("SELECT count(*) FROM outbox WHERE message_key = 'subject-1'")).rows[0].count), 0, 'once the erasure is out, no row holds the subject');
      assert.equal((await metrics.published.get()).values[0]?.value, 4);
      assert.equal((await metrics.depth.get()).values[0]?.value, 0);
    } finally {
      await relay.stop();
    }
  });

  it('never publishes a row twice with two replicas relaying one outbox, and keeps each subject in order', async () => {
    const subjects = ['a', 'b', 'c', 'd'].map((name) => `replica-subject-${name}`);
    const written: string[] = [];
    for (let round = 0; round < 15; round++) {
      for (const subject of subjects) {
        const analysis = analysisFor(subject, 1 + (round % 10));
        written.push(analysis.id);
        await store.save(analysis, { traceContext: {} });
      }
    }
    const replicas = [0, 1].map(() => startOutboxRelay({ pool, transport, metrics: createOutboxMetrics(new Registry()), log: quiet, idleMs: 20, batchSize: 7 }));
    try {
      const events = await readAll(transport, subjects, written.length);
      const ids = events.map((event) => eventsV1.EventEnvelope.decode(event.value!).skinToneAnalyzed!.analysisId);
      assert.equal(ids.length, written.length, 'each row once');
      assert.equal(new Set(ids).size, written.length);
      for (const subject of subjects) {
        const order = written.filter((_id, index) => subjects[index % subjects.length] === subject);
        assert.deepEqual(ids.filter((id) => order.includes(id)), order, `${subject} in order`);
      }
    } finally {
      await Promise.all(replicas.map((relay) => relay.stop()));
    }
  });

  it('prunes published rows after their retention', async () => {
    await store.save(analysisFor('subject-prune', 6), { traceContext: {} });
    const relay = startOutboxRelay({ pool, transport, metrics: createOutboxMetrics(new Registry()), log: quiet, idleMs: 20, retentionMs: 1 });
    try {
      for (let attempt = 0; attempt < 100 && Number((await pool.query('SELECT count(*) FROM outbox')).rows[0].count) > 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(Number((await pool.query('SELECT count(*) FROM outbox')).rows[0].count), 0);
    } finally {
      await relay.stop();
    }
  });
});

const kafkaSkip = localKafkaUnavailable() && !process.env['CI'] ? `Kafka cannot run here: ${localKafkaUnavailable()}` : false;

describe('outbox relay with a Kafka broker that goes down', { skip: kafkaSkip, timeout: 180_000 }, () => {
  it('keeps analyses waiting while the broker is stopped and publishes every one once it is back', async () => {
    const database = await createTestDatabase({ migrations });
    const pool = createPool({ connectionString: database.url, applicationName: 'test', onIdleError: quiet });
    const store = createAnalysisStore(pool);
    const dataDir = mkdtempSync(join(tmpdir(), 'shine-kafka-relay-'));
    const [port, controllerPort] = [await freePort(), await freePort()];
    let broker = await startLocalKafka({ dataDir, port, controllerPort });
    const transport = kafkaTransport({ brokers: broker.brokers, clientId: 'relay-test', sessionTimeoutMs: 6_000 });
    const metrics = createOutboxMetrics(new Registry());
    const warnings: string[] = [];
    const relay = startOutboxRelay({ pool, transport, metrics, log: (level, message) => level === 'warn' && warnings.push(message), idleMs: 50, maxBackoffMs: 500 });
    try {
      await transport.ensureTopics(topics, assert.fail);
      await store.save(analysisFor('subject-k', 7), { traceContext: {} });
      for (let attempt = 0; attempt < 200 && (await unpublished(pool)) > 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await unpublished(pool), 0, 'published while the broker is up');

      await broker.stop();
      for (const monk of [8, 9]) await store.save(analysisFor('subject-k', monk), { traceContext: {} });
      for (let attempt = 0; attempt < 400 && (await metrics.failures.get()).values[0]!.value === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok((await metrics.failures.get()).values[0]!.value > 0, 'failures are counted');
      assert.equal(await unpublished(pool), 2, 'the analyses are stored and their events wait');
      assert.equal(warnings.filter((message) => message.startsWith('publishing outbox events failed')).length, 1, 'one warning, not one per attempt');

      broker = await startLocalKafka({ dataDir, port, controllerPort });
      for (let attempt = 0; attempt < 600 && (await unpublished(pool)) > 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(await unpublished(pool), 0, 'published once the broker is back');
      const monks = (await readAll(transport, ['subject-k'], 3)).map((event) => eventsV1.EventEnvelope.decode(event.value!).skinToneAnalyzed!.skinTone!.monk);
      assert.deepEqual(monks, [7, 8, 9], 'each event once, in order');
    } finally {
      await relay.stop();
      await transport.close();
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
      await pool.end();
      await database.drop();
      await stopTestServer();
    }
  });
});
