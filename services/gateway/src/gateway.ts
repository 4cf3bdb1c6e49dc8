import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DescService, Registry } from '@bufbuild/protobuf';
import type { ServiceError } from '@grpc/grpc-js';
import { Code, ShineError, statusJson, type Logger } from '@shine/platform';
import { authorize, routeAccess, tokenMissing, type AccessPolicyOptions, type RouteAccess } from './access-policy.ts';
import type { Cors } from './cors.ts';
import { docsPages, openApiPage, type Page } from './docs-page.ts';
import { sendError, type ErrorContext } from './error-response.ts';
import { forwardedMetadata, forwardResponseMetadata } from './forward-metadata.ts';
import type { HttpMetrics } from './http-metrics.ts';
import { bearerToken, type Principal, type TokenVerifier } from './jwt-auth.ts';
import { buildOpenApi } from './openapi.ts';
import type { RateLimiter } from './rate-limit.ts';
import { bodyLimits, readBody } from './read-body.ts';
import { requestIdOf } from './request-id.ts';
import { RouteTable } from './route-table.ts';
import { compileRoutes, type RpcRoute } from './rpc-route.ts';
import { streamFormatFor } from './stream-format.ts';
import { pipeStream } from './stream-response.ts';
import { deadlineFor, parseGrpcTimeout, type TimeoutPolicy } from './timeout.ts';
import { responseJson } from './transcode-response.ts';
import { TranscodedRequests } from './transcoded-requests.ts';
import { callServerStream, callUnary, serviceLabel, upstreamError, type Upstreams } from './upstream.ts';
import { wordList } from './word-list.ts';

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
  rejectUnknownFields: boolean;
  heartbeatMs: number;
  defaultRetryAfterSeconds: number;
  /** Take the client address from X-Forwarded-For (behind a trusted proxy) for rate limiting. */
  trustProxy: boolean;
  /** Title and version of the OpenAPI document served at /openapi.json (with Swagger UI at /docs). */
  api: { title: string; version: string; description: string };
}

interface CompiledRoute {
  rpc: RpcRoute;
  access: RouteAccess;
  /** The metrics label: the template, never the raw path. */
  label: string;
}

export interface Gateway {
  handle(request: IncomingMessage, response: ServerResponse): void;
  readonly routes: readonly RpcRoute[];
  /** The OpenAPI 3.1 document of those routes. */
  readonly openApi: Record<string, unknown>;
  /** Ends every open stream with UNAVAILABLE, so clients reconnect elsewhere (before a shutdown). */
  endStreams(): void;
}

