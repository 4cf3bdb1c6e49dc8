import { loadDescriptorSet, type paletteV1 } from '@shine/contracts';
import { createLogger, createMetrics, exitOnSignals, latencyBuckets, packageVersion, startService, TtlCache } from '@shine/platform';
import { loadConfigOrExit } from '@shine/platform/config';
import { paletteConfigSchema } from './config.ts';
import { loadPaletteData } from './palette-data.ts';
import { paletteService } from './server.ts';

const version = packageVersion(new URL('../package.json', import.meta.url));
const config = loadConfigOrExit('palette', paletteConfigSchema);
const logger = createLogger({ service: 'palette', version, level: config.LOG_LEVEL });
const metrics = createMetrics({ service: 'palette', version, buckets: latencyBuckets.subMillisecond });

const data = loadPaletteData();
const cache = new TtlCache<paletteV1.Palette>({
  name: 'palette',
  ttlMs: config.PALETTE_CACHE_TTL_MS,
  maxEntries: config.PALETTE_CACHE_MAX_ENTRIES,
  registry: metrics.registry,
});
const running = await startService({
  config,
  logger,
  metrics,
  services: [paletteService(data, cache)],
  descriptorSet: loadDescriptorSet(),
});
exitOnSignals(running, logger);
running.setReady(true);
logger.info({ clothing: data.clothing.length, blush: data.blush.length, lipstick: data.lipstick.length }, 'palette data loaded; ready');
