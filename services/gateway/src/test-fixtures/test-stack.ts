import { createLogger, createMetrics, startService, type RunningService } from '@shine/platform';
import { baseConfigSchema, loadConfig } from '@shine/platform/config';
import type { ChannelOptions } from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { defaultAccessPolicy } from '../access-policy.ts';
import { createCors } from '../cors.ts';
import { createGateway, type Gateway, type GatewayOptions } from '../gateway.ts';
import { createHttpMetrics } from '../http-metrics.ts';
import { createTokenVerifier } from '../jwt-auth.ts';
import { startPublicServer, type PublicServer } from '../public-server.ts';
import { Upstreams } from '../upstream.ts';
import { testRegistry } from './build-descriptors.ts';
import { libraryService } from './library-service.ts';
import { analysisService, paletteService, recommenderService, type WatchProbe } from './shine-services.ts';

export const testSecret = 'a test secret that is at least 32 bytes long';
export const allowedOrigin = 'https://app.shine.test';

export interface TestStack {
  /** Absolute URL of a path on the gateway. */
  url(path: string): string;
  gateway: Gateway;
  upstream: RunningService;
  probe: WatchProbe;
  metricsRegistry: Registry;
  close(): Promise<void>;
}

/**
 * Real gRPC servers on loopback (the test library plus fixture palette, analysis and recommender
 * services) behind a real gateway on an HTTP port; the catalog service is left unconfigured.
 */
export interface StackSetup {
  /** grpc-js channel options for the gateway's upstream channels. */
  channelOptions?: ChannelOptions;
  /** Where the gateway looks for the upstreams instead of the test server (e.g. a closed port). */
  upstreamAddress?: string;
  /** The public server's header and request timeouts, shorter than in production for tests of slow clients. */
  serverTimeouts?: { headersMs: number; requestMs: number };
}

export async function startTestStack(overrides: Partial<GatewayOptions> = {}, setup: StackSetup = {}): Promise<TestStack> {
  const logger = createLogger({ service: 'gateway-test', version: 'test', level: 'silent' });
  const probe: WatchProbe = { started: 0, cancelled: 0 };
  const upstream = await startService({
    config: loadConfig(baseConfigSchema, { GRPC_PORT: '0', HTTP_PORT: '0', BIND_HOST: '127.0.0.1' }),
    logger,
    metrics: createMetrics({ service: 'upstream-test', version: 'test' }),
    services: [libraryService(), paletteService(), analysisService(), recommenderService(probe)],
  });
  upstream.setReady(true);

  const registry = testRegistry();
  const services = ['gatewaytest.v1.LibraryService', 'shine.palette.v1.PaletteService', 'shine.analysis.v1.AnalysisService', 'shine.recommender.v1.RecommenderService', 'shine.catalog.v1.CatalogService'].map(
    (name) => registry.getService(name)!,
  );
  const address = setup.upstreamAddress ?? `127.0.0.1:${upstream.grpcPort}`;
  const upstreams = new Upstreams(
    new Map(services.filter((service) => !service.typeName.includes('catalog')).map((service) => [service.typeName, address])),
    setup.channelOptions ? { channelOptions: setup.channelOptions } : {},
  );
  const metricsRegistry = new Registry();
  const gateway = createGateway({
    registry,
    services,
    upstreams,
    logger,
    metrics: createHttpMetrics(metricsRegistry),
    cors: createCors({ allowedOrigins: [allowedOrigin] }),
    rateLimiter: undefined,
    verifyToken: createTokenVerifier({ hs256Secret: testSecret }),
    accessPolicy: defaultAccessPolicy,
    timeouts: { unaryMs: 5_000, streamMs: 60_000, maxMs: 60_000, perMethodMs: new Map() },
    maxUploadBytes: 1024 * 1024,
    maxJsonBytes: 64 * 1024,
    bodyPace: { minBytesPerSecond: 1024, windowMs: 10_000 },
    rejectUnknownFields: true,
    heartbeatMs: 10_000,
    defaultRetryAfterSeconds: 1,
    trustProxy: false,
    api: { title: 'Shine API (test)', version: 'test', description: 'The test stack.' },
    ...overrides,
  });
  const server: PublicServer = await startPublicServer(gateway.handle, { host: '127.0.0.1', port: 0, ...(setup.serverTimeouts ? { timeouts: setup.serverTimeouts } : {}) });
  return {
    url: (path) => `http://127.0.0.1:${server.port}${path}`,
    gateway,
    upstream,
    probe,
    metricsRegistry,
    async close() {
      await server.close(1_000);
      upstreams.close();
      await upstream.shutdown('test over');
    },
  };
}
