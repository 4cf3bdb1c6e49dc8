import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '@shine/platform/config';
import { gatewayConfigSchema } from './config.ts';
import { upstreamAddresses } from './upstream-addresses.ts';

describe('gateway configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig(gatewayConfigSchema, {});
    assert.equal(config.GATEWAY_PORT, 8080);
    assert.equal(config.MAX_UPLOAD_BYTES, 15 * 1024 * 1024);
    assert.equal(config.REJECT_UNKNOWN_FIELDS, true);
    assert.deepEqual(config.CORS_ALLOWED_ORIGINS, []);
    assert.deepEqual([...config.ROUTE_TIMEOUTS_MS], [['AnalyzeImage', 30_000]]);
  });

  it('reads lists, per-method timeouts and flags', () => {
    const config = loadConfig(gatewayConfigSchema, {
      CORS_ALLOWED_ORIGINS: 'https://a.test, https://b.test',
      ROUTE_TIMEOUTS_MS: 'shine.palette.v1.PaletteService/GetPalette=2000,AnalyzeImage=60000',
      REJECT_UNKNOWN_FIELDS: 'false',
    });
    assert.deepEqual(config.CORS_ALLOWED_ORIGINS, ['https://a.test', 'https://b.test']);
    assert.equal(config.ROUTE_TIMEOUTS_MS.get('shine.palette.v1.PaletteService/GetPalette'), 2000);
    assert.equal(config.REJECT_UNKNOWN_FIELDS, false);
  });

  it('names a wrong variable', () => {
    assert.throws(() => loadConfig(gatewayConfigSchema, { MAX_UPLOAD_BYTES: String(200 * 1024 * 1024) }), /MAX_UPLOAD_BYTES must be at most 104857600/);
    assert.throws(() => loadConfig(gatewayConfigSchema, { ROUTE_TIMEOUTS_MS: 'AnalyzeImage' }), /ROUTE_TIMEOUTS_MS must be Method=milliseconds pairs/);
    assert.throws(() => loadConfig(gatewayConfigSchema, { JWT_HS256_SECRET: 'short' }), /JWT_HS256_SECRET must be at least 32/);
  });

  it('maps each shine.<name>.v1 service to <NAME>_ADDRESS, "none" leaving it out', () => {
    const config = loadConfig(gatewayConfigSchema, { PALETTE_ADDRESS: 'dns:///palette:50052', CATALOG_ADDRESS: 'none' });
    const addresses = upstreamAddresses(config, ['shine.palette.v1.PaletteService', 'shine.catalog.v1.CatalogService', 'shine.analysis.v1.AnalysisService']);
    assert.deepEqual(Object.fromEntries(addresses), { 'shine.palette.v1.PaletteService': 'dns:///palette:50052', 'shine.analysis.v1.AnalysisService': '127.0.0.1:50051' });
  });
});
