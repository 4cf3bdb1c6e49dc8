import { createLogger, createMetrics, exitOnSignals, gracefulShutdown, loadConfigOrExit, packageVersion, startSideServer } from '@shine/platform/process';
import { gatewayConfigSchema } from './config.ts';
import { GatewayThreads, processMetrics } from './gateway-threads.ts';
import { rateLimiterFor } from './rate-limit.ts';

const version = packageVersion(new URL('../package.json', import.meta.url));
const config = loadConfigOrExit('gateway', gatewayConfigSchema);
const logger = createLogger({ service: 'gateway', version, level: config.LOG_LEVEL });
const metrics = createMetrics({ service: 'gateway', version });
if (!config.JWT_JWKS_URL && !config.JWT_HS256_SECRET) logger.warn('neither JWT_JWKS_URL nor JWT_HS256_SECRET is set: routes that need a token answer 401');

// GATEWAY_THREADS threads serve the public port; this one supervises them. They share the
// process's token buckets (one buffer) and get the configuration parsed here.
const rateLimitBuffer = rateLimiterFor(config)?.buffer;
const threads = await GatewayThreads.start(config.GATEWAY_THREADS, { config, port: config.GATEWAY_PORT, rateLimitBuffer }, logger);

let ready = false;
const side = await startSideServer({ host: config.BIND_HOST, port: config.HTTP_PORT, registry: processMetrics(metrics.registry, threads), isReady: () => ready });
const lifecycle = gracefulShutdown({
  logger,
  graceMs: config.SHUTDOWN_GRACE_MS,
  setReady: (value) => (ready = value),
  drain: (graceMs) => threads.close(graceMs),
  side: side.server,
});
exitOnSignals(lifecycle, logger);
ready = true;
const { port, routes, upstreams } = threads.listening;
logger.info(
  { gateway_port: port, http_port: side.port, threads: config.GATEWAY_THREADS, routes, upstreams },
  'listening; REST on the gateway port, OpenAPI at /openapi.json, docs at /docs',
);
