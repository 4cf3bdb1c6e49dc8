import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { BaseConfig } from './config.ts';
import { adaptService, serviceNameOf, type ServiceRegistration } from './grpc-server.ts';
import { deadlineInterceptor } from './interceptors/deadline.ts';
import { loggingInterceptor } from './interceptors/logging.ts';
import { metricsInterceptor } from './interceptors/metrics.ts';
import type { Metrics } from './metrics.ts';
import type { Interceptor } from './server-call.ts';
import { gracefulShutdown, type GracefulShutdown } from './shutdown.ts';
import { startSideServer } from './side-server.ts';

export interface ServiceOptions {
  config: BaseConfig;
  logger: Logger;
  metrics: Metrics;
  services: readonly ServiceRegistration[];
  /** Binary FileDescriptorSet of the contracts, served by gRPC reflection so grpcurl can list and call. */
  descriptorSet?: Uint8Array;
  /** Extra interceptors, inside logging, metrics and deadline. */
  interceptors?: readonly Interceptor[];
}

/** A started gRPC service; `shutdown` drains its calls within SHUTDOWN_GRACE_MS, then runs the close steps. */
export interface RunningService extends GracefulShutdown {
  readonly grpcPort: number;
  readonly httpPort: number;
  /** Readiness for /readyz and grpc.health.v1: true once warm, false again when draining. */
  setReady(ready: boolean): void;
}

/**
 * Starts the gRPC server (with health and reflection) and the HTTP side port. Not ready until the
 * caller says so, so warm-up (models, migrations) happens before traffic.
 */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config, logger, metrics } = options;
  const server = new grpc.Server({
    'grpc.keepalive_time_ms': 60_000,
    'grpc.keepalive_timeout_ms': 20_000,
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.max_receive_message_length': 110 * 1024 * 1024,
  });
  const interceptors = [
    loggingInterceptor(),
    metricsInterceptor(metrics),
    deadlineInterceptor(),
    ...(options.interceptors ?? []),
  ];
  const serviceNames = options.services.map((registration) => serviceNameOf(registration.definition));
  for (const registration of options.services) {
    server.addService(
      registration.definition,
      adaptService(registration, { interceptors, logger, defaultDeadlineMs: config.GRPC_DEFAULT_DEADLINE_MS }),
    );
  }

  // Loaded here, not with the package: they parse their protos on import, and a process that
  // starts no gRPC server (the gateway) need not pay for them.
  const [{ HealthImplementation }, { addReflection }] = await Promise.all([import('grpc-health-check'), import('./reflection.ts')]);
  const health = new HealthImplementation({ '': 'NOT_SERVING' });
  health.addToServer(server);
  addReflection(server, { ...(options.descriptorSet ? { descriptorSet: options.descriptorSet } : {}), services: serviceNames });

  const grpcPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${config.BIND_HOST}:${config.GRPC_PORT}`, grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );

  let ready = false;
  const side = await startSideServer({
    host: config.BIND_HOST,
    port: config.HTTP_PORT,
    registry: metrics.registry,
    isReady: () => ready,
  });
  const setReady = (value: boolean) => {
    ready = value;
    const status = value ? 'SERVING' : 'NOT_SERVING';
    for (const name of ['', ...serviceNames]) health.setStatus(name, status);
  };
  setReady(false);
  logger.info({ grpc_port: grpcPort, http_port: side.port, services: serviceNames }, 'listening');

  const lifecycle = gracefulShutdown({
    logger,
    graceMs: config.SHUTDOWN_GRACE_MS,
    setReady,
    drain: (graceMs) => drainGrpc(server, graceMs),
    side: side.server,
  });
  return { grpcPort, httpPort: side.port, setReady, ...lifecycle };
}

/** Lets in-flight calls finish within `graceMs`, then cancels the rest; false when some were cancelled. */
function drainGrpc(server: grpc.Server, graceMs: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve(false);
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
