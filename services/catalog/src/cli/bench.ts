// `npm run bench:catalog`: MatchShades and ListProducts latency through the real gRPC service on an
// embedded PostgreSQL, at 1 000 and at 100 000 shades. Progress on stderr; the last stdout line is one
// JSON object with the numbers.
import { deltaE2000, type Lab } from '@shine/color';
import { catalogV1, analysisV1 } from '@shine/contracts';
import { createClient, createLogger, createMetrics } from '@shine/platform';
import { loadConfig } from '@shine/platform/config';
import { percentile as percentileOf } from '@shine/platform/bench';
import { seededRandom } from '@shine/platform/seeded-random';
import { unaryCall } from '@shine/platform/testing';
import { createPool, migrate } from '@shine/postgres';
import { createTestDatabase, stopTestServer } from '@shine/postgres/testing';
import { progressBar } from './progress-bar.ts';
import type { ProductRecord } from '../catalog-record.ts';
import { catalogConfigSchema } from '../config.ts';
import { importCatalog } from '../import/import-catalog.ts';
import { matchShades, type MatchQuery } from '../matching/match-shades.ts';
import { migrationsDir } from '../migrations-dir.ts';
import { generateSeedCatalog } from '../seed/seed-catalog.ts';
import { startCatalog } from '../start-catalog.ts';

const MATCH_CALLS = 2_000;
const LIST_CALLS = 300;
const log = (message: string) => process.stderr.write(`bench:catalog: ${message}\n`);

/** The first `count` shades of a generated catalogue (the last product cut short), so sizes are exact. */
function catalogueOf(count: number): ProductRecord[] {
  const all = generateSeedCatalog({ brandCount: Math.ceil(count / 90) + 1 });
  const records: ProductRecord[] = [];
  let shades = 0;
  for (const record of all) {
    if (shades >= count) break;
    const take = record.shades.slice(0, count - shades);
    records.push({ ...record, shades: take });
    shades += take.length;
  }
  if (shades !== count) throw new Error(`generated ${shades} shades, wanted ${count}`);
  return records;
}

