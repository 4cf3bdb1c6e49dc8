import { catalogV1, loadDescriptorSet, paletteV1 } from '@shine/contracts';
import { ANALYSIS_TOPIC, createOutboxMetrics, handleWithRetry, openEventTransport, startOutboxRelay, type Subscription } from '@shine/events';
import { createClient, createLogger, createMetrics, exitOnSignals, flushTelemetry, packageVersion, startService } from '@shine/platform';
import { loadConfigOrExit } from '@shine/platform/config';
import { createPool, migrate, observePool } from '@shine/postgres';
import { grpcAdviceSources } from './advice/advice-sources.ts';
import { cachedAdviceSources } from './advice/cached-advice-sources.ts';
import { recommenderConfigSchema } from './config.ts';
import { migrationsDir } from './migrations-dir.ts';
import { analysisEventHandler } from './consumer/analysis-events.ts';
import { createRecommenderMetrics } from './recommender-metrics.ts';
import { recommenderService } from './service/server.ts';
import { startWatchHub } from './service/watch-hub.ts';
import { createRecommendationStore } from './store/recommendation-store.ts';

const version = packageVersion(new URL('../package.json', import.meta.url));
const config = loadConfigOrExit('recommender', recommenderConfigSchema);
const logger = createLogger({ service: 'recommender', version, level: config.LOG_LEVEL });
const metrics = createMetrics({ service: 'recommender', version });
const log = (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>) => logger[level](fields, message);

const events = openEventTransport(config, { clientId: 'shine-recommender', log });
if (!events) {
  process.stderr.write('recommender: invalid configuration: KAFKA_BROKERS or EVENTS_DATABASE_URL is required (the recommender is fed by events)\n');
  process.exit(1);
}

const applied = await migrate({ databaseUrl: config.DATABASE_URL, dir: migrationsDir });
if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
const pool = createPool({
  connectionString: config.DATABASE_URL,
  applicationName: 'shine-recommender',
  max: config.DATABASE_POOL_SIZE,
  onIdleError: (error) => logger.warn({ err: error }, 'an idle database connection failed'),
});
observePool(metrics.registry, 'recommender', pool);
const palette = createClient(paletteV1.PaletteServiceClient, config.PALETTE_ADDRESS, { metrics });
const catalog = createClient(catalogV1.CatalogServiceClient, config.CATALOG_ADDRESS, { metrics });

const relay = startOutboxRelay({ pool, transport: events.transport, metrics: createOutboxMetrics(metrics.registry), retentionMs: config.OUTBOX_RETENTION_MS, log });
const store = createRecommendationStore(pool, { onEventWritten: () => relay.wake() });
const hub = await startWatchHub(config.DATABASE_URL, store, (message, error) => logger.warn({ err: error }, message));
let subscription: Subscription | undefined;
const recommenderMetrics = createRecommenderMetrics(metrics.registry, { lag: async () => (await subscription?.lag()) ?? new Map(), watchers: () => hub.watchers });

const running = await startService({ config, logger, metrics, services: [recommenderService({ store, hub })], descriptorSet: loadDescriptorSet() });
const stopping = new AbortController();
// Last registered runs first: stop taking events, then the relay, then the connections.
running.onShutdown(() => pool.end());
running.onShutdown(() => {
  palette.close();
  catalog.close();
});
running.onShutdown(() => hub.close());
running.onShutdown(async () => {
  stopping.abort();
  await subscription?.stop();
  await relay.stop();
  await events.transport.close();
});
exitOnSignals(running, logger);

// Ready to serve reads at once; the consumer joins its group as soon as the topics exist.
running.setReady(true);
logger.info({ transport: events.transport.description, group: config.CONSUMER_GROUP }, 'serving recommendations; joining the consumer group');
await events.ensureShineTopics({ retryUntil: stopping.signal });
if (!stopping.signal.aborted) {
  const handle = analysisEventHandler({
    store,
    sources: cachedAdviceSources(grpcAdviceSources(palette, catalog, config.ADVICE_TIMEOUT_MS), {
      ttlMs: config.ADVICE_CACHE_TTL_MS,
      maxEntries: config.ADVICE_CACHE_MAX_ENTRIES,
      registry: metrics.registry,
    }),
    matchesPerCategory: config.MATCHES_PER_CATEGORY,
    onHandled: ({ type, outcome, delaySeconds }) => {
      recommenderMetrics.processed.inc({ type, outcome });
      if (outcome === 'stored' && delaySeconds !== undefined) recommenderMetrics.endToEndSeconds.observe(delaySeconds);
    },
  });
  subscription = await events.transport.subscribe({
    groupId: config.CONSUMER_GROUP,
    topics: [ANALYSIS_TOPIC],
    handle: handleWithRetry({
      transport: events.transport,
      handle,
      retry: { initialDelayMs: 100, maxDelayMs: config.RETRY_MAX_DELAY_MS },
      onRetry: (event, error, attempt, delayMs) => {
        recommenderMetrics.retried.inc();
        if (attempt === 1 || delayMs === config.RETRY_MAX_DELAY_MS) logger.warn({ err: error, partition: event.partition, offset: event.offset, attempt, retry_ms: delayMs }, 'an event failed; retrying it before the next one');
      },
      onDeadLetter: (event, reason) => {
        recommenderMetrics.deadLettered.inc();
        logger.error({ partition: event.partition, offset: event.offset, reason }, 'an event can never be handled: sent to the dead-letter topic');
      },
    }),
    onCrash: (error) => {
      logger.error({ err: error }, 'the event consumer stopped; exiting so the orchestrator restarts the recommender');
      // The spans of the failing handler are the ones worth seeing: flushed before the exit, as on SIGTERM.
      void running
        .shutdown('event consumer crashed')
        .then(() => flushTelemetry())
        .then(() => process.exit(1));
    },
  });
  const prune = setInterval(() => {
    void store.pruneProcessedEvents(config.PROCESSED_EVENTS_RETENTION_MS).catch((error: unknown) => logger.warn({ err: error }, 'could not prune processed events'));
  }, 3_600_000);
  prune.unref();
  running.onShutdown(() => clearInterval(prune));
  logger.info('consuming shine.analysis.v1; ready');
}
