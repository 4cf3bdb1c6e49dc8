import { Code, ShineError, TtlCache, type Logger } from '@shine/platform';
import type { Registry } from 'prom-client';
import type { CatalogStore, ProductPage } from './catalog-store.ts';
import type { ProductQuery } from './product-query.ts';
import type { CatalogMetrics } from '../catalog-metrics.ts';
import type { CatalogProduct } from '../catalog-product.ts';
import { buildShadeIndex, type ShadeIndex } from '../matching/shade-index.ts';

export interface LiveCatalogOptions {
  store: CatalogStore;
  logger: Logger;
  metrics: CatalogMetrics;
  registry?: Registry;
  cacheTtlMs: number;
  cacheEntries: number;
}

/**
 * The catalogue as the handlers see it: the shade index for matching, held in memory, and product
 * queries through a cache. Both follow the stored catalogue version: `changed` (on NOTIFY, or a poll)
 * drops the cache at once and rebuilds the index in the background, serving the old one meanwhile.
 */
export interface LiveCatalog {
  /** UNAVAILABLE until the first load has finished. */
  shadeIndex(): ShadeIndex;
  listProducts(query: ProductQuery): Promise<ProductPage>;
  getProduct(id: string): Promise<CatalogProduct | undefined>;
  /** The catalogue changed to `version`, or may have (undefined): check and catch up. Also the first load. */
  changed(version: number | undefined): Promise<void>;
}

export function createLiveCatalog(options: LiveCatalogOptions): LiveCatalog {
  const { store, logger, metrics } = options;
  const cache = new TtlCache<ProductPage | CatalogProduct>({
    name: 'catalog_products',
    ttlMs: options.cacheTtlMs,
    maxEntries: options.cacheEntries,
    ...(options.registry ? { registry: options.registry } : {}),
  });

  const load = async (): Promise<ShadeIndex> => {
    const started = performance.now();
    const { version, shades } = await store.loadShades();
    const index = buildShadeIndex(version, shades);
    metrics.version.set(version);
    metrics.indexedShades.set(index.size);
    logger.info({ catalog_version: version, shades: index.size, ms: Math.round(performance.now() - started) }, 'shade index loaded');
    return index;
  };

  let index: ShadeIndex | undefined;
  // The newest version heard of; cache keys carry it, so a result read before a change and stored
  // after it is never served under the new version.
  let knownVersion = -1;
  let reloading: Promise<void> | undefined;
  let reloadAgain = false;

  const useVersion = (version: number) => {
    knownVersion = version;
    cache.clear();
  };

  const reload = async (): Promise<void> => {
    if (reloading) {
      reloadAgain = true;
      return reloading;
    }
    reloading = (async () => {
      do {
        reloadAgain = false;
        try {
          // Reloads run one at a time, so the last one loaded is the newest: take it even when its
          // version is lower (a database restored from a backup).
          index = await load();
          if (index.version !== knownVersion) useVersion(index.version);
          metrics.indexReloads.inc({ result: 'ok' });
        } catch (error) {
          metrics.indexReloads.inc({ result: 'failed' });
          logger.error({ err: error }, 'reloading the shade index failed; still serving the previous one');
        }
      } while (reloadAgain);
    })().finally(() => {
      reloading = undefined;
    });
    return reloading;
  };

  const cached = async <Value extends ProductPage | CatalogProduct | undefined>(key: string, read: () => Promise<Value>): Promise<Value> => {
    const fullKey = `${knownVersion}:${key}`;
    const hit = cache.get(fullKey);
    if (hit !== undefined) return hit as Value;
    const value = await read();
    if (value !== undefined) cache.set(fullKey, value);
    return value;
  };

  return {
    shadeIndex: () => {
      if (!index) throw new ShineError(Code.UNAVAILABLE, 'the catalogue is still loading; retry in a moment', { reason: 'CATALOG_LOADING' });
      return index;
    },
    listProducts: (query) =>
      cached(`list:${query.fingerprint}:${query.pageSize}:${JSON.stringify(query.after ?? null)}`, () =>
        store.listProducts(query.filter, query.pageSize, query.after),
      ),
    getProduct: (id) => cached(`product:${id}`, () => store.getProduct(id)),
    changed: async (version) => {
      const latest = version ?? (await store.version());
      if (latest === index?.version && latest === knownVersion) return;
      if (latest !== knownVersion) useVersion(latest);
      await reload();
    },
  };
}
