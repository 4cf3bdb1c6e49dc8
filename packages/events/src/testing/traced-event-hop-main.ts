// A process under the telemetry preload (console exporter) for the tracing test: in an "upload"
// span it publishes one event, consumes it, and in the handler makes a "handle" span; then flushes
// the spans and prints {"done":true}. KAFKA_BROKERS or EVENTS_DATABASE_URL says which transport.
import { trace } from '@opentelemetry/api';
import { flushTelemetry } from '@shine/platform';
import { kafkaTransport } from '../kafka/kafka-transport.ts';
import { postgresTransport } from '../postgres/postgres-transport.ts';

const topic = process.env['TOPIC']!;
const transport = process.env['KAFKA_BROKERS']
  ? kafkaTransport({ brokers: process.env['KAFKA_BROKERS'], clientId: 'traced-hop', sessionTimeoutMs: 6_000 })
  : postgresTransport({ connectionString: process.env['EVENTS_DATABASE_URL']!, applicationName: 'traced-hop', pollIntervalMs: 100 });
await transport.ensureTopics([{ name: topic, partitions: 1, replicationFactor: 1, retentionMs: 3_600_000 }], () => {});
const tracer = trace.getTracer('traced-hop');
await tracer.startActiveSpan('upload', async (span) => {
  await transport.publish(topic, [{ key: 'subject-t', value: new TextEncoder().encode('hello'), headers: { 'shine-event-id': 'traced-1' } }]);
  span.end();
});
await new Promise<void>((resolve) => {
  void transport.subscribe({
    groupId: 'traced-hop',
    topics: [topic],
    handle: async () => {
      tracer.startSpan('handle').end();
      resolve();
    },
  });
});
await transport.close();
await flushTelemetry();
process.stdout.write(`${JSON.stringify({ done: true })}\n`);
process.exit(0);
