import { setTimeout as sleep } from 'node:timers/promises';
import { analysisV1, loadDescriptorSet } from '@shine/contracts';
import { createClient, createLogger, createMetrics, exitOnSignals, packageVersion } from '@shine/platform';
import { loadConfigOrExit } from '@shine/platform/config';
import { createPool, migrate, observePool } from '@shine/postgres';
import { catalogConfigSchema } from './config.ts';
import { migrationsDir } from './migrations-dir.ts';
import { seedWhenEmpty } from './seed/seed-when-empty.ts';
import { startCatalog } from './start-catalog.ts';
import { listenForCatalogChanges } from './store/catalog-changes.ts';

const version = packageVersion(new URL('../package.json', import.meta.url));
const config = loadConfigOrExit('catalog', catalogConfigSchema);
const logger = createLogger({ service: 'catalog', version, level: config.LOG_LEVEL });
const metrics = createMetrics({ service: 'catalog', version });

const applied = await migrate({ databaseUrl: config.DATABASE_URL, dir: migrationsDir, log: (message) => logger.debug(message) });
logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'schema up to date');
const pool = createPool({
  connectionString: config.DATABASE_URL,
  applicationName: 'catalog',
  max: config.DATABASE_POOL_SIZE,
  onIdleError: (error) => logger.warn({ err: error }, 'an idle PostgreSQL connection failed'),
});
observePool(metrics.registry, 'catalog', pool);
const analysis = createClient(analysisV1.AnalysisServiceClient, config.ANALYSIS_ADDRESS, { metrics });
const { running, catalog, store } = await startCatalog({ config, logger, metrics, pool, analysis, descriptorSet: loadDescriptorSet() });
running.onShutdown(() => pool.end());
running.onShutdown(() => analysis.close());
exitOnSignals(running, logger);

if (config.SEED_WHEN_EMPTY) await seedWhenEmpty(pool, store, logger);
// Ready only with a shade index: while the first load fails (the database still starting, say),
// stay unready and try again, rather than report ready with nothing to match against.
for (let attempt = 1; ; attempt++) {
  try {
    await catalog.changed(undefined);
    catalog.shadeIndex();
    break;
  } catch (error) {
    const retryMs = Math.min(5_000, 250 * 2 ** attempt);
    logger.warn({ err: error, attempt, retry_ms: retryMs }, 'the catalogue could not be loaded yet; trying again');
    await sleep(retryMs);
  }
}
// NOTIFY from imports keeps every replica current; the poll catches what a lost connection missed.
const follow = (version: number | undefined) =>
  void catalog.changed(version).catch((error: unknown) => logger.warn({ err: error }, 'could not check the catalogue version'));
const listener = listenForCatalogChanges({ connectionString: config.DATABASE_URL, onChange: follow, logger });
const poll = setInterval(() => follow(undefined), config.CATALOG_POLL_MS);
running.onShutdown(() => listener.close());
running.onShutdown(() => clearInterval(poll));
running.setReady(true);
logger.info({ catalog_version: catalog.shadeIndex().version, shades: catalog.shadeIndex().size }, 'ready');
