import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createPool, type Pool } from '@shine/postgres';
import { createTestDatabase, stopTestServer, type TestDatabase } from '@shine/postgres/testing';
import pg from 'pg';
import { catalogToJson } from './catalog-json.ts';
import { CATALOG_CHANGED_CHANNEL, importCatalog } from './import-catalog.ts';
import { validateCatalogFile } from './validate-catalog.ts';
import type { ProductRecord } from '../catalog-record.ts';
import { migrationsDir } from '../migrations-dir.ts';
import { generateSeedCatalog } from '../seed/seed-catalog.ts';

const run = promisify(execFile);
const importCli = new URL('../cli/import.ts', import.meta.url).pathname;

/** Everything an import could change, so "changed nothing" can be checked row by row. */
async function snapshot(pool: Pool) {
  const products = await pool.query('SELECT * FROM products ORDER BY external_id');
  const shades = await pool.query('SELECT * FROM shades ORDER BY product_id, name');
  const brands = await pool.query('SELECT * FROM brands ORDER BY key');
  const version = await pool.query('SELECT version FROM catalog_version');
  return { products: products.rows, shades: shades.rows, brands: brands.rows, version: version.rows[0].version as string };
}

describe('importing a catalogue into PostgreSQL', () => {
  let database: TestDatabase;
  let pool: Pool;
  const seed = generateSeedCatalog();
  const seedShades = seed.reduce((sum, record) => sum + record.shades.length, 0);
  const files = mkdtempSync(join(tmpdir(), 'catalog-import-'));

  before(async () => {
    database = await createTestDatabase({ migrations: migrationsDir });
    pool = createPool({ connectionString: database.url, applicationName: 'test', onIdleError: () => {} });
  });

  after(async () => {
    await pool.end();
    await database.drop();
    await stopTestServer();
  });

  it('loads the seed in batches, reporting progress up to every shade', async () => {
    const progress: number[] = [];
    const summary = await importCatalog(pool, seed, { batchSize: 300, onProgress: ({ done, total }) => {
      assert.equal(total, seedShades);
      progress.push(done);
    } });
    assert.deepEqual(summary.products, { inserted: seed.length, updated: 0, unchanged: 0 });
    assert.deepEqual(summary.shades, { inserted: seedShades, updated: 0, unchanged: 0, removed: 0 });
    assert.equal(summary.version, 1);
    assert.equal(progress[0], 0);
    assert.equal(progress.at(-1), seedShades);
    assert.ok(progress.length > 4, `${progress.length} progress reports`);
    assert.deepEqual(progress, [...progress].sort((left, right) => left - right));
  });

  it('changes nothing when the same catalogue is imported again, not even timestamps or the version', async () => {
    const before = await snapshot(pool);
    const summary = await importCatalog(pool, seed);
    assert.equal(summary.changed, false);
    assert.deepEqual(summary.products, { inserted: 0, updated: 0, unchanged: seed.length });
    assert.deepEqual(await snapshot(pool), before);
  });

  it('upserts by external id: updates what changed, adds what is new, removes shades no longer listed', async () => {
    const changed: ProductRecord[] = structuredClone(seed);
    const first = changed[0]!;
    const removedShade = first.shades.pop()!;
    first.shades[0]!.inStock = !first.shades[0]!.inStock;
    changed[1]!.price = { amount: '99.00', currency: 'EUR' };
    changed.push({ ...structuredClone(seed[2]!), externalId: 'new-product', name: 'Brand New Foundation' });
    const idsBefore = await pool.query('SELECT id, external_id FROM products');
    const summary = await importCatalog(pool, changed);
    assert.deepEqual(summary.products, { inserted: 1, updated: 1, unchanged: seed.length - 1 });
    assert.equal(summary.shades.removed, 1);
    assert.equal(summary.shades.updated, 1);
    assert.equal(summary.shades.inserted, seed[2]!.shades.length);
    assert.equal(summary.version, 2);
    const { rows } = await pool.query('SELECT 1 FROM shades WHERE name = $1 AND product_id = (SELECT id FROM products WHERE external_id = $2)', [
      removedShade.name,
      first.externalId,
    ]);
    assert.equal(rows.length, 0);
    const idsAfter = new Map((await pool.query('SELECT id, external_id FROM products')).rows.map((row) => [row.external_id, row.id]));
    for (const row of idsBefore.rows) assert.equal(idsAfter.get(row.external_id), row.id, 'product ids never change');
    await importCatalog(pool, seed);
  });

  it('rolls back everything when a batch fails part-way, and sends no notification', async () => {
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (message) => heard.push(message.payload ?? ''));
    await listener.query(`LISTEN ${CATALOG_CHANGED_CHANNEL}`);
    try {
      const before = await snapshot(pool);
      const broken: ProductRecord[] = structuredClone(seed).map((record) => ({ ...record, externalId: `${record.externalId}-v2` }));
      // Valid for the first batches; the database refuses the last one (L* above 100).
      broken.at(-1)!.shades[0]!.lab = { l: 150, a: 0, b: 0 };
      await assert.rejects(importCatalog(pool, broken, { batchSize: 200 }), /shades_l_check/);
      assert.deepEqual(await snapshot(pool), before);
      await importCatalog(pool, seed);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(heard, [], 'neither the failed import nor a no-op import notifies');
      const changed = structuredClone(seed);
      changed[0]!.tags = ['limited-edition'];
      const summary = await importCatalog(pool, changed);
      await importCatalog(pool, seed);
      for (let wait = 0; heard.length < 2 && wait < 50; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(heard, [String(summary.version), String(summary.version + 1)]);
    } finally {
      await listener.end();
    }
  });

  it('reads back its own JSON format unchanged', () => {
    const { records, problems } = validateCatalogFile(catalogToJson(seed), 'json');
    assert.deepEqual(problems, []);
    assert.deepEqual(records, seed);
  });

  it('imports a brand whose lower case PostgreSQL and JavaScript may spell differently ("İpek")', async () => {
    const { records, problems } = validateCatalogFile(
      JSON.stringify({ products: [{ external_id: 'ipek-1', brand: 'İpek', name: 'Ipek Foundation', category: 'foundation', price: '20', currency: 'EUR', shades: [{ name: '1', hex: '#e0b494' }] }] }),
      'json',
    );
    assert.deepEqual(problems, []);
    const summary = await importCatalog(pool, records);
    assert.equal(summary.products.inserted, 1);
    const { rows } = await pool.query('SELECT key, name FROM brands WHERE name = $1', ['İpek']);
    assert.deepEqual(rows, [{ key: 'İpek'.toLowerCase(), name: 'İpek' }]);
  });

  it('the CLI rejects a bad CSV naming each line, imports nothing, and a good file re-imported changes nothing', async () => {
    const env = { ...process.env, DATABASE_URL: database.url };
    const before = await snapshot(pool);
    const header = 'external_id,brand,name,category,price,currency,finish,coverage,tags,shade_name,shade_hex,shade_undertone,shade_in_stock';
    const bad = join(files, 'bad.csv');
    writeFileSync(
      bad,
      [
        header,
        'cli-1,Test Brand,Cli Foundation,foundation,30.00,USD,matte,full,vegan;long-wear,100 N,#f2d5c4,neutral,yes',
        'cli-1,Test Brand,Cli Foundation,foundation,30.00,USD,matte,full,vegan;long-wear,110 W,#f2d5c,warm,yes',
        'cli-2,Test Brand,Cli Concealer,concealor,12.00,USD,,,,C1,#e8c1a8,,',
        'cli-3,Test Brand,Cli Lipstick,lipstick,-4,usd,glossy,,,Red,#b0202a,,maybe',
        'cli-1,Test Brand,Cli Foundation,foundation,31.00,USD,matte,full,vegan;long-wear,120 C,#e9c9b9,cool,yes',
      ].join('\n'),
    );
    const failed = await run(process.execPath, [importCli, bad], { env }).then(
      () => assert.fail('the import should have failed'),
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /5 problems in .*bad\.csv; nothing was imported/);
    assert.match(failed.stderr, /bad\.csv:3: shade_hex must be an sRGB colour written "#RRGGBB", got "#f2d5c"/);
    assert.match(failed.stderr, /bad\.csv:4: category must be one of foundation, concealer/);
    assert.match(failed.stderr, /bad\.csv:5: price must be an amount such as 34\.99, not negative, got "-4"/);
    assert.match(failed.stderr, /bad\.csv:5: shade_in_stock must be a boolean, got "maybe"/);
    assert.match(failed.stderr, /bad\.csv:6: price "31\.00" differs from "30\.00" on line 2/);
    assert.deepEqual(await snapshot(pool), before);

    // A spreadsheet's Latin-1 export: refused as such, not imported with \uFFFD in its names.
    const latin1 = join(files, 'latin1.csv');
    writeFileSync(latin1, Buffer.from(`${header}\ncli-9,Crème Brand,Cli Foundation,foundation,30.00,USD,matte,full,,100 N,#f2d5c4,neutral,yes\n`, 'latin1'));
    const notUtf8 = await run(process.execPath, [importCli, latin1], { env }).then(
      () => assert.fail('the import should have failed'),
      (error: { code: number; stderr: string }) => error,
    );
    assert.match(notUtf8.stderr, /latin1\.csv: it is not UTF-8 text; save it as UTF-8/);
    assert.deepEqual(await snapshot(pool), before);

    const good = join(files, 'good.csv');
    writeFileSync(
      good,
      [
        header,
        'cli-1,Test Brand,Cli Foundation,foundation,30.00,USD,matte,full,vegan;long-wear,100 N,#f2d5c4,neutral,yes',
        '"cli-1","Test Brand","Cli Foundation",foundation,30.00,USD,matte,full,"vegan;long-wear","110, Warm",#e0b494,warm,no',
      ].join('\r\n'),
    );
    const first = await run(process.execPath, [importCli, good], { env });
    assert.match(first.stdout, /products: 1 added, 0 updated, 0 unchanged; shades: 2 added/);
    assert.match(first.stderr, /importing \[#+\] 100% 2\/2 shades/);
    const second = await run(process.execPath, [importCli, good], { env });
    assert.match(second.stdout, /products: 0 added, 0 updated, 1 unchanged; shades: 0 added, 0 updated, 0 removed, 2 unchanged\. Nothing changed/);
    const { rows } = await pool.query(
      "SELECT name, in_stock, undertone, depth, monk_level FROM shades WHERE name LIKE '110%' AND product_id = (SELECT id FROM products WHERE external_id = 'cli-1')",
    );
    // #e0b494 (L* 76) is where MST 3 skin measures on the Monk skin scale.
    assert.deepEqual(rows, [{ name: '110, Warm', in_stock: false, undertone: 'warm', depth: 'light', monk_level: 3 }]);
  });
});
