import type { CompiledRoute } from '../compiled-route.ts';
import type { Page } from '../docs-page.ts';
import type { GatewayOptions } from '../gateway.ts';
import { bodyLimits } from '../read-body.ts';
import type { RouteTable } from '../route-table.ts';
import { accessLogStep } from './access-log.ts';
import { answerErrorsStep } from './answer-errors.ts';
import { apiPagesStep } from './api-pages.ts';
import { authenticateStep } from './authenticate.ts';
import { corsHeadersStep } from './cors-headers.ts';
import { corsPreflightStep } from './cors-preflight.ts';
import { grpcTimeoutStep } from './grpc-timeout.ts';
import type { HttpStep } from './http-step.ts';
import { limitRateStep } from './limit-rate.ts';
import { matchRouteStep } from './match-route.ts';
import { noSniffingStep } from './no-sniffing.ts';
import { requestBodyStep } from './request-body.ts';
import { requestIdStep } from './request-id.ts';
import { requestMetricsStep } from './request-metrics.ts';
import { resolveUpstreamStep } from './resolve-upstream.ts';
import { serverSpanStep } from './server-span.ts';
import { tokenRefusalStep } from './token-refusal.ts';

export interface GatewayStepsOptions extends GatewayOptions {
  table: RouteTable<CompiledRoute>;
  pages: ReadonlyMap<string, Page>;
}

/**
 * The gateway's HTTP concerns in the order a request meets them, before its RPC is called. A new
 * concern is a file in this folder and a line here.
 */
export function gatewaySteps(options: GatewayStepsOptions): HttpStep[] {
  return [
    serverSpanStep(),
    requestIdStep(),
    noSniffingStep(),
    corsHeadersStep(options.cors),
    requestMetricsStep(options.metrics),
    accessLogStep(options.logger),
    apiPagesStep(options.pages),
    corsPreflightStep(options.cors, options.table),
    matchRouteStep(options.table),
    answerErrorsStep(),
    authenticateStep(options.verifyToken),
    limitRateStep(options.rateLimiter, options.trustProxy),
    tokenRefusalStep(),
    resolveUpstreamStep(options.upstreams),
    grpcTimeoutStep(),
    requestBodyStep(bodyLimits({ maxUploadBytes: options.maxUploadBytes, maxJsonBytes: options.maxJsonBytes, pace: options.bodyPace })),
  ];
}
