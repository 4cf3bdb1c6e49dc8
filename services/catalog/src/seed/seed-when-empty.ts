import type { Logger } from '@shine/platform';
import type { Pool } from '@shine/postgres';
import { DEFAULT_SEED, generateSeedCatalog } from './seed-catalog.ts';
import { importCatalog } from '../import/import-catalog.ts';
import type { CatalogStore } from '../store/catalog-store.ts';

/**
 * Loads the seed catalogue into an empty catalogue, so a fresh local run has something to show.
 * Replicas starting together both may try; the import is idempotent, so the second changes nothing.
 */
export async function seedWhenEmpty(pool: Pool, store: CatalogStore, logger: Logger): Promise<void> {
  if (!(await store.isEmpty())) return;
  const records = generateSeedCatalog({ seed: DEFAULT_SEED });
  const summary = await importCatalog(pool, records);
  logger.info(
    { seed: DEFAULT_SEED, products: summary.products.inserted, shades: summary.shades.inserted, catalog_version: summary.version },
    'the catalogue was empty: loaded the seed catalogue (SEED_WHEN_EMPTY=false turns this off)',
  );
}
