import type { DescService } from '@bufbuild/protobuf';
import { contractRegistry } from '@shine/contracts';
import { createLogger, createMetrics, loadConfigOrExit, packageVersion, startSideServer } from '@shine/platform';
import { defaultAccessPolicy } from './access-policy.ts';
import { gatewayConfigSchema, upstreamAddresses } from './config.ts';
import { createCors } from './cors.ts';
import { createGateway } from './gateway.ts';
import { createHttpMetrics } from './http-metrics.ts';
import { createTokenVerifier } from './jwt-auth.ts';
import { startPublicServer } from './public-server.ts';
import { RateLimiter } from './rate-limit.ts';
import { Upstreams } from './upstream.ts';

const version = packageVersion(new URL('../package.json', import.meta.url));
const config = loadConfigOrExit('gateway', gatewayConfigSchema);
const logger = createLogger({ service: 'gateway', version, level: config.LOG_LEVEL });
const metrics = createMetrics({ service: 'gateway', version });

const registry = contractRegistry();
const services = [...registry].filter((desc): desc is DescService => desc.kind === 'service');
const addresses = upstreamAddresses(config, services.map((service) => service.typeName));
// No per-call client metrics: each route is one RPC, so the HTTP metrics by route and status already
// count upstream outcomes, and the interceptor cost a tenth of the gateway's CPU per request.
const upstreams = new Upstreams(addresses);
const jwtConfigured = Boolean(config.JWT_JWKS_URL || config.JWT_HS256_SECRET);
if (!jwtConfigured) logger.warn('neither JWT_JWKS_URL nor JWT_HS256_SECRET is set: routes that need a token answer 401');

const gateway = createGateway({
  registry,
  services,
  upstreams,
  logger,
  metrics: createHttpMetrics(metrics.registry),
  cors: createCors({ allowedOrigins: config.CORS_ALLOWED_ORIGINS }),
  rateLimiter: config.RATE_LIMIT_ENABLED ? new RateLimiter({ ratePerSecond: config.RATE_LIMIT_PER_SECOND, burst: config.RATE_LIMIT_BURST }) : undefined,
  verifyToken: jwtConfigured
    ? createTokenVerifier({ jwksUrl: config.JWT_JWKS_URL, hs256Secret: config.JWT_HS256_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE })
    : undefined,
  accessPolicy: defaultAccessPolicy,
  timeouts: { unaryMs: config.DEFAULT_TIMEOUT_MS, streamMs: config.STREAM_TIMEOUT_MS, maxMs: config.MAX_TIMEOUT_MS, perMethodMs: config.ROUTE_TIMEOUTS_MS },
  maxUploadBytes: config.MAX_UPLOAD_BYTES,
  rejectUnknownFields: config.REJECT_UNKNOWN_FIELDS,
  heartbeatMs: config.STREAM_HEARTBEAT_MS,
  defaultRetryAfterSeconds: config.RETRY_AFTER_SECONDS,
  trustProxy: config.TRUST_PROXY,
  api: { title: 'Shine API', version, description: 'Skin-tone analysis, palettes, shade matching and recommendations. Errors are google.rpc.Status JSON.' },
});

let ready = false;
const side = await startSideServer({ host: config.BIND_HOST, port: config.HTTP_PORT, registry: metrics.registry, isReady: () => ready });
const server = await startPublicServer(gateway.handle, { host: config.BIND_HOST, port: config.GATEWAY_PORT });
ready = true;
logger.info(
  { gateway_port: server.port, http_port: side.port, routes: gateway.routes.length, upstreams: Object.fromEntries(addresses) },
  'listening; REST on the gateway port, OpenAPI at /openapi.json, docs at /docs',
);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    ready = false;
    logger.info({ reason: signal, grace_ms: config.SHUTDOWN_GRACE_MS }, 'shutting down: draining in-flight requests');
    gateway.endStreams();
    void server
      .close(config.SHUTDOWN_GRACE_MS)
      .then(() => {
        upstreams.close();
        side.server.closeAllConnections();
        side.server.close(() => {
          logger.info('shut down');
          process.exit(0);
        });
      });
  });
}
