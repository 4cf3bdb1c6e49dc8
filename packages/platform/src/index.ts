// What a service's serving code needs. Configuration is not here: a process parses it once, at its
// entry point, from '@shine/platform/config' (or '/process'), so code that only serves calls (the
// gateway's threads) never loads zod (~3 MiB of heap a thread).
export { Code, codeName } from './code.ts';
export { ShineError } from './shine-error.ts';
export { explainIssue } from './explain-issue.ts';
export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export { createMetrics, latencyBuckets, type Metrics, type MetricsOptions } from './metrics.ts';
export type {
  CallContext,
  CallHandler,
  CallKind,
  Interceptor,
  ServerCall,
  ServerStreamHandler,
  UnaryHandler,
} from './server-call.ts';
export { callerSubjectMetadata, callerSubjectOf, subjectMetadataKey } from './caller-subject.ts';
export { reasonMetadataKey, statusCodeOf, toStatusObject } from './grpc-status.ts';
export { statusJson, type StatusFields } from './rpc-status-json.ts';
export { boundedMessage, quoteInput } from './quote-input.ts';
export { editDistance, explainArgsError, nearestWord } from './near-miss.ts';
export { wordList } from './word-list.ts';
export { serve, serviceNameOf, type ServiceHandlers, type ServiceRegistration } from './grpc-server.ts';
export { startService, type RunningService, type ServiceOptions } from './service.ts';
export { flushTelemetry, takeOverHttpServerSpans } from './telemetry/active-telemetry.ts';
export { withholdSubjectIds } from './telemetry/withhold-subject-ids.ts';
export { markSpanFailed } from './telemetry/mark-span-failed.ts';
export { exitOnSignals, gracefulShutdown, type GracefulShutdown, type GracefulShutdownOptions } from './shutdown.ts';
export { startSideServer, type SideServerOptions } from './side-server.ts';
export { clientMetricsInterceptor, createClient, defaultChannelOptions, type ClientOptions } from './grpc-client.ts';
export { isUuid, newId } from './ids.ts';
export { optionalSubjectId, requireSubjectId } from './subject-id.ts';
export { decodePageToken, encodePageToken, pageSizeOf, type PageCursor } from './page-token.ts';
export { TtlCache, type TtlCacheOptions } from './ttl-cache.ts';
export { packageVersion } from './package-version.ts';
export { nodeHttp } from './node-http.ts';
export { seededRandom, type SeededRandom } from './seeded-random.ts';
