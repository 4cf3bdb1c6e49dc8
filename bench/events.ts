// `npm run bench:events` (services together, so it sits at the root, not in one service): the event path under load, on a real Kafka (KAFKA_BROKERS, or a local
// broker started here), with the real palette, catalog and recommender as processes. Analyses are
// committed to an analysis database with their outbox event exactly as the analysis service does
// (its store), and published by the same outbox relay; the photo pipeline is left out so the
// event path is what is measured. Progress on stderr; the last stdout line is one JSON object.
//   1. latency: 50 analyses/s for 20 s, each a new subject: analysis committed → recommendations stored;
//   2. consumer throughput: the recommender stopped, a backlog of 5 000 events, then started again;
//      its pace from the first to the last stored (its restart and group join are not the consumer).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnalysisStore } from '@shine/analysis/src/service/analysis-store.ts';
import { analysisV1 } from '@shine/contracts';
import { createOutboxMetrics, kafkaTransport, shineTopics, startOutboxRelay } from '@shine/events';
import { startLocalKafka } from '@shine/events/local-kafka';
import { newId } from '@shine/platform';
import { percentile } from '@shine/platform/bench';
import { seededRandom } from '@shine/platform/seeded-random';
import { freePort, startServiceProcess, type ServiceProcess } from '@shine/platform/testing';
import { createPool, type Pool } from '@shine/postgres';
import { createTestDatabase, stopTestServer } from '@shine/postgres/testing';
import { Registry } from 'prom-client';

const RATE = Number(process.env['BENCH_EVENTS_RATE'] ?? 50);
const SECONDS = Number(process.env['BENCH_EVENTS_SECONDS'] ?? 20);
const BACKLOG = Number(process.env['BENCH_EVENTS_BACKLOG'] ?? 5_000);
const log = (message: string) => process.stderr.write(`bench:events: ${message}\n`);
const migrations = fileURLToPath(new URL('../services/analysis/migrations', import.meta.url));
const serviceDir = (name: string) => fileURLToPath(new URL(`../services/${name}/`, import.meta.url));

// A few dozen skin tones, as many people share: palette's cache and catalog's index answer them warm.
const random = seededRandom(21);
const tones = Array.from({ length: 40 }, () => {
  const l = random.between(30, 80);
  return { lab: { l, a: random.between(8, 18), b: random.between(12, 26) }, monk: Math.max(1, Math.min(10, Math.round((85 - l) / 5.5))), undertone: random.pick([1, 2, 3] as const) };
});

function analysisFor(subjectId: string, index: number): analysisV1.Analysis {
  const tone = tones[index % tones.length]!;
  return analysisV1.Analysis.fromPartial({
    id: newId(),
    subjectId,
    createTime: new Date(),
    skinTone: { lab: tone.lab, hex: '#a07e56', itaDegrees: 20, monk: tone.monk, confidence: 0.9, undertone: tone.undertone },
    model: { pipelineVersion: 'bench' },
    persisted: true,
  });
}

