import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { context, propagation, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import * as grpc from '@grpc/grpc-js';
import { startRawServer } from './test-fixtures/raw-grpc-server.ts';
import { callUnary, Upstreams } from './upstream.ts';

// What the telemetry preload sets up in a service, with spans kept in memory instead of exported.
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

describe('unary upstream calls under tracing', () => {
  let server: Awaited<ReturnType<typeof startRawServer>>;
  let upstreams: Upstreams;
  before(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    server = await startRawServer();
    upstreams = new Upstreams(new Map([['test.v1.Raw', `127.0.0.1:${server.port}`]]));
  });
  after(async () => {
    upstreams.close();
    await server.stop();
    await provider.shutdown();
  });

  const call = (path: string) => callUnary(upstreams.clientFor('test.v1.Raw')!, path, Buffer.from('t'), [], Date.now() + 5_000, 'test.v1.Raw').result;

  it("continues the request's trace in a client span and hands that span to the upstream as its parent", async () => {
    const request = trace.getTracer('test').startSpan('GET /v1/things');
    // A client's own traceparent, forwarded by the gateway, must be replaced by the gateway's span.
    await context.with(trace.setSpan(context.active(), request), () => call('/test.v1.Raw/Echo'));
    request.end();
    const client = exporter.getFinishedSpans().find((span) => span.name === 'grpc.test.v1.Raw/Echo');
    assert.ok(client, 'a client span was recorded');
    assert.equal(client.kind, SpanKind.CLIENT);
    assert.equal(client.spanContext().traceId, request.spanContext().traceId);
    assert.equal(client.parentSpanContext?.spanId, request.spanContext().spanId);
    assert.equal(client.attributes['rpc.grpc.status_code'], grpc.status.OK);
    assert.equal(server.seen.traceparents.at(-1), `00-${client.spanContext().traceId}-${client.spanContext().spanId}-01`);
  });

  it('marks the span as failed with the upstream status', async () => {
    await assert.rejects(call('/test.v1.Raw/Fail'));
    const client = exporter.getFinishedSpans().find((span) => span.name === 'grpc.test.v1.Raw/Fail');
    assert.ok(client);
    assert.equal(client.status.code, SpanStatusCode.ERROR);
    assert.equal(client.attributes['rpc.grpc.status_code'], grpc.status.NOT_FOUND);
  });

  it("still records the client span of a sampled trace whose request span already ended (its client left)", async () => {
    const request = trace.getTracer('test').startSpan('GET /v1/things');
    request.end();
    await context.with(trace.setSpan(context.active(), request), () => call('/test.v1.Raw/Echo'));
    const client = exporter.getFinishedSpans().find((span) => span.name === 'grpc.test.v1.Raw/Echo' && span.parentSpanContext?.spanId === request.spanContext().spanId);
    assert.ok(client, 'a client span was recorded under the ended request span');
  });

  it('records no span in a trace that is not sampled, and carries it upstream marked unsampled', async () => {
    const before = exporter.getFinishedSpans().length;
    const unsampled = trace.wrapSpanContext({ traceId: '5bf92f3577b34da6a3ce929d0e0e4736', spanId: '10f067aa0ba902b7', traceFlags: TraceFlags.NONE });
    await context.with(trace.setSpan(context.active(), unsampled), () => call('/test.v1.Raw/Echo'));
    assert.equal(exporter.getFinishedSpans().length, before, 'no span recorded');
    assert.equal(server.seen.traceparents.at(-1), '00-5bf92f3577b34da6a3ce929d0e0e4736-10f067aa0ba902b7-00');
    // A failure is still the upstream's error, not a raw status.
    await assert.rejects(context.with(trace.setSpan(context.active(), unsampled), () => call('/test.v1.Raw/Fail')), (error: Error) => error.constructor.name === 'ShineError');
  });
});
