import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { withholdSubjectIds } from '@shine/platform';
import type { HttpStep } from './http-step.ts';
import { finalStatus } from './final-status.ts';

const tracer = trace.getTracer('@shine/gateway');

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
    const span = tracer.startSpan(
      exchange.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': exchange.method,
          'url.scheme': 'http',
          'url.path': exchange.path.includes('/subjects/') ? withholdSubjectIds(exchange.path) : exchange.path,
          'network.protocol.version': request.httpVersion,
        },
      },
      parent,
    );
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
    return context.with(trace.setSpan(parent, span), next, undefined, request, response, exchange);
  };
}
