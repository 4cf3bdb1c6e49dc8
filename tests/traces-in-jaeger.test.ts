// One upload is one trace, as a person would see it in Jaeger: every service as its own process
// under the tracing preload, exporting OTLP to a real Jaeger; then the trace read back from
// Jaeger's query API and walked hop by hop, from the gateway to the push to a watcher. The
// services hold their spans until they stop (SIGTERM), so the trace is whole only if every one of
// them, the gateway's threads included, flushes on its way out.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readTestPhoto } from '@shine/analysis/src/testing/test-photos.ts';
import { startLocalJaeger, type LocalJaeger } from '@shine/platform/local-jaeger';
import { freePort } from '@shine/platform/testing';
import { jaeger as jaegerBinary, readTrace, skipWithoutJaeger as skip, type TraceSpan } from './support/jaeger-trace.ts';
import { startShineStack, type ShineStack } from './support/shine-stack.ts';
import { sseEvents } from './support/sse-events.ts';

describe('one upload, one trace in Jaeger', { skip, timeout: 600_000 }, () => {
  let jaeger: LocalJaeger;
  let stack: ShineStack;
  let stackStopped: Promise<void> | undefined;
  const stopStack = () => (stackStopped ??= stack?.stop());
  let dir: string;
  const subject = 'traced-subject';
  // The client's own span: the upload's trace starts here, so the test knows its id.
  const traceId = randomBytes(16).toString('hex');
  const clientSpanId = randomBytes(8).toString('hex');
  let spans: TraceSpan[] = [];
  /** The watcher's own trace: its SSE request, the stream the pushes go out on. */
  let watchSpans: TraceSpan[] = [];
  let token = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shine-jaeger-'));
    const ports = { otlpHttp: await freePort(), otlpGrpc: await freePort(), query: await freePort(), queryGrpc: await freePort() };
    jaeger = await startLocalJaeger({ binary: jaegerBinary!, dir, ports });
    stack = await startShineStack({
      tracing: {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint,
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '1',
        // No export on a timer within the test: spans reach Jaeger only when each service flushes on SIGTERM.
        OTEL_BSP_SCHEDULE_DELAY: '600000',
      },
    });
    token = await stack.token(subject);
  });

  after(async () => {
    await stopStack();
    await jaeger?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('follows an upload from the gateway through analysis, the outbox, Kafka and the recommender to the watcher, flushed on SIGTERM', async () => {
    const authorization = `Bearer ${token}`;
    const watch = await fetch(`${stack.origin}/v1/subjects/${subject}/recommendations:watch`, { headers: { authorization, accept: 'text/event-stream' } });
    assert.equal(watch.status, 200);
    const events = sseEvents(watch.body!);
    assert.equal((await events.next()).state, 'RECOMMENDATIONS_STATE_PENDING');

    const form = new FormData();
    form.set('image', new Blob([await readTestPhoto('ai-face.jpg')], { type: 'image/jpeg' }), 'ai-face.jpg');
    form.set('subjectId', subject);
    const upload = await fetch(`${stack.origin}/v1/analyses`, {
      method: 'POST',
      headers: { authorization, traceparent: `00-${traceId}-${clientSpanId}-01` },
      body: form,
    });
    assert.equal(upload.status, 200, await upload.clone().text());
    const { id } = (await upload.json()) as { id: string };
    const pushed = await events.next();
    assert.equal(pushed.analysisId, id, 'the watcher was told of the new recommendations');
    await events.cancel();

    assert.deepEqual(await readTrace(jaeger.queryUrl, traceId), [], 'nothing exported before the services stop');
    await stopStack();
    // Jaeger stores what it received within its batch timeout (100 ms).
    const deadline = Date.now() + 10_000;
    while (!spans.some(isPush) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      spans = await readTrace(jaeger.queryUrl, traceId);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    spans = await readTrace(jaeger.queryUrl, traceId);
    const services = new Set(spans.map((span) => span.service));
    assert.deepEqual([...services].sort(), ['analysis', 'catalog', 'gateway', 'palette', 'recommender'], `every service flushed its spans on SIGTERM; the trace has:\n${describeTrace(spans)}`);
    assert.ok(spans.some(isPush), `the push to the watcher never reached Jaeger; the trace has:\n${describeTrace(spans)}`);
    const streamLink = spans.find(isPush)!.links[0];
    if (streamLink) watchSpans = await readTrace(jaeger.queryUrl, streamLink.traceId);
  });

  it('links every hop to its parent in one trace', () => {
    const trace = describeTrace(spans);
    const byId = new Map(spans.map((span) => [span.id, span]));
    assert.ok(spans.every((span) => span.traceId === traceId), 'one trace id');
    for (const span of spans) {
      assert.ok(span.parentId === clientSpanId || byId.has(span.parentId ?? ''), `${span.service} "${span.name}" has a parent in the trace:\n${trace}`);
    }
    const one = (what: string, test: (span: TraceSpan) => boolean): TraceSpan => {
      const found = spans.filter(test);
      assert.ok(found.length >= 1, `no ${what} in the trace:\n${trace}`);
      return found[0]!;
    };
    const childOf = (parent: TraceSpan, what: string, test: (span: TraceSpan) => boolean) => one(what, (span) => span.parentId === parent.id && test(span));
    const isAncestor = (ancestor: TraceSpan, span: TraceSpan): boolean => {
      for (let at: TraceSpan | undefined = span; at; at = byId.get(at.parentId ?? '')) if (at.parentId === ancestor.id) return true;
      return false;
    };
    const descendantOf = (ancestor: TraceSpan, what: string, test: (span: TraceSpan) => boolean) => one(what, (span) => test(span) && isAncestor(ancestor, span));

    // The gateway: the HTTP server span continues the client's trace, its gRPC client span calls analysis.
    const edge = one('gateway HTTP server span', (span) => span.service === 'gateway' && span.kind === 'server' && span.parentId === clientSpanId);
    assert.equal(edge.attributes['http.request.method'], 'POST');
    assert.equal(edge.attributes['http.route'], '/v1/analyses');
    assert.equal(edge.name, 'POST /v1/analyses', 'named {method} {http.route}, as the HTTP conventions ask');
    assert.equal(spans.filter((span) => span.service === 'gateway' && span.kind === 'server').length, 1, 'one server span per request');
    const analyzeCall = childOf(edge, 'gateway gRPC client span for AnalyzeImage', (span) => span.kind === 'client' && span.attributes['rpc.method'] === 'AnalyzeImage');
    assert.equal(analyzeCall.attributes['rpc.system'], 'grpc');

    // Analysis: the gRPC server span, the pipeline's stages under it, PostgreSQL, the outbox's Kafka producer.
    const analyzeServer = childOf(analyzeCall, 'analysis gRPC server span', (span) => span.service === 'analysis' && span.kind === 'server');
    assert.equal(analyzeServer.attributes['rpc.service'], 'shine.analysis.v1.AnalysisService');
    const pipeline = descendantOf(analyzeServer, 'the "analyze photo" span', (span) => span.name === 'analyze photo');
    for (const stage of ['decode', 'detect', 'landmarks', 'measure']) {
      const stageSpan = childOf(pipeline, `the ${stage} stage`, (span) => span.name === stage);
      assert.match(String(stageSpan.attributes['shine.analysis.backend']), /^(wasm|tensorflow|cpu)$/, `${stage} names the backend`);
      assert.ok(Number(stageSpan.attributes['shine.photo.width']) > 0, `${stage} gives the photo's size`);
    }
    descendantOf(analyzeServer, 'a PostgreSQL span of the analysis store', (span) => span.service === 'analysis' && span.kind === 'client' && isPostgres(span));
    const produce = descendantOf(analyzeServer, 'the outbox relay\'s Kafka producer span', (span) => span.service === 'analysis' && span.kind === 'producer' && span.attributes['messaging.system'] === 'kafka');

    // The recommender: its consumer span continues the producer's, then palette and catalog, its store, the push.
    const consume = one('the recommender\'s consumer span', (span) => span.service === 'recommender' && span.kind === 'consumer' && isAncestor(produce, span) && span.name.startsWith('process '));
    assert.equal(consume.attributes['messaging.system'], 'kafka');
    for (const service of ['palette', 'catalog']) {
      const call = descendantOf(consume, `the recommender's call to ${service}`, (span) => span.service === 'recommender' && span.kind === 'client' && String(span.attributes['rpc.service']).includes(`.${service}.`));
      childOf(call, `${service}'s gRPC server span`, (span) => span.service === service && span.kind === 'server');
    }
    descendantOf(consume, 'a PostgreSQL span of the recommendation store', (span) => span.service === 'recommender' && span.kind === 'client' && isPostgres(span));
    const push = descendantOf(consume, 'the push to the watcher', isPush);
    assert.equal(push.links.length, 1, "the push links to the watch stream's own span");
    // The watcher's trace: the gateway's SSE request, its call to the recommender, the stream's server span the push links to.
    const watchTrace = describeTrace(watchSpans);
    const stream = watchSpans.find((span) => span.id === push.links[0]!.spanId);
    assert.ok(stream && stream.service === 'recommender' && stream.kind === 'server', `the push links to the recommender's WatchRecommendations server span:\n${watchTrace}`);
    const sse = watchSpans.find((span) => span.service === 'gateway' && span.kind === 'server');
    assert.ok(sse, `the gateway's SSE request is in the watcher's trace:\n${watchTrace}`);
  });

  it("carries no pixels, tokens or subject ids on any span of the upload's or the watcher's trace", () => {
    assert.ok(spans.length > 0 && watchSpans.length > 0);
    for (const span of [...spans, ...watchSpans]) {
      for (const [key, value] of Object.entries(span.attributes)) {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        assert.ok(!text.includes(subject), `${span.service} "${span.name}" ${key} names the subject: ${text}`);
        assert.ok(!text.includes(token.slice(-20)), `${span.service} "${span.name}" ${key} carries the token`);
        // Pixels or a photo would be long: nothing on a span comes close.
        assert.ok(text.length < 2_000, `${span.service} "${span.name}" ${key} is ${text.length} characters long`);
      }
    }
  });
});

function isPush(span: TraceSpan): boolean {
  return span.service === 'recommender' && span.kind === 'producer' && span.attributes['rpc.method'] === 'WatchRecommendations';
}

function isPostgres(span: TraceSpan): boolean {
  return span.attributes['db.system.name'] === 'postgresql' || span.attributes['db.system'] === 'postgresql';
}

/** The trace as lines "service kind name (id ← parent)", for failure messages. */
function describeTrace(spans: readonly TraceSpan[]): string {
  return spans.map((span) => `  ${span.service} ${span.kind} "${span.name}" (${span.id} ← ${span.parentId ?? 'none'})`).join('\n');
}
