import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { paletteV1, typeV1 } from '@shine/contracts';
import { createClient, createLogger, createMetrics, startService, TtlCache, type RunningService } from '@shine/platform';
import { baseConfigSchema, loadConfig } from '@shine/platform/config';
import { loadPaletteData } from './palette-data.ts';
import { paletteService } from './server.ts';

describe('PaletteService over gRPC', () => {
  let running: RunningService;
  let client: paletteV1.PaletteServiceClient;
  const metrics = createMetrics({ service: 'palette', version: 'test' });

  const getPalette = (request: Partial<paletteV1.GetPaletteRequest>) =>
    new Promise<paletteV1.GetPaletteResponse>((resolve, reject) =>
      client.getPalette(paletteV1.GetPaletteRequest.fromPartial(request), (error, response) => (error ? reject(error) : resolve(response))),
    );

  before(async () => {
    const cache = new TtlCache<paletteV1.Palette>({ name: 'palette', ttlMs: 60_000, maxEntries: 100, registry: metrics.registry });
    running = await startService({
      config: loadConfig(baseConfigSchema, { GRPC_PORT: '0', HTTP_PORT: '0', BIND_HOST: '127.0.0.1' }),
      logger: createLogger({ service: 'palette', version: 'test', level: 'silent' }),
      metrics,
      services: [paletteService(loadPaletteData(), cache)],
    });
    running.setReady(true);
    client = createClient(paletteV1.PaletteServiceClient, `127.0.0.1:${running.grpcPort}`);
  });

  after(async () => {
    client.close();
    await running.shutdown('test over');
  });

  it('answers a palette for a Monk level and undertone', async () => {
    const { palette } = await getPalette({ monk: 9, undertone: typeV1.Undertone.UNDERTONE_COOL });
    assert.equal(palette?.season, paletteV1.Season.SEASON_DEEP_WINTER);
    assert.equal(palette?.value, paletteV1.ValueLevel.VALUE_LEVEL_DEEP);
    assert.equal(palette?.groups.length, 8);
    const json = paletteV1.Palette.toJSON(palette!) as { season: string; groups: { kind: string; swatches: { hex: string }[] }[] };
    assert.equal(json.season, 'SEASON_DEEP_WINTER');
    assert.equal(json.groups[0]?.kind, 'SWATCH_GROUP_KIND_BEST');
    assert.match(json.groups[0]?.swatches[0]?.hex ?? '', /^#[0-9a-f]{6}$/);
  });

  it('returns only the requested category', async () => {
    const { palette } = await getPalette({ monk: 3, category: paletteV1.PaletteCategory.PALETTE_CATEGORY_MAKEUP });
    assert.ok(palette?.groups.every((group) => group.category === paletteV1.PaletteCategory.PALETTE_CATEGORY_MAKEUP));
    assert.equal(palette?.groups.length, 5);
  });

  it('refuses a Monk level outside 1-10 and an impossible skin colour with INVALID_ARGUMENT', async () => {
    await assert.rejects(getPalette({ monk: 0 }), (error: grpc.ServiceError) => {
      assert.equal(error.code, grpc.status.INVALID_ARGUMENT);
      assert.equal(error.details, 'monk is required, a Monk Skin Tone level from 1 to 10 (e.g. ?monk=5); it was missing or 0');
      return true;
    });
    await assert.rejects(getPalette({ monk: 11 }), (error: grpc.ServiceError) => {
      assert.equal(error.code, grpc.status.INVALID_ARGUMENT);
      assert.equal(error.details, 'monk must be a Monk Skin Tone level from 1 to 10, got 11');
      return true;
    });
    await assert.rejects(getPalette({ monk: 5, category: 9 as paletteV1.PaletteCategory }), (error: grpc.ServiceError) => {
      assert.equal(error.code, grpc.status.INVALID_ARGUMENT);
      assert.match(error.details, /category 9 is not one of PALETTE_CATEGORY_CLOTHING, PALETTE_CATEGORY_MAKEUP/);
      return true;
    });
    await assert.rejects(getPalette({ monk: 5, skinLab: { l: 140, a: 0, b: 0 } }), (error: grpc.ServiceError) => {
      assert.match(error.details, /skinLab\.l must be from 0 to 100, got 140/);
      return true;
    });
  });

  it('serves a repeated question from the cache', async () => {
    const request = { monk: 4, undertone: typeV1.Undertone.UNDERTONE_WARM, skinLab: { l: 70.1, a: 10, b: 20 } };
    const first = await getPalette(request);
    const second = await getPalette({ ...request, skinLab: { l: 70.12, a: 10.01, b: 20 } });
    assert.deepEqual(second, first);
    const text = await metrics.registry.metrics();
    assert.match(text, /shine_cache_lookups_total\{cache="palette",result="hit",service="palette"\} [1-9]/);
  });
});
