import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { analysisV1, catalogV1, typeV1 } from '@shine/contracts';
import { readTestPhoto } from '@shine/analysis/src/testing/test-photos.ts';
import { baseConfigSchema, createClient, createLogger, createMetrics, loadConfig, newId, startService, type RunningService } from '@shine/platform';
import { freePort, untilReady } from '@shine/platform/testing';
import { createPool, createTestDatabase, migrate, stopTestServer, type Pool, type TestDatabase } from '@shine/postgres';
import { analysisSkinTones } from './analysis-skin-tones.ts';
import { listenForCatalogChanges, type CatalogChangeListener } from './catalog-changes.ts';
import { catalogToJson } from './catalog-json.ts';
import { createCatalogMetrics } from './catalog-metrics.ts';
import { createCatalogStore } from './catalog-store.ts';
import { importCatalog } from './import-catalog.ts';
import { createLiveCatalog } from './live-catalog.ts';
import { migrationsDir } from './migrations-dir.ts';
import { generateSeedCatalog } from './seed-catalog.ts';
import { catalogService } from './server.ts';

const run = promisify(execFile);
const silent = createLogger({ service: 'catalog', version: 'test', level: 'silent' });
const testConfig = () => loadConfig(baseConfigSchema, { GRPC_PORT: '0', HTTP_PORT: '0', BIND_HOST: '127.0.0.1' });

/** Promise form of a unary call, as a client would write it. */
const unary = <Response>(start: (callback: (error: grpc.ServiceError | null, response: Response) => void) => unknown) =>
  new Promise<Response>((resolve, reject) => start((error, response) => (error ? reject(error) : resolve(response))));

const rejectsWith = (promise: Promise<unknown>, code: number, details: RegExp) =>
  assert.rejects(promise, (error: grpc.ServiceError) => {
    assert.equal(error.code, code, error.details);
    assert.match(error.details, details);
    return true;
  });

