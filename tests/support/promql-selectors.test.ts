import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vectorSelectors } from './promql-selectors.ts';

describe('vectorSelectors', () => {
  it('finds each metric with its matchers, not functions, aggregations, label lists or durations', () => {
    const expr = 'histogram_quantile(0.95, sum by (service, le) (rate(grpc_server_handling_seconds_bucket{service="analysis",le=~"1|1\\\\.0"}[5m]))) / max without (pod) (up) > bool 2';
    assert.deepEqual(vectorSelectors(expr).map((selector) => selector.text), ['grpc_server_handling_seconds_bucket{service="analysis",le=~"1|1\\\\.0"}', 'up']);
  });

  it('reads recorded series and binary operators, skipping numbers such as 1e3 and 14.4', () => {
    const expr = '(gateway:http_server_errors:ratio_rate1h > (14.4 * 0.001) and x_total offset 5m) or vector(0) unless on (namespace) y * 1e3';
    assert.deepEqual(vectorSelectors(expr).map((selector) => selector.metric), ['gateway:http_server_errors:ratio_rate1h', 'x_total', 'y']);
  });
});
