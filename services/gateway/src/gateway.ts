import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BodyPace } from './body-pace.ts';
import type { DescService, Registry } from '@bufbuild/protobuf';
import type { Logger } from '@shine/platform';
import { routeAccess, type AccessPolicyOptions } from './access-policy.ts';
import { rpcCalls } from './call-rpc.ts';
import type { CompiledRoute } from './compiled-route.ts';
import type { Cors } from './cors.ts';
import { docsPages, openApiPage, type Page } from './docs-page.ts';
import { webPages } from './web-page.ts';
import { gatewaySteps } from './http-steps/gateway-steps.ts';
import { applySteps, newExchange } from './http-steps/http-step.ts';
import type { HttpMetrics } from './http-metrics.ts';
import type { TokenVerifier } from './jwt-auth.ts';
import { buildOpenApi } from './openapi.ts';
import type { RateLimiter } from './rate-limit.ts';
import { RouteTable } from './route-table.ts';
import { compileRoutes, type RpcRoute } from './rpc-route.ts';
import type { TimeoutPolicy } from './timeout.ts';
import type { Upstreams } from './upstream.ts';

export interface GatewayOptions {
  /** Descriptors of every service to expose (and everything they import). */
  registry: Registry;
  services: Iterable<DescService>;
  upstreams: Upstreams;
  logger: Logger;
  metrics: HttpMetrics;
  cors: Cors;
  /** Undefined turns rate limiting off. */
  rateLimiter: RateLimiter | undefined;
  /** Undefined when no JWT method is configured: routes needing a token then answer 401. */
  verifyToken: TokenVerifier | undefined;
  accessPolicy: AccessPolicyOptions;
  timeouts: TimeoutPolicy;
  maxUploadBytes: number;
  /** Largest JSON body on a route that takes no upload. */
  maxJsonBytes: number;
  /** How fast a request body must keep arriving (slowloris). */
  bodyPace: BodyPace;
  rejectUnknownFields: boolean;
  heartbeatMs: number;
  defaultRetryAfterSeconds: number;
  /** Take the client address from X-Forwarded-For (behind a trusted proxy) for rate limiting. */
  trustProxy: boolean;
  /** Title and version of the OpenAPI document served at /openapi.json (with Swagger UI at /docs). */
  api: { title: string; version: string; description: string };
}

export interface Gateway {
  handle(request: IncomingMessage, response: ServerResponse): void;
  readonly routes: readonly RpcRoute[];
  /** Ends every open stream with UNAVAILABLE, so clients reconnect elsewhere (before a shutdown). */
  endStreams(): void;
}

/**
 * The REST → gRPC edge: one request handler built from the descriptors at start, the HTTP steps
 * (http-steps/) around the RPC call. The OpenAPI document and the docs are made when first asked for.
 */
export function createGateway(options: GatewayOptions): Gateway {
  const rpcRoutes = compileRoutes(options.registry, options.services);
  const accessOf = (rpc: RpcRoute) => routeAccess(rpc, options.accessPolicy);
  const table = new RouteTable<CompiledRoute>(
    rpcRoutes.map((rpc) => ({ httpMethod: rpc.httpMethod, template: rpc.template, target: { rpc, access: accessOf(rpc), label: rpc.template.source } })),
  );
  const openApi = () => buildOpenApi(options.registry, rpcRoutes, { ...options.api, maxUploadBytes: options.maxUploadBytes, accessOf });
  const pages = new Map<string, Page>([['/openapi.json', openApiPage(openApi)], ...docsPages(), ...webPages()]);
  const calls = rpcCalls(options);
  const handler = applySteps(calls.handle, gatewaySteps({ ...options, table, pages }));
  const errors = { logger: options.logger, defaultRetryAfterSeconds: options.defaultRetryAfterSeconds };
  const handle = (request: IncomingMessage, response: ServerResponse): void => void handler(request, response, newExchange(request, response, errors));
  return { handle, routes: rpcRoutes, endStreams: calls.endStreams };
}
