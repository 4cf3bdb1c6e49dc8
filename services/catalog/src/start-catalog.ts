import type { analysisV1 } from '@shine/contracts';
import { startService, type Logger, type Metrics, type RunningService } from '@shine/platform';
import type { Pool } from '@shine/postgres';
import { createCatalogMetrics } from './catalog-metrics.ts';
import type { CatalogConfig } from './config.ts';
import { analysisSkinTones } from './matching/analysis-skin-tones.ts';
import { catalogService } from './service/server.ts';
import { createCatalogStore, type CatalogStore } from './store/catalog-store.ts';
import { createLiveCatalog, type LiveCatalog } from './store/live-catalog.ts';

export interface CatalogDependencies {
  readonly config: CatalogConfig;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly pool: Pool;
  /** The analysis service, for MatchShades by analysis_id. */
  readonly analysis: analysisV1.AnalysisServiceClient;
  readonly descriptorSet?: Uint8Array;
}

export interface StartedCatalog {
  readonly running: RunningService;
  /** The loaded catalogue: not ready to match until `changed` has loaded it once. */
  readonly catalog: LiveCatalog;
  readonly store: CatalogStore;
}

/**
 * The catalog service wired from its dependencies, as main.ts, the tests and the bench run it:
 * the store on the pool, the live catalogue (cache and shade index) with its metrics, and the
 * gRPC service. Not ready and not loaded: the caller loads the catalogue and says when it is ready.
 */
export async function startCatalog({ config, logger, metrics, pool, analysis, descriptorSet }: CatalogDependencies): Promise<StartedCatalog> {
  const store = createCatalogStore(pool);
  const catalog = createLiveCatalog({
    store,
    logger,
    metrics: createCatalogMetrics(metrics.registry),
    registry: metrics.registry,
    cacheTtlMs: config.PRODUCT_CACHE_TTL_MS,
    cacheEntries: config.PRODUCT_CACHE_MAX_ENTRIES,
  });
  const running = await startService({
    config,
    logger,
    metrics,
    services: [catalogService({ catalog, skinTones: analysisSkinTones(analysis, config.ANALYSIS_TIMEOUT_MS) })],
    ...(descriptorSet ? { descriptorSet } : {}),
  });
  return { running, catalog, store };
}
