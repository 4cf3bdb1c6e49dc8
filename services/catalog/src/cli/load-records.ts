import { createPool, migrate } from '@shine/postgres';
import { progressBar } from './progress-bar.ts';
import type { ProductRecord } from '../catalog-record.ts';
import { importCatalog, type ImportSummary } from '../import/import-catalog.ts';
import { migrationsDir } from '../migrations-dir.ts';

/** Migrates, then imports with a progress bar on stderr; what `catalog:import` and `catalog:seed` share. */
export async function loadRecords(databaseUrl: string, records: readonly ProductRecord[]): Promise<ImportSummary> {
  await migrate({ databaseUrl, dir: migrationsDir });
  const pool = createPool({ connectionString: databaseUrl, applicationName: 'catalog-import', max: 1, onIdleError: () => {} });
  const bar = progressBar('importing', 'shades');
  try {
    return await importCatalog(pool, records, { onProgress: ({ done, total }) => bar.update(done, total) });
  } finally {
    bar.finish();
    await pool.end();
  }
}

/** "12 products added, 3 updated, 40 unchanged; 300 shades added, …; catalogue version 4". */
export function describeSummary(summary: ImportSummary): string {
  const { products, shades } = summary;
  const parts = [
    `products: ${products.inserted} added, ${products.updated} updated, ${products.unchanged} unchanged`,
    `shades: ${shades.inserted} added, ${shades.updated} updated, ${shades.removed} removed, ${shades.unchanged} unchanged`,
  ];
  return `${parts.join('; ')}. ${summary.changed ? `Catalogue version is now ${summary.version}.` : `Nothing changed (catalogue version ${summary.version}).`}`;
}
