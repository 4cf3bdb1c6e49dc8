import type { Server as HttpServer } from 'node:http';
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import type { BaseConfig } from './config.ts';
import { adaptService, serviceNameOf, type ServiceRegistration } from './grpc-server.ts';
import { deadlineInterceptor } from './interceptors/deadline.ts';
import { loggingInterceptor } from './interceptors/logging.ts';
import { metricsInterceptor } from './interceptors/metrics.ts';
import { addReflection } from './reflection.ts';
import type { Metrics } from './metrics.ts';
import type { Interceptor } from './server-call.ts';
import { startSideServer } from './side-server.ts';
import { flushTelemetry } from './telemetry/active-telemetry.ts';

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

export interface RunningService {
  readonly grpcPort: number;
  readonly httpPort: number;
  /** Readiness for /readyz and grpc.health.v1: true once warm, false again when draining. */
  setReady(ready: boolean): void;
  /** Registers a close step (pools, workers) run after the gRPC server drained, last registered first. */
  onShutdown(close: () => Promise<void> | void): void;
  /** Drains in-flight calls within SHUTDOWN_GRACE_MS, then runs the close steps. Idempotent. */
  shutdown(reason: string): Promise<void>;
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

  const closeSteps: Array<() => Promise<void> | void> = [];
  let shuttingDown: Promise<void> | undefined;
  return {
    grpcPort,
    httpPort: side.port,
    setReady,
    onShutdown: (close) => void closeSteps.push(close),
    shutdown: (reason) => {
      shuttingDown ??= drainAndClose({ server, side: side.server, closeSteps, logger, reason, setReady, graceMs: config.SHUTDOWN_GRACE_MS });
      return shuttingDown;
    },
  };
}

async function drainAndClose(steps: {
  server: grpc.Server;
  side: HttpServer;
  closeSteps: Array<() => Promise<void> | void>;
  logger: Logger;
  reason: string;
  setReady: (ready: boolean) => void;
  graceMs: number;
}): Promise<void> {
  const { server, logger } = steps;
  logger.info({ reason: steps.reason, grace_ms: steps.graceMs }, 'shutting down: draining in-flight calls');
  steps.setReady(false);
  const drained = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve(false);
    }, steps.graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!drained) logger.warn({ grace_ms: steps.graceMs }, 'calls still running after the grace period were cancelled');
  for (const close of steps.closeSteps.reverse()) {
    try {
      await close();
    } catch (error) {
      logger.error({ err: error }, 'a close step failed during shutdown');
    }
  }
  steps.side.closeAllConnections();
  await new Promise<void>((resolve) => steps.side.close(() => resolve()));
  logger.info('shut down');
}

/** Calls `shutdown` on SIGTERM and SIGINT, flushes the last spans, then exits; a second signal exits at once. */
export function exitOnSignals(service: Pick<RunningService, 'shutdown'>, logger: Logger): void {
  let received = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (received) process.exit(1);
      received = true;
      service
        .shutdown(signal)
        .then(() => flushTelemetry())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            logger.fatal({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
    });
  }
}

