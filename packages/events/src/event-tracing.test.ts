// The trace crosses the transport: a process under the telemetry preload publishes in an "upload"
// span and consumes the event; the consumer's span must sit in the upload's trace, under the
// producer's span, and the handler's own work under the consumer's.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { consoleExportedSpans, freePort } from '@shine/platform/testing';
import { createTestDatabase, stopTestServer } from '@shine/postgres/testing';
import { localKafkaUnavailable, startLocalKafka } from './local-kafka/local-kafka.ts';

const hopMain = fileURLToPath(new URL('./testing/traced-event-hop-main.ts', import.meta.url));
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

async function runHop(env: Record<string, string>): Promise<ReturnType<typeof consoleExportedSpans>> {
  const topic = `traced.${randomUUID().slice(0, 8)}`;
  const child = spawn(process.execPath, ['--import', '@shine/platform/telemetry', hopMain], {
    cwd: packageRoot,
    env: { ...process.env, OTEL_TRACES_EXPORTER: 'console', OTEL_SERVICE_NAME: 'traced-hop', TOPIC: topic, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  assert.equal(code, 0, stdout.slice(-2000));
  assert.match(stdout, /\{"done":true\}/);
  return consoleExportedSpans(stdout);
}

function assertOneTrace(spans: ReturnType<typeof consoleExportedSpans>, topic: RegExp): void {
  const upload = spans.find((span) => span.name === 'upload');
  assert.ok(upload, 'the upload span');
  const inTrace = spans.filter((span) => span.traceId === upload.traceId);
  const send = inTrace.find((span) => /^send /.test(span.name) && topic.test(span.name));
  const process = inTrace.find((span) => /^process /.test(span.name) && topic.test(span.name));
  const handle = inTrace.find((span) => span.name === 'handle');
  assert.ok(send && process && handle, `send, process and handle in the upload's trace; got ${inTrace.map((span) => span.name).join(', ')}`);
  assert.equal(send.parentSpanId, upload.id, 'the producer span is the upload\'s child');
  assert.equal(process.parentSpanId, send.id, 'the consumer span is the producer span\'s child');
  assert.equal(process.kind, 4, 'CONSUMER');
  assert.equal(handle.parentSpanId, process.id, 'the handler works inside the consumer span');
}

describe('trace context across the event transports', { timeout: 120_000 }, () => {
  after(() => stopTestServer());

  it('continues the upload\'s trace through the embedded transport', async () => {
    const database = await createTestDatabase();
    try {
      assertOneTrace(await runHop({ EVENTS_DATABASE_URL: database.url }), /^\w+ traced\./);
    } finally {
      await database.drop();
    }
  });

  const kafkaSkip = localKafkaUnavailable() && !process.env['CI'] ? `Kafka cannot run here: ${localKafkaUnavailable()}` : false;
  it('continues the upload\'s trace through Kafka', { skip: kafkaSkip }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shine-kafka-trace-'));
    const broker = await startLocalKafka({ dataDir, port: await freePort(), controllerPort: await freePort() });
    try {
      assertOneTrace(await runHop({ KAFKA_BROKERS: broker.brokers }), /^\w+ traced\./);
    } finally {
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
