import { Counter, Histogram, type Registry } from 'prom-client';

/** Latency buckets in seconds: sub-millisecond transcoding up to slow analyses and long streams. */
const buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120];

export interface HttpMetrics {
  /** Records one finished request; `route` is the template, never the raw path (bounded labels). */
  observe(route: string, method: string, status: number, seconds: number): void;
}

/** RED metrics of the public HTTP surface, named as OpenTelemetry's HTTP semantic conventions name them. */
export function createHttpMetrics(registry: Registry): HttpMetrics {
  const registers = [registry];
  const requests = new Counter({
    name: 'http_server_requests_total',
    help: 'HTTP requests answered by the gateway, by route template, method and status.',
    labelNames: ['route', 'method', 'status'],
    registers,
  });
  const duration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Time from a request arriving to its response ending, in seconds.',
    labelNames: ['route', 'method', 'status'],
    buckets,
    registers,
  });
  // prom-client hashes label objects on every call; cache the bound children per label set, in
  // maps by route, method and status, so a request's observation makes no key string.
  type Labels = 'route' | 'method' | 'status';
  type Child = { requests: Counter.Internal; duration: Histogram.Internal<Labels> };
  const children = new Map<string, Map<string, Map<number, Child>>>();
  return {
    observe(route, method, status, seconds) {
      let byMethod = children.get(route);
      if (!byMethod) children.set(route, (byMethod = new Map()));
      let byStatus = byMethod.get(method);
      if (!byStatus) byMethod.set(method, (byStatus = new Map()));
      let child = byStatus.get(status);
      if (!child) {
        const labels = { route, method, status: String(status) };
        child = { requests: requests.labels(labels), duration: duration.labels(labels) };
        byStatus.set(status, child);
      }
      child.requests.inc();
      child.duration.observe(seconds);
    },
  };
}
