import { createLogger, createMetrics, exitOnSignals, gracefulShutdown, loadConfigOrExit, packageVersion, startSideServer } from '@shine/platform';
import { gatewayConfigSchema } from './config.ts';
import { rateLimiterFor, startGatewayServer } from './gateway-server.ts';
import { GatewayThreads, processMetrics } from './gateway-threads.ts';

const version = packageVersion(new URL('../package.json', import.meta.url));
const config = loadConfigOrExit('gateway', gatewayConfigSchema);
const logger = createLogger({ service: 'gateway', version, level: config.LOG_LEVEL });
const metrics = createMetrics({ service: 'gateway', version });
if (!config.JWT_JWKS_URL && !config.JWT_HS256_SECRET) logger.warn('neither JWT_JWKS_URL nor JWT_HS256_SECRET is set: routes that need a token answer 401');

// The main thread serves too; GATEWAY_THREADS - 1 more threads share its port and its rate limits.
const threaded = config.GATEWAY_THREADS > 1;
// The process's token buckets: every thread's RateLimiter works on this one buffer.
const rateLimitBuffer = rateLimiterFor(config)?.buffer;
const server = await startGatewayServer({
  config,
  version,
  logger: threaded ? logger.child({ thread: 0 }) : logger,
  metricsRegistry: metrics.registry,
  rateLimitBuffer,
  port: config.GATEWAY_PORT,
  sharePort: threaded ? 'claim' : undefined,
});
// The threads get the configuration parsed here, not the environment to parse again.
const threads = threaded ? await GatewayThreads.start(config.GATEWAY_THREADS - 1, { config, port: server.port, rateLimitBuffer }, logger) : undefined;

let ready = false;
const registry = threads ? processMetrics(metrics.registry, threads) : metrics.registry;
const side = await startSideServer({ host: config.BIND_HOST, port: config.HTTP_PORT, registry, isReady: () => ready });
const lifecycle = gracefulShutdown({
  logger,
  graceMs: config.SHUTDOWN_GRACE_MS,
  setReady: (value) => (ready = value),
  drain: async (graceMs) => (await Promise.all([server.close(graceMs), threads?.close(graceMs) ?? true])).every(Boolean),
  side: side.server,
});
exitOnSignals(lifecycle, logger);
ready = true;
logger.info(
  { gateway_port: server.port, http_port: side.port, threads: config.GATEWAY_THREADS, routes: server.routes, upstreams: Object.fromEntries(server.upstreams) },
  'listening; REST on the gateway port, OpenAPI at /openapi.json, docs at /docs',
);
