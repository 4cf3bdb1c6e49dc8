import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { flushTelemetry } from './telemetry/active-telemetry.ts';

/** How a service leaves: readiness off, in-flight work drained, close steps run, side port closed. */
export interface GracefulShutdown {
  /** Registers a close step (pools, workers) run after the drain, last registered first. */
  onShutdown(close: () => Promise<void> | void): void;
  /** Drains in-flight work within the grace period, then runs the close steps. Idempotent. */
  shutdown(reason: string): Promise<void>;
}

export interface GracefulShutdownOptions {
  logger: Logger;
  /** How long in-flight work may take to finish before it is cut (SHUTDOWN_GRACE_MS). */
  graceMs: number;
  /** Readiness for /readyz (and gRPC health): turned off first, so traffic goes elsewhere. */
  setReady(ready: boolean): void;
  /**
   * Stops taking new work and lets what is in flight finish within `graceMs`, cutting the rest;
   * resolves false when something had to be cut. A gRPC server's tryShutdown, an HTTP server's close.
   */
  drain(graceMs: number): Promise<boolean>;
  /** The side port (/metrics, /healthz, /readyz): closed last, so probes see the drain. */
  side: HttpServer;
}

/** The one shutdown path of every service, whatever it serves (gRPC, or the gateway's HTTP). */
export function gracefulShutdown(options: GracefulShutdownOptions): GracefulShutdown {
  const closeSteps: Array<() => Promise<void> | void> = [];
  let shuttingDown: Promise<void> | undefined;
  return {
    onShutdown: (close) => void closeSteps.push(close),
    shutdown: (reason) => {
      shuttingDown ??= drainAndClose(options, closeSteps, reason);
      return shuttingDown;
    },
  };
}

async function drainAndClose(options: GracefulShutdownOptions, closeSteps: Array<() => Promise<void> | void>, reason: string): Promise<void> {
  const { logger, graceMs } = options;
  logger.info({ reason, grace_ms: graceMs }, 'shutting down: draining in-flight calls');
  options.setReady(false);
  const drained = await options.drain(graceMs);
  if (!drained) logger.warn({ grace_ms: graceMs }, 'calls still running after the grace period were cancelled');
  for (const close of closeSteps.reverse()) {
    try {
      await close();
    } catch (error) {
      logger.error({ err: error }, 'a close step failed during shutdown');
    }
  }
  options.side.closeAllConnections();
  await new Promise<void>((resolve) => options.side.close(() => resolve()));
  logger.info('shut down');
}

/** Calls `shutdown` on SIGTERM and SIGINT, flushes the last spans, then exits; a second signal exits at once. */
export function exitOnSignals(service: Pick<GracefulShutdown, 'shutdown'>, logger: Logger): void {
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
