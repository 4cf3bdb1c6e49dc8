// The transports the conformance suite runs against, each fresh: a real single-node Kafka on free
// ports with a new log dir, and the embedded transport on a new test database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@shine/platform/testing';
import { createTestDatabase, stopTestServer } from '@shine/postgres/testing';
import type { EventTransport } from '../event-transport.ts';
import { kafkaTransport } from '../kafka/kafka-transport.ts';
import { localKafkaUnavailable, startLocalKafka } from '../local-kafka/local-kafka.ts';
import { postgresTransport } from '../postgres/postgres-transport.ts';

export interface TransportUnderTest {
  readonly name: string;
  /** Why this transport cannot run here; CI installs Java, so there it must run. */
  readonly unavailable: string | undefined;
  /** A new transport (client) on the same broker or database: several make several processes' worth. */
  open(): Promise<EventTransport>;
  teardown(): Promise<void>;
}

export function kafkaUnderTest(): TransportUnderTest {
  const unavailable = process.env['KAFKA_BROKERS'] ? undefined : localKafkaUnavailable();
  let broker: Promise<{ brokers: string; stop(): Promise<void>; dir?: string }> | undefined;
  const opened: EventTransport[] = [];
  return {
    name: 'Kafka',
    unavailable,
    open: async () => {
      broker ??= (async () => {
        const given = process.env['KAFKA_BROKERS'];
        if (given) return { brokers: given, stop: async () => {} };
        const dir = mkdtempSync(join(tmpdir(), 'shine-kafka-'));
        const kafka = await startLocalKafka({ dataDir: dir, port: await freePort(), controllerPort: await freePort() });
        return { brokers: kafka.brokers, stop: kafka.stop, dir };
      })();
      const transport = kafkaTransport({ brokers: (await broker).brokers, clientId: 'conformance', sessionTimeoutMs: 6_000 });
      opened.push(transport);
      return transport;
    },
    teardown: async () => {
      await Promise.all(opened.map((transport) => transport.close()));
      const running = await broker?.catch(() => undefined);
      await running?.stop();
      if (running?.dir) rmSync(running.dir, { recursive: true, force: true });
    },
  };
}

export function postgresUnderTest(): TransportUnderTest {
  let database: ReturnType<typeof createTestDatabase> | undefined;
  const opened: EventTransport[] = [];
  return {
    name: 'embedded (PostgreSQL)',
    unavailable: undefined,
    open: async () => {
      database ??= createTestDatabase();
      const transport = postgresTransport({ connectionString: (await database).url, applicationName: 'conformance', pollIntervalMs: 200, memberTimeoutMs: 1_500 });
      opened.push(transport);
      return transport;
    },
    teardown: async () => {
      await Promise.all(opened.map((transport) => transport.close()));
      await (await database)?.drop();
      await stopTestServer();
    },
  };
}
