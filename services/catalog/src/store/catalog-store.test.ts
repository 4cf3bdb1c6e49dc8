import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { catalogV1, typeV1 } from '@shine/contracts';
import { createPool, type Pool } from '@shine/postgres';
import { createTestDatabase, stopTestServer, type TestDatabase } from '@shine/postgres/testing';
import { createCatalogStore, listingQuery, type CatalogStore } from './catalog-store.ts';
import { compareAmounts } from './money.ts';
import { nextPageToken, parseListProductsRequest, type ProductQuery } from './product-query.ts';
import type { CatalogProduct } from '../catalog-product.ts';
import type { ProductRecord } from '../catalog-record.ts';
import { importCatalog } from '../import/import-catalog.ts';
import { migrationsDir } from '../migrations-dir.ts';
import { generateSeedCatalog } from '../seed/seed-catalog.ts';

const request = (fields: Partial<catalogV1.ListProductsRequest>) => catalogV1.ListProductsRequest.fromPartial(fields);

/** Every page of a listing, following next_page_token as a client would. */
async function listAll(store: CatalogStore, fields: Partial<catalogV1.ListProductsRequest>, between?: () => Promise<void>) {
  const products: CatalogProduct[] = [];
  let pageToken = '';
  for (let page = 0; page < 1000; page++) {
    const query: ProductQuery = parseListProductsRequest(request({ ...fields, pageToken }));
    const result = await store.listProducts(query.filter, query.pageSize, query.after);
    products.push(...result.products);
    if (!result.next) return products;
    pageToken = nextPageToken(query, result.next);
    await between?.();
  }
  throw new Error('the listing never ended');
}

