import { newId } from '@shine/platform';
import { inTransaction, type Pool, type PoolClient } from '@shine/postgres';
import type { ProductRecord } from '../catalog-record.ts';

/** The channel every replica LISTENs on; the payload is the new catalogue version. */
export const CATALOG_CHANGED_CHANNEL = 'catalog_changed';

export interface ImportProgress {
  /** Shades written so far. */
  done: number;
  total: number;
}

export interface ImportOptions {
  /** Shades per batch of statements. */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

export interface ImportSummary {
  /** Brands added, or renamed (a different spelling of the same name). */
  brandsChanged: number;
  products: { inserted: number; updated: number; unchanged: number };
  shades: { inserted: number; updated: number; unchanged: number; removed: number };
  /** The catalogue version after the import; unchanged when the import changed nothing. */
  version: number;
  changed: boolean;
}

/**
 * Loads validated products in one transaction, in batches: a product is upserted by its external id
 * and its shades by name, and shades no longer listed for an imported product are removed. Rows that
 * are already as imported are not touched, so importing the same file twice changes nothing. Products
 * missing from the file stay as they are. When something changed, the catalogue version is bumped and
 * NOTIFY catalog_changed is sent on commit.
 */
export async function importCatalog(pool: Pool, records: readonly ProductRecord[], options: ImportOptions = {}): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 2000;
  const total = records.reduce((sum, record) => sum + record.shades.length, 0);
  return inTransaction(pool, async (client) => {
    // One import at a time, so two runs of the same file cannot race each other's upserts.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('shine.catalog.import'))");
    const summary: ImportSummary = {
      brandsChanged: await upsertBrands(client, records),
      products: { inserted: 0, updated: 0, unchanged: 0 },
      shades: { inserted: 0, updated: 0, unchanged: 0, removed: 0 },
      version: 0,
      changed: false,
    };
    let done = 0;
    options.onProgress?.({ done, total });
    for (const batch of batches(records, batchSize)) {
      options.signal?.throwIfAborted();
      const products = await upsertProducts(client, batch);
      summary.products.inserted += products.inserted;
      summary.products.updated += products.updated;
      const shades = await upsertShades(client, batch, products.ids);
      summary.shades.inserted += shades.inserted;
      summary.shades.updated += shades.updated;
      summary.shades.removed += shades.removed;
      done += batch.reduce((sum, record) => sum + record.shades.length, 0);
      options.onProgress?.({ done, total });
    }
    summary.products.unchanged = records.length - summary.products.inserted - summary.products.updated;
    summary.shades.unchanged = total - summary.shades.inserted - summary.shades.updated;
    summary.changed =
      summary.brandsChanged + summary.products.inserted + summary.products.updated + summary.shades.inserted + summary.shades.updated + summary.shades.removed > 0;
    summary.version = await (summary.changed ? bumpVersion(client) : currentVersion(client));
    return summary;
  });
}

