import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Latency buckets in seconds, from sub-millisecond unary calls to slow image analyses. */
const latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

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

export function createMetrics(labels: { service: string; version: string }): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: labels.service });
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
    grpcServerHandlingSeconds: new Histogram({
      name: 'grpc_server_handling_seconds',
      help: 'Time from a call arriving to its status being sent, in seconds.',
      labelNames: ['grpc_service', 'grpc_method', 'grpc_type', 'grpc_code'],
      buckets: latencyBuckets,
      registers,
    }),
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
      buckets: latencyBuckets,
      registers,
    }),
  };
}
