import type { HttpMetrics } from '../http-metrics.ts';
import type { HttpStep } from './http-step.ts';
import { finalStatus } from './final-status.ts';

/** Counts every request by its label, method and final status once its response is done. */
export function requestMetricsStep(metrics: HttpMetrics): HttpStep {
  return (next) => (request, response, exchange) => {
    response.on('close', () => metrics.observe(exchange.label, exchange.method, finalStatus(response), (performance.now() - exchange.startedAt) / 1000));
    return next(request, response, exchange);
  };
}
