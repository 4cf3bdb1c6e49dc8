import { loadDescriptorSet } from '@shine/contracts';
import { createOutboxMetrics, openEventTransport, startOutboxRelay, type OutboxRelay } from '@shine/events';
import { Code, createLogger, createMetrics, exitOnSignals, latencyBuckets, newId, packageVersion, ShineError, startService } from '@shine/platform';
import { loadConfigOrExit } from '@shine/platform/config';
import { createPool, migrate, observePool } from '@shine/postgres';
import { createAnalysisMetrics, recordMeasuredPhoto } from './service/analysis-metrics.ts';
import { toMeasuredAnalysis } from './service/analysis-message.ts';
import { createAnalysisStore } from './service/analysis-store.ts';
import { analyzeInSpans } from './service/analyze-in-spans.ts';
import type { AnalysisWorkerData, TimedPhotoAnalysis } from './workers/analysis-worker.ts';
import { analysisConfigSchema } from './config.ts';
import { migrationsDir } from './migrations-dir.ts';
import { InferencePool } from './workers/inference-pool.ts';
import { analysisService } from './service/server.ts';

const version = packageVersion(new URL('../package.json', import.meta.url));
const config = loadConfigOrExit('analysis', analysisConfigSchema);
const logger = createLogger({ service: 'analysis', version, level: config.LOG_LEVEL });
const metrics = createMetrics({ service: 'analysis', version, buckets: latencyBuckets.inference });

const applied = await migrate({ databaseUrl: config.DATABASE_URL, dir: migrationsDir });
if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
const pool = createPool({
  connectionString: config.DATABASE_URL,
  applicationName: 'shine-analysis',
  onIdleError: (error) => logger.warn({ err: error }, 'an idle database connection failed'),
});
observePool(metrics.registry, 'analysis', pool);

const workerData: AnalysisWorkerData = { maxPixels: config.MAX_IMAGE_PIXELS, backend: config.TF_BACKEND };
const inference = new InferencePool({
  workerUrl: new URL('./workers/analysis-worker.ts', import.meta.url),
  workerData,
  size: config.ANALYSIS_WORKERS,
  queueLimit: config.ANALYSIS_QUEUE_LIMIT,
  onWorkerExit: (error) => logger.error({ err: error }, 'an inference worker died and was replaced'),
});
// Events: the outbox relay publishes what each transaction wrote, on Kafka or the embedded transport.
const events = openEventTransport(config, { clientId: 'shine-analysis', log: (level, message, fields) => logger[level](fields, message) });
let relay: OutboxRelay | undefined;
const stopEvents = new AbortController();
if (events) {
  relay = startOutboxRelay({
    pool,
    transport: events.transport,
    metrics: createOutboxMetrics(metrics.registry),
    retentionMs: config.OUTBOX_RETENTION_MS,
    log: (level, message, fields) => logger[level](fields, message),
  });
  // In the background: a broker still starting must not keep analyses from being served.
  void events.ensureShineTopics({ retryUntil: stopEvents.signal }).then(() => relay?.wake());
  logger.info({ transport: events.transport.description }, 'publishing analysis events');
} else {
  logger.warn('analysis events are not published: set KAFKA_BROKERS, or EVENTS_DATABASE_URL for the embedded transport; they wait in the outbox');
}
const analysisMetrics = createAnalysisMetrics(metrics.registry, { running: () => inference.running, queued: () => inference.queued });

let backend = 'loading';
const running = await startService({
  config,
  logger,
  metrics,
  descriptorSet: loadDescriptorSet(),
  services: [
    analysisService({
      store: createAnalysisStore(pool, { onEventWritten: () => relay?.wake() }),
      maxImageBytes: config.MAX_IMAGE_BYTES,
      newId: () => newId(),
      analyze: async (image, signal) => {
        const stopTimer = analysisMetrics.durationSeconds.startTimer({ backend });
        try {
          const timed = await analyzeInSpans(image.byteLength, () => inference.run<TimedPhotoAnalysis>(image, { signal }));
          const measured = toMeasuredAnalysis(timed.analysis);
          stopTimer({ outcome: 'ok' });
          recordMeasuredPhoto(analysisMetrics, timed, measured);
          return measured;
        } catch (error) {
          stopTimer({ outcome: 'error' });
          if (error instanceof ShineError && error.code === Code.RESOURCE_EXHAUSTED) analysisMetrics.shed.inc();
          throw error;
        }
      },
    }),
  ],
});
running.onShutdown(() => pool.end());
running.onShutdown(() => inference.close());
// Run before the pool closes (last registered first): the batch in hand is marked before the pool goes.
running.onShutdown(async () => {
  stopEvents.abort();
  await relay?.stop();
  await events?.transport.close();
});
exitOnSignals(running, logger);

// Models load and warm up in every worker before the service says it is ready.
const loadStarted = performance.now();
backend = await inference.ready();
const loadSeconds = (performance.now() - loadStarted) / 1000;
analysisMetrics.modelInfo.set({ backend }, 1);
analysisMetrics.modelLoadSeconds.set(loadSeconds);
running.setReady(true);
logger.info({ backend, workers: config.ANALYSIS_WORKERS, load_ms: Math.round(loadSeconds * 1000) }, 'face models loaded and warm; ready');
