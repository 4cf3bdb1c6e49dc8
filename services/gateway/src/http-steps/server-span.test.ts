import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { context, propagation, SpanKind, trace, type SpanContext } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { createLogger } from '@shine/platform';
import { applySteps, newExchange, type Exchange } from './http-step.ts';
import { serverSpanStep } from './server-span.ts';

// What the telemetry preload sets up in a gateway thread (the SDK's default sampler: parent-based,
// always on for a new trace), with spans kept in memory instead of exported.
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

describe('the HTTP server span', () => {
  let server: Server;
  let base: string;
  /** The span context the handler behind the step ran in, per request path. */
  const seen = new Map<string, SpanContext | undefined>();

  before(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    const handler = applySteps((_request, response, exchange: Exchange) => {
      seen.set(exchange.path, trace.getActiveSpan()?.spanContext());
      exchange.route = { target: undefined as never, segments: [] };
      exchange.label = '/v1/subjects/{subject_id}/palettes';
      response.writeHead(exchange.path.endsWith('/broken') ? 503 : 200).end('{}');
    }, [serverSpanStep()]);
    const errors = { logger: createLogger({ service: 'gateway', version: 'test', level: 'silent' }), defaultRetryAfterSeconds: 1 };
    server = createServer((request, response) => void handler(request, response, newExchange(request, response, errors)));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(async () => {
    server.close();
    await provider.shutdown();
  });

  /** The finished span of the request to `path`, once the response's close has ended it. */
  async function spanOf(path: string) {
    for (let tries = 0; tries < 100; tries++) {
      const span = exporter.getFinishedSpans().find((each) => each.attributes['url.path'] === path || each.attributes['url.path'] === path.replace(/subjects\/[^/]+/, 'subjects/{subject_id}'));
      if (span) return span;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return undefined;
  }

  it("continues the caller's sampled trace in a span named by the route, described by the HTTP conventions", async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const response = await fetch(`${base}/v1/subjects/ada/palettes`, { headers: { traceparent } });
    assert.equal(response.status, 200);
    const span = await spanOf('/v1/subjects/ada/palettes');
    assert.ok(span, 'a server span was recorded');
    assert.equal(span.name, 'GET /v1/subjects/{subject_id}/palettes');
    assert.equal(span.kind, SpanKind.SERVER);
    assert.equal(span.spanContext().traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(span.parentSpanContext?.spanId, '00f067aa0ba902b7');
    assert.deepEqual(
      { ...span.attributes },
      {
        'http.request.method': 'GET',
        'url.scheme': 'http',
        'url.path': '/v1/subjects/{subject_id}/palettes',
        'network.protocol.version': '1.1',
        'http.response.status_code': 200,
        'http.route': '/v1/subjects/{subject_id}/palettes',
      },
    );
    assert.equal(seen.get('/v1/subjects/ada/palettes')?.spanId, span.spanContext().spanId, 'the handler runs in the span');
  });

  it('marks a 5xx answer as an error', async () => {
    await fetch(`${base}/v1/broken`);
    const span = await spanOf('/v1/broken');
    assert.equal(span?.status.code, 2);
  });

  it("records nothing for a caller's unsampled trace, yet runs the handler in that trace, unsampled", async () => {
    const recorded = exporter.getFinishedSpans().length;
    const traceparent = '00-5bf92f3577b34da6a3ce929d0e0e4736-10f067aa0ba902b7-00';
    assert.equal((await fetch(`${base}/v1/unsampled`, { headers: { traceparent } })).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(exporter.getFinishedSpans().length, recorded, 'no span recorded');
    const inHandler = seen.get('/v1/unsampled');
    assert.equal(inHandler?.traceId, '5bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(inHandler?.traceFlags, 0);
  });
});