/** The real analysis service, as deployed (its main.ts in its own process), on its own test database. */
async function startAnalysis(databaseUrl: string): Promise<{ process: ChildProcess; grpcPort: number }> {
  const [grpcPort, httpPort] = [await freePort(), await freePort()];
  const main = fileURLToPath(import.meta.resolve('@shine/analysis/src/main.ts'));
  const child = spawn(process.execPath, [main], {
    cwd: dirname(dirname(main)),
    env: { ...process.env, GRPC_PORT: String(grpcPort), HTTP_PORT: String(httpPort), BIND_HOST: '127.0.0.1', DATABASE_URL: databaseUrl, ANALYSIS_WORKERS: '1', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // Never outlive the test run, however it ends.
  process.once('exit', () => child.kill());
  try {
    await untilReady(httpPort, { timeoutMs: 60_000, child });
  } catch (error) {
    child.kill();
    throw error;
  }
  return { process: child, grpcPort };
}

describe('CatalogService over gRPC, on PostgreSQL', () => {
  let database: TestDatabase;
  let analysisDatabase: TestDatabase;
  let pool: Pool;
  let analysisServer: { process: ChildProcess; grpcPort: number };
  let catalogServer: RunningService;
  let listener: CatalogChangeListener;
  let client: catalogV1.CatalogServiceClient;
  const analysisClient = () => createClient(analysisV1.AnalysisServiceClient, `127.0.0.1:${analysisServer.grpcPort}`);
  let analysis: analysisV1.AnalysisServiceClient;
  const seed = generateSeedCatalog();
  /** Made by the real service from real photos: a guest's stored analysis and one of subject-7's. */
  let storedAnalysis: analysisV1.Analysis;
  let subjectAnalysis: analysisV1.Analysis;

  const listProducts = (request: Partial<catalogV1.ListProductsRequest>) =>
    unary<catalogV1.ListProductsResponse>((callback) => client.listProducts(catalogV1.ListProductsRequest.fromPartial(request), callback));
  const getProduct = (productId: string) => unary<catalogV1.GetProductResponse>((callback) => client.getProduct({ productId }, callback));
  const matchShades = (request: Partial<catalogV1.MatchShadesRequest>, metadata = new grpc.Metadata()) =>
    unary<catalogV1.MatchShadesResponse>((callback) => client.matchShades(catalogV1.MatchShadesRequest.fromPartial(request), metadata, callback));
  /** Metadata as the gateway sends it for a verified token. */
  const onBehalfOf = (subject: string) => {
    const metadata = new grpc.Metadata();
    metadata.set('shine-subject-id', subject);
    return metadata;
  };

  before(async () => {
    database = await createTestDatabase();
    await migrate({ databaseUrl: database.url, dir: migrationsDir });
    pool = createPool({ connectionString: database.url, applicationName: 'test', onIdleError: () => {} });
    await importCatalog(pool, seed);
    analysisDatabase = await createTestDatabase();
    analysisServer = await startAnalysis(analysisDatabase.url);
    analysis = analysisClient();
    const analyzeImage = async (photo: string, request: Partial<analysisV1.AnalyzeImageRequest>) => {
      const image = await readTestPhoto(photo);
      const response = await unary<analysisV1.AnalyzeImageResponse>((callback) =>
        analysis.analyzeImage(analysisV1.AnalyzeImageRequest.fromPartial({ ...request, image }), callback),
      );
      return response.analysis!;
    };
    storedAnalysis = await analyzeImage('group-6.jpg', { persist: true });
    subjectAnalysis = await analyzeImage('astronaut.jpg', { subjectId: 'subject-7' });

    const metrics = createMetrics({ service: 'catalog', version: 'test' });
    const catalog = createLiveCatalog({
      store: createCatalogStore(pool),
      logger: silent,
      metrics: createCatalogMetrics(metrics.registry),
      registry: metrics.registry,
      cacheTtlMs: 600_000,
      cacheEntries: 1000,
    });
    await catalog.changed(undefined);
    listener = listenForCatalogChanges({ connectionString: database.url, onChange: (version) => void catalog.changed(version), logger: silent });
    catalogServer = await startService({
      config: testConfig(),
      logger: silent,
      metrics,
      services: [catalogService({ catalog, skinTones: analysisSkinTones(analysis, 1_000) })],
    });
    catalogServer.setReady(true);
    client = createClient(catalogV1.CatalogServiceClient, `127.0.0.1:${catalogServer.grpcPort}`);
  });

  after(async () => {
    client.close();
    analysis.close();
    await catalogServer.shutdown('test over');
    if (analysisServer.process.exitCode === null) {
      const exited = once(analysisServer.process, 'exit');
      analysisServer.process.kill('SIGTERM');
      await exited;
    }
    await analysisDatabase.drop();
    await listener.close();
    await pool.end();
    await database.drop();
    await stopTestServer();
  });

  it('lists products a page at a time and gets one by id with its shades', async () => {
    const first = await listProducts({ category: catalogV1.ProductCategory.PRODUCT_CATEGORY_FOUNDATION });
    assert.equal(first.products.length, 20);
    assert.notEqual(first.nextPageToken, '');
    const second = await listProducts({ category: catalogV1.ProductCategory.PRODUCT_CATEGORY_FOUNDATION, pageToken: first.nextPageToken });
    assert.equal(second.products.length, 12);
    assert.equal(second.nextPageToken, '');
    const product = first.products[0]!;
    const { product: fetched } = await getProduct(product.id);
    assert.deepEqual(fetched, product);
    const json = catalogV1.Product.toJSON(product) as Record<string, unknown>;
    assert.equal(json['category'], 'PRODUCT_CATEGORY_FOUNDATION');
    assert.match(String((json['price'] as { currencyCode: string }).currencyCode), /^[A-Z]{3}$/);
    const shade = product.shades[0]!;
    assert.match(shade.hex, /^#[0-9a-f]{6}$/);
    assert.notEqual(shade.depth, catalogV1.ShadeDepth.SHADE_DEPTH_UNSPECIFIED);
  });

  it('refuses bad filters with INVALID_ARGUMENT naming the field, and an unknown product with NOT_FOUND', async () => {
    const usd = (units: number) => ({ currencyCode: 'USD', units: String(units), nanos: 0 });
    await rejectsWith(listProducts({ minPrice: usd(30), maxPrice: usd(10) }), grpc.status.INVALID_ARGUMENT, /^max_price must be at least min_price$/);
    await rejectsWith(
      listProducts({ minPrice: usd(10), maxPrice: { currencyCode: 'EUR', units: '30', nanos: 0 } }),
      grpc.status.INVALID_ARGUMENT,
      /max_price must be in the same currency as min_price \(USD\), got EUR/,
    );
    await rejectsWith(listProducts({ minPrice: { currencyCode: 'usd', units: '1', nanos: 0 } }), grpc.status.INVALID_ARGUMENT, /min_price needs currency_code/);
    await rejectsWith(listProducts({ minPrice: usd(-5) }), grpc.status.INVALID_ARGUMENT, /min_price must not be negative/);
    // Past 2^53: a refusal naming the field, not INTERNAL "Error deserializing request".
    await rejectsWith(listProducts({ minPrice: { currencyCode: 'USD', units: '9007199254740993', nanos: 0 } }), grpc.status.INVALID_ARGUMENT, /^min_price is out of range$/);
    await rejectsWith(listProducts({ pageSize: -1 }), grpc.status.INVALID_ARGUMENT, /page_size must not be negative/);
    await rejectsWith(listProducts({ category: 42 as catalogV1.ProductCategory }), grpc.status.INVALID_ARGUMENT, /^category 42 is not one of PRODUCT_CATEGORY_FOUNDATION/);
    const { nextPageToken } = await listProducts({ pageSize: 2 });
    await rejectsWith(listProducts({ pageSize: 2, pageToken: nextPageToken, brand: 'Solenne' }), grpc.status.INVALID_ARGUMENT, /page_token is not valid/);
    await rejectsWith(listProducts({ pageToken: 'garbage!' }), grpc.status.INVALID_ARGUMENT, /page_token is not valid/);
    // PostgreSQL text cannot hold a NUL: a refusal, not INTERNAL.
    await rejectsWith(listProducts({ brand: 'a\u0000b' }), grpc.status.INVALID_ARGUMENT, /cannot be stored \(a NUL/);
    await rejectsWith(getProduct('not-an-id'), grpc.status.INVALID_ARGUMENT, /product_id must be a UUID/);
    await rejectsWith(getProduct(newId()), grpc.status.NOT_FOUND, /^no product [0-9a-f-]+ in the catalogue$/);
  });

  it('matches a skin colour to the nearest shades across brands, nearest first, each with a verdict', async () => {
    const response = await matchShades({ skinHex: '#a07e56', maxMatches: 8 });
    assert.equal(response.matches.length, 8);
    assert.ok(Math.abs(response.skinLab!.l - 55.1) < 0.1);
    assert.notEqual(response.skinUndertone, typeV1.Undertone.UNDERTONE_UNSPECIFIED, 'inferred from the colour');
    for (const match of response.matches) {
      assert.equal(match.category, catalogV1.ProductCategory.PRODUCT_CATEGORY_FOUNDATION);
      assert.ok(match.deltaE00 < 5, `${match.brand} ${match.shade?.name}: ${match.deltaE00}`);
      assert.match(match.verdict, /^(practically identical|very close|close|noticeably different)(: |$)/);
      assert.equal(match.lightnessDifference, Math.round((match.shade!.lab!.l - response.skinLab!.l) * 100) / 100);
    }
    const brands = new Set(response.matches.map((match) => match.brand));
    assert.ok(brands.size > 1, 'across brands');
  });

  it('matches per brand: each brand’s best, brands ordered by their nearest, and only the brands asked for', async () => {
    const { matches } = await matchShades({
      skinLab: { l: 30, a: 10, b: 14 },
      skinUndertone: typeV1.Undertone.UNDERTONE_COOL,
      scope: catalogV1.MatchScope.MATCH_SCOPE_PER_BRAND,
      maxMatches: 3,
      brands: ['oakhollow', 'BRUME STUDIO', 'Asha Rae'],
      inStockOnly: true,
    });
    assert.equal(matches.length, 9);
    const groups = [0, 3, 6].map((start) => matches.slice(start, start + 3));
    for (const group of groups) assert.equal(new Set(group.map((match) => match.brand)).size, 1);
    assert.deepEqual(new Set(groups.map((group) => group[0]!.brand)), new Set(['Oakhollow', 'Brume Studio', 'Asha Rae']));
    assert.ok(matches.every((match) => match.shade?.inStock));
    const deep = matches.filter((match) => match.shade?.depth === catalogV1.ShadeDepth.SHADE_DEPTH_RICH || match.shade?.depth === catalogV1.ShadeDepth.SHADE_DEPTH_DEEP);
    assert.ok(deep.length >= 6, 'a deep skin colour finds deep shades in every brand');
  });

  it('refuses a match request without a usable skin colour', async () => {
    await rejectsWith(matchShades({}), grpc.status.INVALID_ARGUMENT, /skin colour is missing: set skin_lab, skin_hex or analysis_id/);
    await rejectsWith(matchShades({ skinHex: 'beige' }), grpc.status.INVALID_ARGUMENT, /skin_hex must be an sRGB colour written "#RRGGBB", got "beige"/);
    await rejectsWith(matchShades({ skinLab: { l: 120, a: 0, b: 0 } }), grpc.status.INVALID_ARGUMENT, /skin_lab.l must be from 0 to 100/);
    await rejectsWith(matchShades({ skinHex: '#a07e56', maxMatches: 51 }), grpc.status.INVALID_ARGUMENT, /max_matches must be from 1 to 50/);
    await rejectsWith(matchShades({ analysisId: 'abc' }), grpc.status.INVALID_ARGUMENT, /analysis_id must be a UUID/);
  });

  it("matches a subject's analysis only on behalf of that subject, forwarding the caller's subject", async () => {
    const response = await matchShades({ analysisId: subjectAnalysis.id }, onBehalfOf('subject-7'));
    assert.deepEqual(response.skinLab, subjectAnalysis.skinTone!.lab);
    // The real service's words for an analysis the caller may not read, the same as for a missing one.
    const notFound = new RegExp(`^analysis_id: no analysis ${subjectAnalysis.id}: it never existed`);
    await rejectsWith(matchShades({ analysisId: subjectAnalysis.id }, onBehalfOf('subject-8')), grpc.status.NOT_FOUND, notFound);
    await rejectsWith(matchShades({ analysisId: subjectAnalysis.id }), grpc.status.NOT_FOUND, notFound);
  });

  it('matches the skin tone of a stored analysis, passes NOT_FOUND through, and says UNAVAILABLE when analysis is down', async () => {
    const measured = storedAnalysis.skinTone!;
    const other = measured.undertone === typeV1.Undertone.UNDERTONE_COOL ? typeV1.Undertone.UNDERTONE_WARM : typeV1.Undertone.UNDERTONE_COOL;
    const response = await matchShades({ analysisId: storedAnalysis.id, skinUndertone: other });
    assert.deepEqual(response.skinLab, measured.lab);
    assert.equal(response.skinUndertone, measured.undertone, 'the analysis brings its own undertone');
    assert.equal(response.matches.length, 5);

    const missing = newId();
    await rejectsWith(matchShades({ analysisId: missing }), grpc.status.NOT_FOUND, new RegExp(`^analysis_id: no analysis ${missing}: it never existed`));

    const exited = once(analysisServer.process, 'exit');
    analysisServer.process.kill('SIGTERM');
    await exited;
    await rejectsWith(
      matchShades({ analysisId: storedAnalysis.id }),
      grpc.status.UNAVAILABLE,
      /the analysis service could not be reached to read analysis .*; try again, or send skin_lab or skin_hex instead/,
    );
  });

  it('serves product queries from a cache that an import in another process clears, and matches new shades at once', async () => {
    const metricsText = async () => (await fetch(`http://127.0.0.1:${catalogServer.httpPort}/metrics`)).text();
    const hits = async () => Number(/shine_cache_lookups_total\{[^}]*result="hit"[^}]*\} (\d+)/.exec(await metricsText())?.[1] ?? 0);
    const brand = seed[0]!.brand;
    const before = await listProducts({ brand });
    const hitsBefore = await hits();
    assert.deepEqual(await listProducts({ brand }), before);
    assert.equal(await hits(), hitsBefore + 1);

    const changed = structuredClone(seed[0]!);
    changed.price = { amount: '77.70', currency: changed.price.currency };
    changed.shades.push({
      name: 'Test Violet',
      hex: '#6b2f8a',
      lab: { l: 33.5, a: 41.2, b: -36.9 },
      undertone: 'cool',
      depth: 'deep',
      monkLevel: 8,
      inStock: true,
    });
    const file = join(mkdtempSync(join(tmpdir(), 'catalog-server-')), 'change.json');
    writeFileSync(file, catalogToJson([changed]));
    await run(process.execPath, [new URL('./cli/import.ts', import.meta.url).pathname, file], { env: { ...process.env, DATABASE_URL: database.url } });

    const priceOf = (page: catalogV1.ListProductsResponse) => page.products.find((product) => product.name === changed.name)?.price;
    let after = before;
    for (let attempt = 0; attempt < 100 && priceOf(after)?.units !== '77'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await listProducts({ brand });
    }
    assert.deepEqual(priceOf(after), { currencyCode: changed.price.currency, units: '77', nanos: 700_000_000 });
    let violet: catalogV1.ShadeMatch | undefined;
    for (let attempt = 0; attempt < 100 && violet?.shade?.name !== 'Test Violet'; attempt++) {
      [violet] = (await matchShades({ skinLab: { l: 33.5, a: 41.2, b: -36.9 }, maxMatches: 1 })).matches;
      if (violet?.shade?.name !== 'Test Violet') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(violet?.shade?.name, 'Test Violet');
    assert.equal(violet?.deltaE00, 0);
    assert.equal(violet?.verdict, 'practically identical');
  });
});