/** Milliseconds from each analysis to its stored recommendations, for the subjects given, once all are stored. */
async function delaysOnceStored(pool: Pool, prefix: string, count: number, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ ms: number }>(
      `SELECT extract(epoch FROM updated_at - analyzed_at)::float8 * 1000 AS ms FROM recommendations WHERE subject_id LIKE $1`,
      [`${prefix}%`],
    );
    if (rows.length >= count) return rows.map((row) => row.ms);
    if (Date.now() > deadline) throw new Error(`only ${rows.length} of ${count} recommendations were stored in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const given = process.env['KAFKA_BROKERS'];
const dataDir = given ? undefined : mkdtempSync(join(tmpdir(), 'shine-bench-kafka-'));
const broker = given ? undefined : await startLocalKafka({ dataDir: dataDir!, port: await freePort(), controllerPort: await freePort() });
const brokers = given ?? broker!.brokers;
log(`Kafka at ${brokers}${given ? ' (KAFKA_BROKERS)' : ' (started for the bench)'}`);
const [analysisDb, catalogDb, recommenderDb] = [await createTestDatabase({ migrations }), await createTestDatabase(), await createTestDatabase()];
const services: ServiceProcess[] = [];
const transport = kafkaTransport({ brokers, clientId: 'bench-events' });
const analysisPool = createPool({ connectionString: analysisDb.url, applicationName: 'bench', onIdleError: () => {} });
const recommenderPool = createPool({ connectionString: recommenderDb.url, applicationName: 'bench', onIdleError: () => {} });
let relay: ReturnType<typeof startOutboxRelay> | undefined;
try {
  await transport.ensureTopics(shineTopics({ partitions: 6, replicationFactor: 1, retentionMs: 3_600_000 }), log);
  const palette = await startServiceProcess(serviceDir('palette'), {});
  const catalog = await startServiceProcess(serviceDir('catalog'), { DATABASE_URL: catalogDb.url });
  services.push(palette, catalog);
  const recommenderEnv = {
    DATABASE_URL: recommenderDb.url,
    KAFKA_BROKERS: brokers,
    PALETTE_ADDRESS: `127.0.0.1:${palette.grpcPort}`,
    CATALOG_ADDRESS: `127.0.0.1:${catalog.grpcPort}`,
  };
  let recommender = await startServiceProcess(serviceDir('recommender'), recommenderEnv);
  services.push(recommender);
  relay = startOutboxRelay({ pool: analysisPool, transport, metrics: createOutboxMetrics(new Registry()), log: () => {}, idleMs: 1_000 });
  const store = createAnalysisStore(analysisPool, { onEventWritten: () => relay?.wake() });

  // Warm-up: the consumer joins its group and the caches fill.
  for (let index = 0; index < 40; index++) await store.save(analysisFor(`warm-${index}`, index), { traceContext: {} });
  await delaysOnceStored(recommenderPool, 'warm-', 40, 60_000);

  log(`latency: ${RATE} analyses/s for ${SECONDS} s`);
  const total = RATE * SECONDS;
  const started = performance.now();
  for (let index = 0; index < total; index++) {
    const due = started + (index * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await store.save(analysisFor(`paced-${index}`, index), { traceContext: {} });
  }
  const produceSeconds = (performance.now() - started) / 1000;
  const delays = await delaysOnceStored(recommenderPool, 'paced-', total, 120_000);

  log(`consumer throughput: a backlog of ${BACKLOG} with the recommender stopped`);
  await recommender.stop();
  for (let index = 0; index < BACKLOG; index++) await store.save(analysisFor(`backlog-${index}`, index), { traceContext: {} });
  for (let attempt = 0; (await analysisPool.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')).rows[0].n > 0; attempt++) {
    if (attempt > 600) throw new Error('the relay did not publish the backlog');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  recommender = await startServiceProcess(serviceDir('recommender'), recommenderEnv);
  services.push(recommender);
  await delaysOnceStored(recommenderPool, 'backlog-', BACKLOG, 300_000);
  // From the first of the backlog stored to the last: the consumer's pace once it has joined its group.
  const { rows: span } = await recommenderPool.query<{ seconds: number }>(
    `SELECT extract(epoch FROM max(updated_at) - min(updated_at))::float8 AS seconds FROM recommendations WHERE subject_id LIKE 'backlog-%'`,
  );
  const consumeSeconds = span[0]!.seconds;

  const round1 = (value: number) => Math.round(value * 10) / 10;
  const result = {
    broker: `kafka ${given ? brokers : '4.3.1 local'}`,
    events: total,
    events_per_s: round1(total / produceSeconds),
    e2e_p50_ms: round1(percentile(delays, 0.5)),
    e2e_p95_ms: round1(percentile(delays, 0.95)),
    e2e_max_ms: round1(Math.max(...delays)),
    backlog: BACKLOG,
    consumer_events_per_s: round1((BACKLOG - 1) / consumeSeconds),
  };
  console.log(`analyses committed → recommendations stored at ${result.events_per_s}/s: p50 ${result.e2e_p50_ms} ms, p95 ${result.e2e_p95_ms} ms, max ${result.e2e_max_ms} ms`);
  console.log(`consumer with a backlog of ${BACKLOG} (palette and catalog answers cached): ${result.consumer_events_per_s} events/s, first to last stored`);
  console.log(JSON.stringify(result));
} finally {
  await relay?.stop();
  await transport.close();
  for (const service of services) await service.stop();
  await broker?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await analysisPool.end();
  await recommenderPool.end();
  for (const database of [analysisDb, catalogDb, recommenderDb]) await database.drop();
  await stopTestServer();
}
