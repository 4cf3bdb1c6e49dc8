import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { analysisV1, catalogV1, typeV1 } from '@shine/contracts';
import { createClient, createLogger, createMetrics, newId, type RunningService } from '@shine/platform';
import { loadConfig } from '@shine/platform/config';
import { freePort, rejectsWithStatus, unaryCall } from '@shine/platform/testing';
import { createPool, type Pool } from '@shine/postgres';
import { createTestDatabase, stopTestServer, type TestDatabase } from '@shine/postgres/testing';
import { catalogConfigSchema } from '../config.ts';
import { catalogToJson } from '../import/catalog-json.ts';
import { importCatalog } from '../import/import-catalog.ts';
import { migrationsDir } from '../migrations-dir.ts';
import { generateSeedCatalog } from '../seed/seed-catalog.ts';
import { startCatalog } from '../start-catalog.ts';
import { listenForCatalogChanges, type CatalogChangeListener } from '../store/catalog-changes.ts';

const run = promisify(execFile);
const silent = createLogger({ service: 'catalog', version: 'test', level: 'silent' });


describe('CatalogService over gRPC, on PostgreSQL', () => {
  let database: TestDatabase;
  let pool: Pool;
  let catalogServer: RunningService;
  let listener: CatalogChangeListener;
  let client: catalogV1.CatalogServiceClient;
  /** Where no analysis service listens: MatchShades by analysis_id meets a service that is down. */
  let analysis: analysisV1.AnalysisServiceClient;
  const seed = generateSeedCatalog();

  const listProducts = (request: Partial<catalogV1.ListProductsRequest>) =>
    unaryCall<catalogV1.ListProductsResponse>((callback) => client.listProducts(catalogV1.ListProductsRequest.fromPartial(request), callback));
  const getProduct = (productId: string) => unaryCall<catalogV1.GetProductResponse>((callback) => client.getProduct({ productId }, callback));
  const matchShades = (request: Partial<catalogV1.MatchShadesRequest>, metadata = new grpc.Metadata()) =>
    unaryCall<catalogV1.MatchShadesResponse>((callback) => client.matchShades(catalogV1.MatchShadesRequest.fromPartial(request), metadata, callback));
  before(async () => {
    database = await createTestDatabase({ migrations: migrationsDir });
    pool = createPool({ connectionString: database.url, applicationName: 'test', onIdleError: () => {} });
    await importCatalog(pool, seed);
    analysis = createClient(analysisV1.AnalysisServiceClient, `127.0.0.1:${await freePort()}`);
    const config = loadConfig(catalogConfigSchema, { GRPC_PORT: '0', HTTP_PORT: '0', BIND_HOST: '127.0.0.1', DATABASE_URL: database.url, ANALYSIS_TIMEOUT_MS: '1000' });
    const started = await startCatalog({ config, logger: silent, metrics: createMetrics({ service: 'catalog', version: 'test' }), pool, analysis });
    catalogServer = started.running;
    const { catalog } = started;
    await catalog.changed(undefined);
    listener = listenForCatalogChanges({ connectionString: database.url, onChange: (version) => void catalog.changed(version), logger: silent });
    catalogServer.setReady(true);
    client = createClient(catalogV1.CatalogServiceClient, `127.0.0.1:${catalogServer.grpcPort}`);
  });

  after(async () => {
    client.close();
    analysis.close();
    await catalogServer.shutdown('test over');
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
    await rejectsWithStatus(listProducts({ minPrice: { currencyCode: 'usd', units: '1', nanos: 0 } }), grpc.status.INVALID_ARGUMENT, /minPrice needs currencyCode/);
    await rejectsWithStatus(listProducts({ minPrice: usd(-5) }), grpc.status.INVALID_ARGUMENT, /minPrice must not be negative/);
    await rejectsWithStatus(listProducts({ query: 'x'.repeat(101) }), grpc.status.INVALID_ARGUMENT, /^query must be at most 100 characters$/);
    await rejectsWithStatus(listProducts({ brand: 'é'.repeat(101) }), grpc.status.INVALID_ARGUMENT, /^brand must be at most 100 characters$/);
    // Within the contract's limits, whatever the text becomes once normalised ("¼" is "1⁄4").
    assert.deepEqual((await listProducts({ query: '¼'.repeat(100) })).products, []);
    // A price range no product can pass is an empty page, not a refusal.
    assert.deepEqual((await listProducts({ minPrice: usd(30), maxPrice: usd(10) })).products, []);
    assert.deepEqual((await listProducts({ minPrice: usd(1), maxPrice: { currencyCode: 'EUR', units: '300', nanos: 0 } })).products, []);
    // Past 2^53: a refusal naming the field, not INTERNAL "Error deserializing request".
    await rejectsWithStatus(listProducts({ minPrice: { currencyCode: 'USD', units: '9007199254740993', nanos: 0 } }), grpc.status.INVALID_ARGUMENT, /^minPrice is out of range$/);
    await rejectsWithStatus(listProducts({ pageSize: -1 }), grpc.status.INVALID_ARGUMENT, /pageSize must not be negative/);
    // No wildcards: a query of '%' or '_' names no product, so it finds none (not every one).
    for (const query of ['%', '_', '%_%', ' * ']) {
      assert.deepEqual((await listProducts({ query })).products, [], query);
    }
    assert.ok((await listProducts({ query: ' ' })).products.length > 0, 'a blank query is no query');
    await rejectsWithStatus(listProducts({ category: 42 as catalogV1.ProductCategory }), grpc.status.INVALID_ARGUMENT, /^category 42 is not one of PRODUCT_CATEGORY_FOUNDATION/);
    const { nextPageToken } = await listProducts({ pageSize: 2 });
    await rejectsWithStatus(listProducts({ pageSize: 2, pageToken: nextPageToken, brand: 'Solenne' }), grpc.status.INVALID_ARGUMENT, /pageToken is not valid/);
    await rejectsWithStatus(listProducts({ pageToken: 'garbage!' }), grpc.status.INVALID_ARGUMENT, /pageToken is not valid/);
    // PostgreSQL text cannot hold a NUL: a refusal, not INTERNAL.
    await rejectsWithStatus(listProducts({ brand: 'a\u0000b' }), grpc.status.INVALID_ARGUMENT, /cannot be stored \(a NUL/);
    await rejectsWithStatus(getProduct('not-an-id'), grpc.status.INVALID_ARGUMENT, /productId must be a UUID/);
    await rejectsWithStatus(getProduct(newId()), grpc.status.NOT_FOUND, /^no product [0-9a-f-]+ in the catalogue$/);
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

  it('matches within a budget: the nearest shades of products costing at most the limit, each with its price', async () => {
    const skinLab = { l: 62, a: 14, b: 22 };
    const unlimited = await matchShades({ skinLab, maxMatches: 10 });
    const usd = (price: catalogV1.ShadeMatch['price']) => (price?.currencyCode === 'USD' ? Number(price.units) + price.nanos / 1e9 : Number.POSITIVE_INFINITY);
    assert.ok(unlimited.matches.every((match) => match.price?.currencyCode), 'every match carries its price');
    const limit = 25;
    assert.ok(unlimited.matches.some((match) => usd(match.price) > limit), 'the nearest shades include dearer ones (else this proves nothing)');
    const { matches } = await matchShades({ skinLab, maxMatches: 10, maxPrice: { currencyCode: 'USD', units: String(limit), nanos: 0 } });
    assert.equal(matches.length, 10, 'a budget still finds as many matches, further away');
    assert.ok(matches.every((match) => usd(match.price) <= limit), JSON.stringify(matches.map((match) => match.price)));
    const affordableBefore = unlimited.matches.filter((match) => usd(match.price) <= limit).map((match) => match.shade?.id);
    assert.deepEqual(matches.slice(0, affordableBefore.length).map((match) => match.shade?.id), affordableBefore, 'the cheap ones among the nearest come first');
    await rejectsWithStatus(matchShades({ skinLab, maxPrice: { currencyCode: '', units: '25', nanos: 0 } }), grpc.status.INVALID_ARGUMENT, /maxPrice/);
    await rejectsWithStatus(matchShades({ skinLab, maxPrice: { currencyCode: 'USD', units: '-5', nanos: 0 } }), grpc.status.INVALID_ARGUMENT, /maxPrice must not be negative/);
  });

  it('refuses a match request without a usable skin colour', async () => {
    await rejectsWithStatus(matchShades({}), grpc.status.INVALID_ARGUMENT, /skin colour is missing: set skinLab, skinHex or analysisId/);
    await rejectsWithStatus(matchShades({ skinHex: 'beige' }), grpc.status.INVALID_ARGUMENT, /skinHex must be an sRGB colour written "#RRGGBB", got "beige"/);
    await rejectsWithStatus(matchShades({ skinLab: { l: 120, a: 0, b: 0 } }), grpc.status.INVALID_ARGUMENT, /skinLab.l must be from 0 to 100/);
    await rejectsWithStatus(matchShades({ skinHex: '#a07e56', maxMatches: 51 }), grpc.status.INVALID_ARGUMENT, /maxMatches must be from 1 to 50/);
    await rejectsWithStatus(matchShades({ analysisId: 'abc' }), grpc.status.INVALID_ARGUMENT, /analysisId must be a UUID/);
  });

  it('says UNAVAILABLE, with what to send instead, when the analysis service cannot be reached', async () => {
    // Matching a stored analysis with the real analysis service is tests/catalog-matches-analyses.test.ts.
    await rejectsWithStatus(
      matchShades({ analysisId: newId() }),
      grpc.status.UNAVAILABLE,
      /the analysis service could not be reached to read analysis .*; try again, or send skinLab or skinHex instead/,
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
    await run(process.execPath, [new URL('../cli/import.ts', import.meta.url).pathname, file], { env: { ...process.env, DATABASE_URL: database.url } });

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
    assert.deepEqual(violet?.price, { currencyCode: changed.price.currency, units: '77', nanos: 700_000_000 }, 'a match shows the price imported with its shade');
  });
});