describe('catalog store on PostgreSQL', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: CatalogStore;
  const seed = generateSeedCatalog();

  before(async () => {
    database = await createTestDatabase({ migrations: migrationsDir });
    pool = createPool({ connectionString: database.url, applicationName: 'test', onIdleError: () => {} });
    store = createCatalogStore(pool);
    await importCatalog(pool, seed);
  });

  after(async () => {
    await pool.end();
    await database.drop();
    await stopTestServer();
  });

  it('pages in brand, name order, shades lightest first, and returns exactly the filtered products', async () => {
    const all = await listAll(store, { pageSize: 7 });
    assert.equal(all.length, seed.length);
    // Page by page, exactly the database's own (brand, name, id) order: no product skipped or repeated
    // at a page boundary, whatever the collation orders names by.
    const { rows } = await pool.query('SELECT id FROM products ORDER BY brand_key, name, id');
    assert.deepEqual(
      all.map((product) => product.id),
      rows.map((row: { id: string }) => row.id),
    );
    for (const product of all) {
      const lightness = product.shades.map((shade) => shade.lab.l);
      assert.deepEqual(lightness, [...lightness].sort((left, right) => right - left), product.name);
    }

    const names = (products: { name: string; brand: string }[]) => products.map((product) => `${product.brand}/${product.name}`).sort();
    const expect = async (fields: Partial<catalogV1.ListProductsRequest>, keep: (record: ProductRecord) => boolean) => {
      assert.deepEqual(names(await listAll(store, { pageSize: 5, ...fields })), names(seed.filter(keep)), JSON.stringify(fields));
    };
    await expect({ category: catalogV1.ProductCategory.PRODUCT_CATEGORY_LIPSTICK }, (record) => record.category === 'lipstick');
    await expect({ brand: 'oAKHOLLOW' }, (record) => record.brand === 'Oakhollow');
    await expect(
      { minPrice: { currencyCode: 'USD', units: '20', nanos: 0 }, maxPrice: { currencyCode: 'USD', units: '35', nanos: 500_000_000 } },
      (record) => record.price.currency === 'USD' && compareAmounts(record.price.amount, '20') >= 0 && compareAmounts(record.price.amount, '35.5') <= 0,
    );
    await expect({ inStockOnly: true }, (record) => record.shades.some((shade) => shade.inStock));
    await expect({ undertone: typeV1.Undertone.UNDERTONE_COOL, category: catalogV1.ProductCategory.PRODUCT_CATEGORY_BLUSH }, (record) =>
      record.category === 'blush' && record.shades.some((shade) => shade.undertone === 'cool'),
    );
    await expect({ query: 'Vegan matte' }, (record) => record.tags.includes('vegan') && /matte/i.test(record.name));
    await expect({ query: 'sable foundat' }, (record) => record.brand === 'Sable & Sage' && record.category === 'foundation');
    assert.ok(seed.some((record) => record.shades.every((shade) => !shade.inStock)), 'the seed has a sold-out product for the in-stock filter');
  });

  it('never skips or repeats a product while others are inserted between and during page reads', async () => {
    const before = await listAll(store, {});
    let inserted = 0;
    // New products whose names sort before, among and after the ones being paged through.
    const insertSome = async () => {
      const batch = ['Aaa', 'Mmm', 'Zzz', 'Oakhollow', 'Solenne'].map((brand) => ({
        ...structuredClone(seed[0]!),
        externalId: `concurrent-${inserted}-${brand}`,
        brand,
        name: `Concurrent ${String(inserted++).padStart(3, '0')} Foundation`,
      }));
      await importCatalog(pool, batch);
    };
    const background = (async () => {
      for (let round = 0; round < 10; round++) await insertSome();
    })();
    const paged = await listAll(store, { pageSize: 6 }, insertSome);
    await background;

    const ids = paged.map((product) => product.id);
    assert.equal(new Set(ids).size, ids.length, 'no product was served twice');
    const seen = new Set(ids);
    for (const product of before) assert.ok(seen.has(product.id), `${product.brand} ${product.name} was skipped`);
    assert.ok(inserted > 50, `${inserted} products were inserted while paging`);
  });

  it('uses the indexes for the listing filters and the shade lookups (EXPLAIN)', async () => {
    // Enough rows that a sequential scan is not the cheapest plan.
    await pool.query(`
      INSERT INTO brands (key, name) SELECT 'bulk brand ' || n, 'Bulk Brand ' || n FROM generate_series(1, 200) AS n;
      INSERT INTO products (id, external_id, brand_key, name, category, price, currency, tags, search)
        SELECT gen_random_uuid(), 'bulk-' || n, 'bulk brand ' || (n % 200 + 1), 'Bulk Product ' || n,
               (ARRAY['foundation','concealer','powder','blush','bronzer','highlighter','lipstick','eyeshadow'])[n % 8 + 1],
               (n % 9000) / 100.0 + 5, (ARRAY['USD','EUR','GBP','CAD'])[n % 4 + 1], ARRAY['bulk'],
               to_tsvector('simple', 'bulk product ' || n)
        FROM generate_series(1, 10000) AS n;
      INSERT INTO shades (id, product_id, name, hex, l, a, b, undertone, in_stock)
        SELECT gen_random_uuid(), p.id, 'Shade ' || s, '#c0a080', 20 + s * 15, 10, 20,
               (ARRAY['warm','neutral','cool'])[s % 3 + 1], s % 5 <> 0
        FROM products p, generate_series(1, 4) AS s WHERE p.external_id LIKE 'bulk-%';
      ANALYZE;`);
    const plan = async (fields: Partial<catalogV1.ListProductsRequest>) => {
      const query = parseListProductsRequest(request(fields));
      const { sql, params } = listingQuery(query.filter, query.pageSize + 1, query.after);
      const { rows } = await pool.query(`EXPLAIN ${sql}`, params);
      return rows.map((row) => row['QUERY PLAN'] as string).join('\n');
    };
    assert.match(await plan({}), /Index Scan using products_listing_idx/);
    assert.match(await plan({ category: catalogV1.ProductCategory.PRODUCT_CATEGORY_CONCEALER }), /products_category_listing_idx/);
    assert.match(await plan({ brand: 'Bulk Brand 17' }), /products_listing_idx/);
    assert.match(
      await plan({ minPrice: { currencyCode: 'EUR', units: '10', nanos: 0 }, maxPrice: { currencyCode: 'EUR', units: '10', nanos: 500_000_000 } }),
      /products_price_idx/,
    );
    assert.match(await plan({ query: 'product 1234' }), /products_search_idx/);
    const undertone = await plan({ undertone: typeV1.Undertone.UNDERTONE_WARM, category: catalogV1.ProductCategory.PRODUCT_CATEGORY_BLUSH });
    assert.match(undertone, /products_category_listing_idx/);
    assert.match(undertone, /shades_product_undertone_idx/);
    assert.match(await plan({ inStockOnly: true }), /shades_product_in_stock_idx/);
    const page = await listAll(store, { brand: 'Bulk Brand 17', pageSize: 100 });
    assert.equal(page.length, 50);
    assert.equal(page[0]?.shades.length, 4);
  });
});
