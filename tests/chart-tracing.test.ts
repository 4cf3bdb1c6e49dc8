// The chart's tracing settings: where traces go and which share of them is kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { find, render, skipWithoutHelm as skip, type K8sObject } from './support/helm-chart.ts';

const services = ['analysis', 'palette', 'catalog', 'recommender', 'gateway'];
const envOf = (objects: K8sObject[], service: string) =>
  Object.fromEntries((find(objects, 'Deployment', `demo-${service}`)!.spec.template.spec.containers[0].env as { name: string; value?: string }[]).map((entry) => [entry.name, entry.value]));

describe('the chart samples traces parent-based at a configurable ratio', { skip }, () => {
  it('keeps global.traceSampleRatio of new traces, and every call of a trace a caller sampled', () => {
    const traced = render({ sets: ['global.otlpEndpoint=http://jaeger-collector:4318', 'global.traceSampleRatio=0.25'] });
    for (const service of services) {
      const env = envOf(traced, service);
      assert.equal(env['OTEL_TRACES_SAMPLER'], 'parentbased_traceidratio', service);
      assert.equal(env['OTEL_TRACES_SAMPLER_ARG'], '0.25', service);
    }
    assert.equal(envOf(render({ sets: ['global.otlpEndpoint=http://jaeger-collector:4318'] }), 'gateway')['OTEL_TRACES_SAMPLER_ARG'], '0.1', 'one in ten by default');
    assert.equal(envOf(render(), 'gateway')['OTEL_TRACES_SAMPLER'], undefined, 'no endpoint: nothing to sample for');
  });
});
