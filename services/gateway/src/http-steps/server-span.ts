import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type SpanOptions } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { withholdSubjectIds } from '@shine/platform';
import type { Exchange, HttpStep } from './http-step.ts';
import { finalStatus } from './final-status.ts';

const tracer = trace.getTracer('@shine/gateway');
const serverSpan: SpanOptions = { kind: SpanKind.SERVER };

/**
 * Each request's HTTP server span, made here rather than by the generic http instrumentation (the
 * gateway turns it off: it cost as much CPU per request as the rest of the gateway). The span
 * continues the caller's traceparent, is named by the route template once matched ("POST
 * /v1/analyses", the HTTP conventions' `{method} {http.route}`), and the RPC's client span is its
 * child. Paths keep no subject id. Without the tracing preload there is nothing to do.
 */
export function serverSpanStep(): HttpStep {
  if (propagation.fields().length === 0) return (next) => next;
  return (next) => (request, response, exchange) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(exchange.method, serverSpan, parent);
    // A span that is not recorded (a request the sampler left out: nine in ten at the chart's
    // default ratio) only carries the trace on; describing it would cost as much as recording it.
    if (span.isRecording()) describeUntilClosed(span, request, response, exchange);
    return context.with(trace.setSpan(parent, span), next, undefined, request, response, exchange);
  };
}

/**
 * Attributes after the start, not in its options (the SDK validates and copies options' twice;
 * the samplers OTEL_TRACES_SAMPLER offers decide by trace id and parent, never by attributes).
 */
function describeUntilClosed(span: Span, request: IncomingMessage, response: ServerResponse, exchange: Exchange): void {
  span.setAttributes({
    'http.request.method': exchange.method,
    'url.scheme': 'http',
    'url.path': exchange.path.includes('/subjects/') ? withholdSubjectIds(exchange.path) : exchange.path,
    'network.protocol.version': request.httpVersion,
  });
  response.on('close', () => {
    const status = finalStatus(response);
    span.setAttribute('http.response.status_code', status);
    if (exchange.route) {
      span.setAttribute('http.route', exchange.label);
      span.updateName(`${exchange.method} ${exchange.label}`);
    }
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
}
