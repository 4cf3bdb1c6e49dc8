import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace';
import { withholdMessageKey, withholdSubjectIdsOfRequest } from './withhold-subject-ids.ts';

/**
 * Starts tracing from the standard OTEL_* variables (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES,
 * OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_EXPORTER, OTEL_TRACES_SAMPLER, ...), which a Helm chart sets.
 * With no exporter configured, spans are still created, so trace ids propagate and reach the logs,
 * but nothing is sent anywhere. Metrics stay with prom-client and logs with pino.
 */
export function startTelemetry(env: Record<string, string | undefined>, serviceDirectory = process.cwd()): { sdk: NodeSDK; http: HttpInstrumentation } | undefined {
  if (env['OTEL_SDK_DISABLED'] === 'true') return undefined;
  const exportConfigured = Boolean(
    env['OTEL_TRACES_EXPORTER'] || env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
  );
  const version = serviceVersion(serviceDirectory);
  // Probes and scrapes would otherwise be most of the traces.
  const http = new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => isOperationalPath(request.url), requestHook: withholdSubjectIdsOfRequest });
  const sdk = new NodeSDK({
    // service.name comes from OTEL_SERVICE_NAME; the version from the service's package.json.
    ...(version ? { resource: resourceFromAttributes({ [ATTR_SERVICE_VERSION]: version }) } : {}),
    ...(exportConfigured ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      http,
      new GrpcInstrumentation({ ignoreGrpcMethods: [/^grpc\.(health|reflection)\./, 'Check', 'Watch'] }),
      new PgInstrumentation({ requireParentSpan: true }),
      new KafkaJsInstrumentation({ producerHook: withholdMessageKey, consumerHook: withholdMessageKey }),
    ],
  });
  sdk.start();
  return { sdk, http };
}

function isOperationalPath(url: string | undefined): boolean {
  return url === '/metrics' || url === '/healthz' || url === '/readyz';
}

/** The version in the package.json of the folder the service runs in (its workspace), if any. */
function serviceVersion(directory: string): string | undefined {
  try {
    const { version } = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}
