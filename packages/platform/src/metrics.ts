import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * gRPC latency buckets in seconds, fit to what each service does: a histogram resolves only between
 * its bounds, so palette's sub-millisecond answers and analysis's seconds need different ones.
 */
export const latencyBuckets = {
  /** Pure in-memory answers (palette): 50 µs to a quarter second. */
  subMillisecond: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
  /** Database-backed calls (catalog, recommender, the gateway's upstream calls): 0.5 ms to 10 s. */
  database: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  /** Photo analyses: 10 ms to 30 s (a queued photo on a busy pod waits seconds). */
  inference: [0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 0.75, 1, 1.5, 2.5, 5, 10, 30],
} as const;

/**
 * One registry per process: default process metrics plus the gRPC RED metrics, named as
 * go-grpc-prometheus names them so existing dashboards and alerts read them unchanged.
 */
export interface Metrics {
  registry: Registry;
  grpcServerStarted: Counter<'grpc_service' | 'grpc_method' | 'grpc_type'>;
  grpcServerHandled: Counter<'grpc_service' | 'grpc_method' | 'grpc_type' | 'grpc_code'>;
  grpcServerHandlingSeconds: Histogram<'grpc_service' | 'grpc_method' | 'grpc_type' | 'grpc_code'>;
  grpcClientHandled: Counter<'grpc_service' | 'grpc_method' | 'grpc_code'>;
  grpcClientHandlingSeconds: Histogram<'grpc_service' | 'grpc_method' | 'grpc_code'>;
}

export interface MetricsOptions {
  service: string;
  version: string;
  /** Bounds of the gRPC latency histograms (default: `latencyBuckets.database`). */
  buckets?: readonly number[];
}

export function createMetrics(options: MetricsOptions): Metrics {
  const buckets = [...(options.buckets ?? latencyBuckets.database)];
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    grpcServerStarted: new Counter({
      name: 'grpc_server_started_total',
      help: 'gRPC calls started on the server.',
      labelNames: ['grpc_service', 'grpc_method', 'grpc_type'],
      registers,
    }),
    grpcServerHandled: new Counter({
      name: 'grpc_server_handled_total',
      help: 'gRPC calls completed on the server, by status code.',
      labelNames: ['grpc_service', 'grpc_method', 'grpc_type', 'grpc_code'],
      registers,
    }),
    // A bucket links to one trace that landed in it (served when the scraper asks for OpenMetrics).
    grpcServerHandlingSeconds: withExemplars(
      registry,
      new Histogram({
        name: 'grpc_server_handling_seconds',
        help: 'Time from a call arriving to its status being sent, in seconds.',
        labelNames: ['grpc_service', 'grpc_method', 'grpc_type', 'grpc_code'],
        buckets,
        enableExemplars: true,
        registers: [],
      }),
    ),
    grpcClientHandled: new Counter({
      name: 'grpc_client_handled_total',
      help: 'gRPC calls this process made, by status code.',
      labelNames: ['grpc_service', 'grpc_method', 'grpc_code'],
      registers,
    }),
    grpcClientHandlingSeconds: new Histogram({
      name: 'grpc_client_handling_seconds',
      help: 'Time from starting a call to receiving its status, in seconds.',
      labelNames: ['grpc_service', 'grpc_method', 'grpc_code'],
      buckets,
      registers,
    }),
  };
}

/**
 * Registers a metric that keeps exemplars in a text-format registry. prom-client refuses exemplars
 * on one (it renders them only when the whole registry is OpenMetrics); the side port renders
 * OpenMetrics itself when asked (openmetrics-text.ts), so the registry stays text for everyone else.
 */
export function withExemplars<T extends Histogram<string>>(registry: Registry, metric: T): T {
  registry.registerMetric(metric);
  return metric;
}
