import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Counter, Histogram, Registry } from 'prom-client';
import { withExemplars } from './metrics.ts';
import { openMetricsContentType, wantsOpenMetrics } from './openmetrics-text.ts';
import { startSideServer } from './side-server.ts';

// /metrics as Prometheus meets it: OpenMetrics with exemplars when asked, the text format otherwise,
// and neither changes what the other serves.
describe('the side port\'s /metrics', () => {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'test' });
  const calls = new Counter({ name: 'test_calls_total', help: 'Calls "counted" \\ here.', labelNames: ['code'], registers: [registry] });
  const latency = withExemplars(registry, new Histogram({ name: 'test_latency_seconds', help: 'Latency.', buckets: [0.01, 0.1], enableExemplars: true, registers: [] }));
  let origin = '';
  let close = () => {};

  before(async () => {
    calls.inc({ code: 'OK' }, 3);
    latency.observe({ value: 0.05, exemplarLabels: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' } });
    latency.observe({ value: 0.2, exemplarLabels: {} });
    const side = await startSideServer({ host: '127.0.0.1', port: 0, registry, isReady: () => true });
    origin = `http://127.0.0.1:${side.port}`;
    close = () => side.server.close();
  });
  after(() => close());

  const scrape = async (accept?: string) => {
    const response = await fetch(`${origin}/metrics`, { headers: accept ? { accept } : {} });
    return { type: response.headers.get('content-type'), body: await response.text() };
  };

  it('serves OpenMetrics, with the trace id exemplar on the bucket the observation fell in, when the Accept header asks for it', async () => {
    // Prometheus 2.x's default scrape Accept header.
    const { type, body } = await scrape('application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1');
    assert.equal(type, openMetricsContentType);
    assert.match(body, /# EOF\n$/);
    assert.match(body, /^# TYPE test_calls counter$/m, 'a counter family is named without _total');
    assert.match(body, /^test_calls_total\{code="OK",service="test"\} 3$/m);
    assert.match(body, /^# HELP test_calls Calls \\"counted\\" \\\\ here\.$/m);
    assert.match(body, /^test_latency_seconds_bucket\{le="0\.1",service="test"\} 1 # \{trace_id="4bf92f3577b34da6a3ce929d0e0e4736"\} 0\.05 \d+(\.\d+)?$/m);
    assert.match(body, /^test_latency_seconds_bucket\{le="\+Inf",service="test"\} 2$/m, 'no exemplar where none was given');
    assert.match(body, /^test_latency_seconds_count\{service="test"\} 2$/m);
  });

  it('serves the Prometheus text format otherwise, still with _total, after an OpenMetrics scrape', async () => {
    await scrape('application/openmetrics-text');
    const { type, body } = await scrape();
    assert.equal(type, registry.contentType);
    assert.match(body, /^# TYPE test_calls_total counter$/m);
    assert.match(body, /^test_calls_total\{code="OK",service="test"\} 3$/m);
    assert.doesNotMatch(body, /trace_id|# EOF/);
  });

  it('reads the Accept header: only application/openmetrics-text chooses OpenMetrics', () => {
    assert.equal(wantsOpenMetrics(undefined), false);
    assert.equal(wantsOpenMetrics('text/plain;version=0.0.4'), false);
    assert.equal(wantsOpenMetrics('*/*'), false);
    assert.equal(wantsOpenMetrics('Application/OpenMetrics-Text; version=1.0.0'), true);
  });
});