/** Consecutive products holding about `size` shades together; a product is never split. */
function* batches(records: readonly ProductRecord[], size: number): Generator<ProductRecord[]> {
  let batch: ProductRecord[] = [];
  let shades = 0;
  for (const record of records) {
    batch.push(record);
    shades += record.shades.length;
    if (shades >= size) {
      yield batch;
      batch = [];
      shades = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

async function upsertBrands(client: PoolClient, records: readonly ProductRecord[]): Promise<number> {
  const names = new Map<string, string>();
  for (const record of records) if (!names.has(record.brand.toLowerCase())) names.set(record.brand.toLowerCase(), record.brand);
  const { rows } = await client.query<{ inserted: boolean }>(
    `INSERT INTO brands AS brand (key, name)
     SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (key) DO UPDATE SET name = excluded.name WHERE brand.name <> excluded.name
     RETURNING (xmax = 0) AS inserted`,
    [[...names.keys()], [...names.values()]],
  );
  return rows.length;
}

async function upsertProducts(client: PoolClient, batch: readonly ProductRecord[]) {
  const { rows } = await client.query<{ inserted: boolean }>(
    `INSERT INTO products AS product (id, external_id, brand_key, name, category, price, currency, finish, coverage, tags, search)
     SELECT input.id, input.external_id, input.brand_key, input.name, input.category, input.price, input.currency,
            input.finish, input.coverage, ARRAY(SELECT jsonb_array_elements_text(input.tags)),
            to_tsvector('simple', input.search_text)
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::text[], $8::text[],
                 $9::text[], $10::jsonb[], $11::text[])
          AS input (id, external_id, brand_key, name, category, price, currency, finish, coverage, tags, search_text)
     ON CONFLICT (external_id) DO UPDATE SET
       brand_key = excluded.brand_key, name = excluded.name, category = excluded.category, price = excluded.price,
       currency = excluded.currency, finish = excluded.finish, coverage = excluded.coverage, tags = excluded.tags,
       search = excluded.search, updated_at = now()
     WHERE (product.brand_key, product.name, product.category, product.price, product.currency, product.finish,
            product.coverage, product.tags, product.search)
       IS DISTINCT FROM (excluded.brand_key, excluded.name, excluded.category, excluded.price, excluded.currency,
            excluded.finish, excluded.coverage, excluded.tags, excluded.search)
     RETURNING (xmax = 0) AS inserted`,
    [
      batch.map(() => newId()),
      batch.map((record) => record.externalId),
      batch.map((record) => record.brand.toLowerCase()),
      batch.map((record) => record.name),
      batch.map((record) => record.category),
      batch.map((record) => record.price.amount),
      batch.map((record) => record.price.currency),
      batch.map((record) => record.finish ?? null),
      batch.map((record) => record.coverage ?? null),
      batch.map((record) => JSON.stringify(record.tags)),
      batch.map((record) => [record.brand, record.name, record.category, ...record.tags].join(' ')),
    ],
  );
  const ids = await client.query<{ id: string; external_id: string }>('SELECT id, external_id FROM products WHERE external_id = ANY($1)', [
    batch.map((record) => record.externalId),
  ]);
  const inserted = rows.filter((row) => row.inserted).length;
  return { inserted, updated: rows.length - inserted, ids: new Map(ids.rows.map((row) => [row.external_id, row.id])) };
}

async function upsertShades(client: PoolClient, batch: readonly ProductRecord[], productIds: ReadonlyMap<string, string>) {
  const shades = batch.flatMap((record) => {
    const productId = productIds.get(record.externalId);
    if (productId === undefined) throw new Error(`product ${record.externalId} was not written`);
    return record.shades.map((shade) => ({ productId, shade }));
  });
  const { rows } = await client.query<{ inserted: boolean }>(
    `INSERT INTO shades AS shade (id, product_id, name, hex, l, a, b, undertone, depth, monk_level, in_stock)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[],
                          $8::text[], $9::text[], $10::int2[], $11::bool[])
     ON CONFLICT (product_id, name) DO UPDATE SET
       hex = excluded.hex, l = excluded.l, a = excluded.a, b = excluded.b, undertone = excluded.undertone,
       depth = excluded.depth, monk_level = excluded.monk_level, in_stock = excluded.in_stock, updated_at = now()
     WHERE (shade.hex, shade.l, shade.a, shade.b, shade.undertone, shade.depth, shade.monk_level, shade.in_stock)
       IS DISTINCT FROM (excluded.hex, excluded.l, excluded.a, excluded.b, excluded.undertone, excluded.depth,
            excluded.monk_level, excluded.in_stock)
     RETURNING (xmax = 0) AS inserted`,
    [
      shades.map(() => newId()),
      shades.map(({ productId }) => productId),
      shades.map(({ shade }) => shade.name),
      shades.map(({ shade }) => shade.hex),
      shades.map(({ shade }) => shade.lab.l),
      shades.map(({ shade }) => shade.lab.a),
      shades.map(({ shade }) => shade.lab.b),
      shades.map(({ shade }) => shade.undertone ?? null),
      shades.map(({ shade }) => shade.depth ?? null),
      shades.map(({ shade }) => shade.monkLevel ?? null),
      shades.map(({ shade }) => shade.inStock),
    ],
  );
  const removed = await client.query(
    `DELETE FROM shades AS shade
     WHERE shade.product_id = ANY($1::uuid[])
       AND NOT EXISTS (SELECT 1 FROM unnest($2::uuid[], $3::text[]) AS keep (product_id, name)
                       WHERE keep.product_id = shade.product_id AND keep.name = shade.name)`,
    [[...new Set(shades.map(({ productId }) => productId))], shades.map(({ productId }) => productId), shades.map(({ shade }) => shade.name)],
  );
  const inserted = rows.filter((row) => row.inserted).length;
  return { inserted, updated: rows.length - inserted, removed: removed.rowCount ?? 0 };
}

async function bumpVersion(client: PoolClient): Promise<number> {
  const { rows } = await client.query<{ version: string }>(
    'UPDATE catalog_version SET version = version + 1, changed_at = now() RETURNING version',
  );
  const version = Number(rows[0]?.version);
  // Delivered to listeners only when the transaction commits, so they never see a half import.
  await client.query('SELECT pg_notify($1, $2)', [CATALOG_CHANGED_CHANNEL, String(version)]);
  return version;
}

async function currentVersion(client: PoolClient): Promise<number> {
  const { rows } = await client.query<{ version: string }>('SELECT version FROM catalog_version');
  return Number(rows[0]?.version ?? 0);
}
