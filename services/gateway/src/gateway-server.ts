import type { DescService } from '@bufbuild/protobuf';
import { contractRegistry } from '@shine/contracts';
import { takeOverHttpServerSpans, type Logger } from '@shine/platform';
import type { Registry } from 'prom-client';
import { defaultAccessPolicy } from './access-policy.ts';
import type { GatewayConfig } from './config.ts';
import { createCors } from './cors.ts';
import { createGateway } from './gateway.ts';
import { createHttpMetrics } from './http-metrics.ts';
import { createTokenVerifier } from './jwt-auth.ts';
import { startPublicServer, type SharePort } from './public-server.ts';
import { rateLimiterFor } from './rate-limit.ts';
import { installLeanAsyncBind } from './upstream-channel/lean-async-bind.ts';
import { Upstreams } from './upstream.ts';
import { upstreamAddresses } from './upstream-addresses.ts';

export interface GatewayServerOptions {
  config: GatewayConfig;
  version: string;
  logger: Logger;
  /** Where this server's HTTP metrics go. */
  metricsRegistry: Registry;
  /** The process's rate-limit buckets (RateLimiter.buffer), so every thread counts against one limit. */
  rateLimitBuffer: SharedArrayBuffer | undefined;
  /** The public port; for a thread that joins, the one the first thread bound. */
  port: number;
  /** With threads, bind with SO_REUSEPORT: the first thread claims the port, the others join it (see startPublicServer). */
  sharePort: SharePort | undefined;
}

export interface GatewayServer {
  readonly port: number;
  readonly routes: number;
  readonly upstreams: ReadonlyMap<string, string>;
  /**
   * Ends open streams, stops accepting, lets in-flight requests finish within `graceMs`, closes the
   * upstreams; false when requests still running had to be cut.
   */
  close(graceMs: number): Promise<boolean>;
}

/**
 * One gateway on the public port: routes from the contracts, upstream channels, and the HTTP
 * server. Each of the gateway's threads runs one; they share the port and the rate limits.
 */
export async function startGatewayServer(options: GatewayServerOptions): Promise<GatewayServer> {
  const { config, logger } = options;
  // The gateway's own server spans (http-steps/server-span.ts) stand in for the http instrumentation's.
  takeOverHttpServerSpans();
  // node:http2 binds every upstream call it starts: without the deprecated accessor Node adds to each.
  installLeanAsyncBind();
  const registry = contractRegistry();
  const services = [...registry].filter((desc): desc is DescService => desc.kind === 'service');
  const addresses = upstreamAddresses(config, services.map((service) => service.typeName));
  // No per-call client metrics: each route is one RPC, so the HTTP metrics by route and status already
  // count upstream outcomes, and the interceptor cost a tenth of the gateway's CPU per request.
  const upstreams = new Upstreams(addresses);
  const jwtConfigured = Boolean(config.JWT_JWKS_URL || config.JWT_HS256_SECRET);
  const gateway = createGateway({
    registry,
    services,
    upstreams,
    logger,
    metrics: createHttpMetrics(options.metricsRegistry),
    cors: createCors({ allowedOrigins: config.CORS_ALLOWED_ORIGINS }),
    rateLimiter: rateLimiterFor(config, options.rateLimitBuffer),
    verifyToken: jwtConfigured
      ? createTokenVerifier({ jwksUrl: config.JWT_JWKS_URL, hs256Secret: config.JWT_HS256_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE })
      : undefined,
    accessPolicy: defaultAccessPolicy,
    timeouts: { unaryMs: config.DEFAULT_TIMEOUT_MS, streamMs: config.STREAM_TIMEOUT_MS, maxMs: config.MAX_TIMEOUT_MS, perMethodMs: config.ROUTE_TIMEOUTS_MS },
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    maxJsonBytes: config.MAX_JSON_BODY_BYTES,
    bodyPace: { minBytesPerSecond: config.BODY_MIN_BYTES_PER_SECOND, windowMs: config.BODY_PACE_WINDOW_MS },
    rejectUnknownFields: config.REJECT_UNKNOWN_FIELDS,
    heartbeatMs: config.STREAM_HEARTBEAT_MS,
    defaultRetryAfterSeconds: config.RETRY_AFTER_SECONDS,
    trustProxy: config.TRUST_PROXY,
    api: {
      title: 'Shine API',
      version: options.version,
      description: 'Skin-tone analysis, palettes, shade matching and recommendations. Errors are google.rpc.Status JSON.',
    },
  });
  const server = await startPublicServer(gateway.handle, { host: config.BIND_HOST, port: options.port, sharePort: options.sharePort });
  return {
    port: server.port,
    routes: gateway.routes.length,
    upstreams: addresses,
    async close(graceMs) {
      gateway.endStreams();
      const drained = await server.close(graceMs);
      upstreams.close();
      return drained;
    },
  };
}
