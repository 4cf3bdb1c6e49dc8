// What a process needs to run, without any of gRPC: configuration, logs, metrics, the side port and
// shutdown. For a thread that serves no RPC (the gateway's supervising main thread), which importing
// the index would load @grpc/grpc-js and its friends into for nothing (~13 MiB of RSS).
export { ConfigError, baseConfigSchema, flag, loadConfig, loadConfigOrExit, milliseconds, port, type BaseConfig } from './config.ts';
export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export { createMetrics, latencyBuckets, type Metrics, type MetricsOptions } from './metrics.ts';
export { exitOnSignals, gracefulShutdown, type GracefulShutdown, type GracefulShutdownOptions } from './shutdown.ts';
export { startSideServer, type SideServerOptions } from './side-server.ts';
export { packageVersion } from './package-version.ts';