function percentile(samples: number[], fraction: number): number {
  return round(percentileOf(samples, fraction));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

async function time<T>(samples: number[], work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  samples.push(performance.now() - started);
  return result;
}

/** Skin colours as people have them: near a random foundation shade, give or take a few ΔE. */
function skinColours(records: readonly ProductRecord[], count: number): Lab[] {
  const random = seededRandom(99);
  const shades = records.filter((record) => record.category === 'foundation').flatMap((record) => record.shades);
  return Array.from({ length: count }, () => {
    const { lab } = random.pick(shades);
    return { l: lab.l + random.between(-3, 3), a: lab.a + random.between(-2, 2), b: lab.b + random.between(-3, 3) };
  });
}

const database = await createTestDatabase();
const pool = createPool({ connectionString: database.url, applicationName: 'bench', max: 4, onIdleError: () => {} });
try {
  await migrate({ databaseUrl: database.url, dir: migrationsDir });
  const silent = createLogger({ service: 'catalog', version: 'bench', level: 'silent' });
  const metrics = createMetrics({ service: 'catalog', version: 'bench' });
  const analysis = createClient(analysisV1.AnalysisServiceClient, '127.0.0.1:1');
  const config = loadConfig(catalogConfigSchema, { GRPC_PORT: '0', HTTP_PORT: '0', BIND_HOST: '127.0.0.1', DATABASE_URL: database.url });
  const { running: server, catalog } = await startCatalog({ config, logger: silent, metrics, pool, analysis });
  server.setReady(true);
  const client = createClient(catalogV1.CatalogServiceClient, `127.0.0.1:${server.grpcPort}`);
  const match = (request: Partial<catalogV1.MatchShadesRequest>) =>
    unaryCall<catalogV1.MatchShadesResponse>((callback) => client.matchShades(catalogV1.MatchShadesRequest.fromPartial(request), callback));
  const list = (request: Partial<catalogV1.ListProductsRequest>) =>
    unaryCall<catalogV1.ListProductsResponse>((callback) => client.listProducts(catalogV1.ListProductsRequest.fromPartial(request), callback));

  const load = async (records: ProductRecord[]) => {
    const total = records.reduce((sum, record) => sum + record.shades.length, 0);
    const bar = progressBar(`importing ${total.toLocaleString('en')} shades`, 'shades');
    const started = performance.now();
    await importCatalog(pool, records, { onProgress: ({ done }) => bar.update(done, total) });
    bar.finish();
    const imported = performance.now() - started;
    const indexStarted = performance.now();
    await catalog.changed(undefined);
    return { imported, indexMs: performance.now() - indexStarted };
  };

  const measureMatches = async (records: ProductRecord[], extra: Partial<catalogV1.MatchShadesRequest> = {}) => {
    const skins = skinColours(records, MATCH_CALLS + 200);
    for (const skin of skins.slice(0, 200)) await match({ skinLab: skin, ...extra });
    const samples: number[] = [];
    for (const skin of skins.slice(200)) await time(samples, () => match({ skinLab: skin, ...extra }));
    return samples;
  };

  log('1 000 shades');
  const small = catalogueOf(1_000);
  await load(small);
  const match1k = await measureMatches(small);

  log('100 000 shades');
  const large = catalogueOf(100_000);
  const loaded = await load(large);
  log(`imported in ${(loaded.imported / 1000).toFixed(1)} s; shade index loaded in ${Math.round(loaded.indexMs)} ms`);
  const match100k = await measureMatches(large);
  const brands = [...new Set(large.map((record) => record.brand.toLowerCase()))];
  const perBrand100k = await measureMatches(large, { scope: catalogV1.MatchScope.MATCH_SCOPE_PER_BRAND, brands: brands.slice(0, 5), maxMatches: 3 });
  // A budget skips the shades of dearer products during the walk, so it reads further.
  const budget100k = await measureMatches(large, { maxPrice: { currencyCode: 'USD', units: '25', nanos: 0 }, maxMatches: 12 });

  // The same search without gRPC: the cost of the matching itself.
  const index = catalog.shadeIndex();
  const core: number[] = [];
  for (const skin of skinColours(large, MATCH_CALLS)) {
    const query: MatchQuery = { skin, skinUndertone: 'neutral', category: 'foundation', brandKeys: [], scope: 'across-brands', maxMatches: 5, inStockOnly: false, maxPrice: undefined };
    const started = performance.now();
    matchShades(index, query);
    core.push(performance.now() - started);
  }

  // The design not taken: prefilter in SQL on an index on L* (a window of ±2 L*, about what the
  // in-memory walk reads for a typical skin colour), then ΔE00 on the rows returned.
  await pool.query('CREATE INDEX bench_shades_l_idx ON shades (l)');
  await pool.query('ANALYZE shades');
  const sqlPrefilter: number[] = [];
  for (const skin of skinColours(large, 300)) {
    await time(sqlPrefilter, async () => {
      const { rows } = await pool.query<{ id: string; l: number; a: number; b: number }>(
        `SELECT s.id, s.l, s.a, s.b FROM shades s JOIN products p ON p.id = s.product_id
         WHERE p.category = 'foundation' AND s.l BETWEEN $1 AND $2`,
        [skin.l - 2, skin.l + 2],
      );
      return rows.map((row) => deltaE2000(skin, row)).sort((left, right) => left - right).slice(0, 5);
    });
  }

  // ListProducts: every page of a few listings (each page read once, so from PostgreSQL), then the
  // first page again and again (from the cache).
  const listUncached: number[] = [];
  const listings: Partial<catalogV1.ListProductsRequest>[] = [
    { category: catalogV1.ProductCategory.PRODUCT_CATEGORY_FOUNDATION },
    { inStockOnly: true, category: catalogV1.ProductCategory.PRODUCT_CATEGORY_CONCEALER },
    { minPrice: { currencyCode: 'USD', units: '20', nanos: 0 }, maxPrice: { currencyCode: 'USD', units: '40', nanos: 0 } },
    { undertone: 3, category: catalogV1.ProductCategory.PRODUCT_CATEGORY_LIPSTICK },
    { query: 'matte' },
  ];
  for (const filters of listings) {
    let pageToken = '';
    for (let page = 0; page < LIST_CALLS / listings.length; page++) {
      const response = await time(listUncached, () => list({ ...filters, pageToken }));
      pageToken = response.nextPageToken;
      if (!pageToken) break;
    }
  }
  const listCached: number[] = [];
  for (let call = 0; call < LIST_CALLS; call++) await time(listCached, () => list({ category: catalogV1.ProductCategory.PRODUCT_CATEGORY_FOUNDATION }));

  client.close();
  analysis.close();
  await server.shutdown('bench over');

  const result = {
    shades_1k: 1_000,
    shades_100k: 100_000,
    match_p50_ms_1k: percentile(match1k, 0.5),
    match_p95_ms_1k: percentile(match1k, 0.95),
    match_p50_ms_100k: percentile(match100k, 0.5),
    match_p95_ms_100k: percentile(match100k, 0.95),
    match_per_brand_p50_ms_100k: percentile(perBrand100k, 0.5),
    match_budget_p50_ms_100k: percentile(budget100k, 0.5),
    match_core_p50_ms_100k: percentile(core, 0.5),
    match_core_p95_ms_100k: percentile(core, 0.95),
    sql_prefilter_p50_ms_100k: percentile(sqlPrefilter, 0.5),
    list_p50_ms: percentile(listUncached, 0.5),
    list_p95_ms: percentile(listUncached, 0.95),
    list_cached_p50_ms: percentile(listCached, 0.5),
    import_100k_s: round(loaded.imported / 1000),
    index_load_100k_ms: Math.round(loaded.indexMs),
  };
  log(`MatchShades p50 ${result.match_p50_ms_100k} ms at 100 000 shades (target ≤ 5 ms)`);
  console.log(JSON.stringify(result));
} finally {
  await pool.end();
  await database.drop();
  await stopTestServer();
}
