import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * Starts tracing from the standard OTEL_* variables (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES,
 * OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_EXPORTER, OTEL_TRACES_SAMPLER, ...), which a Helm chart sets.
 * With no exporter configured, spans are still created, so trace ids propagate and reach the logs,
 * but nothing is sent anywhere. Metrics stay with prom-client and logs with pino.
 */
export function startTelemetry(env: Record<string, string | undefined>): NodeSDK | undefined {
  if (env['OTEL_SDK_DISABLED'] === 'true') return undefined;
  const exportConfigured = Boolean(
    env['OTEL_TRACES_EXPORTER'] || env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
  );
  const sdk = new NodeSDK({
    ...(exportConfigured ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      // Probes and scrapes would otherwise be most of the traces.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => isOperationalPath(request.url) }),
      new GrpcInstrumentation({ ignoreGrpcMethods: [/^grpc\.(health|reflection)\./, 'Check', 'Watch'] }),
      new PgInstrumentation({ requireParentSpan: true }),
      new KafkaJsInstrumentation(),
    ],
  });
  sdk.start();
  return sdk;
}

function isOperationalPath(url: string | undefined): boolean {
  return url === '/metrics' || url === '/healthz' || url === '/readyz';
}