/** The REST → gRPC edge: one request handler built from the descriptors at start. */
export function createGateway(options: GatewayOptions): Gateway {
  const rpcRoutes = compileRoutes(options.registry, options.services);
  const accessOf = (rpc: RpcRoute) => routeAccess(rpc, options.accessPolicy);
  const table = new RouteTable<CompiledRoute>(
    rpcRoutes.map((rpc) => ({ httpMethod: rpc.httpMethod, template: rpc.template, target: { rpc, access: accessOf(rpc), label: rpc.template.source } })),
  );
  const openApi = buildOpenApi(options.registry, rpcRoutes, { ...options.api, maxUploadBytes: options.maxUploadBytes, accessOf });
  const pages = new Map<string, Page>([['/openapi.json', openApiPage(openApi)], ...docsPages()]);
  const limits = bodyLimits(options.maxUploadBytes);
  const openStreams = new Set<(error: ShineError) => void>();
  const transcoded = new TranscodedRequests({ rejectUnknown: options.rejectUnknownFields });
  const { logger, metrics } = options;

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const startedAt = performance.now();
    const requestId = requestIdOf(request.headers['x-request-id']);
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart < 0 ? url : url.slice(0, queryStart);
    const query = queryStart < 0 ? '' : url.slice(queryStart + 1);
    response.setHeader('x-request-id', requestId);
    options.cors.decorate(request, response);

    let label = 'unmatched';
    response.once('close', () => {
      const status = response.writableFinished ? response.statusCode : 499;
      const seconds = (performance.now() - startedAt) / 1000;
      metrics.observe(label, method, status, seconds);
      // An access line for what needs a look; everything at debug.
      if (status >= 500) logger.warn({ request_id: requestId, method, route: label, status, duration_ms: seconds * 1000 }, 'request failed');
      else if (logger.isLevelEnabled('debug')) logger.debug({ request_id: requestId, method, route: label, status, duration_ms: seconds * 1000 }, 'request');
    });
    const context: ErrorContext = { requestId, logger, defaultRetryAfterSeconds: options.defaultRetryAfterSeconds };
    const fail = (error: unknown, allow?: readonly string[]) => sendError(response, error, allow ? { ...context, allow } : context);

    const page = pages.get(path) ?? (path.startsWith('/docs/') ? pages.get('/docs/') : undefined);
    if (page) {
      label = path.startsWith('/docs/') ? '/docs/*' : path;
      page(request, response);
      return;
    }
    if (method === 'OPTIONS' && options.cors.preflight(request, response, () => allowedMethods(table, path))) {
      label = 'preflight';
      return;
    }
    const match = table.match(method, path);
    if (match.kind === 'not-found') {
      fail(new ShineError(Code.NOT_FOUND, `no route for ${method} ${path}: see /openapi.json`, { reason: 'ROUTE_NOT_FOUND' }));
      return;
    }
    if (match.kind === 'method-not-allowed') {
      fail(new ShineError(Code.UNIMPLEMENTED, `${path} does not take ${method}: use ${wordList(match.allowed, 'or')}`, { reason: 'METHOD_NOT_ALLOWED' }), match.allowed);
      return;
    }
    const route = match.entry.target;
    label = route.label;
    serve(route, match.segments, query, request, response, context).catch((error: unknown) => fail(error));
  };

  async function serve(
    route: CompiledRoute,
    segments: readonly string[],
    query: string,
    request: IncomingMessage,
    response: ServerResponse,
    context: ErrorContext,
  ): Promise<void> {
    const { rpc, access } = route;
    const { requestId } = context;
    const clientAddress = clientAddressOf(request, options.trustProxy);
    const limited = (key: string) => {
      const decision = options.rateLimiter?.take(key);
      if (!decision || decision.allowed) return false;
      const error = new ShineError(Code.RESOURCE_EXHAUSTED, `too many requests: retry in ${decision.retryAfterSeconds} s`, { reason: 'RATE_LIMITED' });
      sendError(response, error, { ...context, defaultRetryAfterSeconds: decision.retryAfterSeconds });
      return true;
    };
    let principal: Principal | undefined;
    try {
      principal = access.guestOnly ? undefined : await authenticate(request, access);
    } catch (error) {
      // Refused tokens count against the address, so nobody gets unlimited signature checks.
      if (limited(`address:${clientAddress}`)) return;
      throw error;
    }
    if (limited(principal ? `subject:${principal.subject}` : `address:${clientAddress}`)) return;
    const serviceName = rpc.service.typeName;
    const client = options.upstreams.clientFor(serviceName);
    if (!client) {
      throw new ShineError(Code.UNAVAILABLE, `the ${serviceLabel(serviceName)} service is not deployed here`, { reason: 'SERVICE_NOT_CONFIGURED' });
    }
    const requestedTimeout = parseGrpcTimeout(request.headers['grpc-timeout']);

    // A client that asked to "Expect: 100-continue" sends its body only once told to: after the
    // route, the token, the rate limit and the declared length passed.
    const body = await readBody(request, rpc, limits, () => {
      if (request.headers.expect?.toLowerCase() === '100-continue') response.writeContinue();
    });
    // The upstream's time starts once the body is in: a slow phone's upload is not the service's delay.
    const deadline = deadlineFor(options.timeouts, rpc.grpcPath, rpc.method.name, rpc.serverStreaming, requestedTimeout, Date.now());
    const { message, bytes: requestBytes } = transcoded.of(rpc, segments, query, body);
    authorize(access, principal, message, segments);
    const metadata = forwardedMetadata(request, { requestId, subject: principal?.subject });

    if (rpc.serverStreaming) {
      const call = callServerStream(client, rpc.grpcPath, requestBytes, metadata, deadline);
      const stop = pipeStream(call, response, {
        format: streamFormatFor(request.headers.accept),
        heartbeatMs: options.heartbeatMs,
        toJson: (chunk) => responseJson(rpc, chunk),
        toError: (status: ServiceError) => upstreamError(status, serviceName),
        statusJson: (error) => statusJson({ code: error.code, message: error.message, reason: error.reason, requestId }),
        failBeforeStart: (error) => sendError(response, error, context),
      });
      openStreams.add(stop);
      response.once('close', () => openStreams.delete(stop));
      return;
    }

    // The JSON is written while the upstream's status is on its way, and used once it says OK.
    const toJson = rpc.successStatus === 204 ? undefined : (answer: Buffer) => responseJson(rpc, answer);
    const { result, cancel } = callUnary(client, rpc.grpcPath, requestBytes, metadata, deadline, serviceName, toJson);
    const onClose = () => cancel();
    response.once('close', onClose);
    const { message: answer, headers, prepared } = await result;
    response.off('close', onClose);
    forwardResponseMetadata(headers, response);
    if (rpc.successStatus === 204) {
      response.writeHead(204).end();
      return;
    }
    const json = prepared ?? responseJson(rpc, answer);
    response.writeHead(rpc.successStatus, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }).end(json);
  }

  async function authenticate(request: IncomingMessage, access: RouteAccess): Promise<Principal | undefined> {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      if (access.tokenRequired) throw tokenMissing();
      return undefined;
    }
    if (!options.verifyToken) {
      throw new ShineError(Code.UNAUTHENTICATED, 'this gateway accepts no tokens: no JWT method is configured', { reason: 'TOKEN_INVALID' });
    }
    return options.verifyToken(token);
  }

  const endStreams = () => {
    const shuttingDown = new ShineError(Code.UNAVAILABLE, 'the gateway is restarting: reconnect', { reason: 'GATEWAY_SHUTTING_DOWN' });
    for (const stop of openStreams) stop(shuttingDown);
  };

  return { handle, routes: rpcRoutes, openApi, endStreams };
}

function allowedMethods(table: RouteTable<CompiledRoute>, path: string): string[] {
  const match = table.match('OPTIONS', path);
  return match.kind === 'method-not-allowed' ? [...match.allowed] : [];
}

function clientAddressOf(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  // The entry the proxy in front added is the last: everything left of it the client wrote itself.
  if (trustProxy && typeof forwarded === 'string') return forwarded.slice(forwarded.lastIndexOf(',') + 1).trim() || (request.socket.remoteAddress ?? 'unknown');
  return request.socket.remoteAddress ?? 'unknown';
}
