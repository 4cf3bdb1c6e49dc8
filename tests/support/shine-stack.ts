// Every Shine service as deployed, each its own process on its own test database, behind the
// gateway: for the suites that test Shine the way a client meets it. Events go on a real Kafka
// started here when Java is available (and always in CI), else on the embedded transport.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localKafkaUnavailable, startLocalKafka, type LocalKafka } from '@shine/events/local-kafka';
import { freePort, startServiceProcess, type ServiceProcess } from '@shine/platform/testing';
import { createTestDatabase, stopTestServer, type TestDatabase } from '@shine/postgres/testing';
import { SignJWT } from 'jose';
import { serviceDir } from './service-dir.ts';

export interface ShineStack {
  /** The gateway's origin, e.g. "http://127.0.0.1:40123". */
  readonly origin: string;
  /** "Kafka" or "the embedded transport". */
  readonly events: string;
  /** A bearer token the gateway accepts, for `subject`. */
  token(subject: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startShineStack(options: { kafka?: boolean } = {}): Promise<ShineStack> {
  const onKafka = options.kafka ?? (!localKafkaUnavailable() || Boolean(process.env['CI']));
  const databases: TestDatabase[] = [];
  const services: ServiceProcess[] = [];
  let broker: { kafka: LocalKafka; dir: string } | undefined;
  const stop = async () => {
    for (const service of services.reverse()) await service.stop();
    await broker?.kafka.stop();
    if (broker) rmSync(broker.dir, { recursive: true, force: true });
    for (const database of databases) await database.drop();
    await stopTestServer();
  };
  try {
    const database = async () => {
      const created = await createTestDatabase();
      databases.push(created);
      return created.url;
    };
    let events: Record<string, string>;
    if (onKafka) {
      const dir = mkdtempSync(join(tmpdir(), 'shine-stack-kafka-'));
      broker = { kafka: await startLocalKafka({ dataDir: dir, port: await freePort(), controllerPort: await freePort() }), dir };
      events = { KAFKA_BROKERS: broker.kafka.brokers, EVENT_TOPIC_PARTITIONS: '3' };
    } else {
      events = { EVENTS_DATABASE_URL: await database(), KAFKA_BROKERS: '' };
    }
    const start = async (name: string, env: Record<string, string>) => {
      const started = await startServiceProcess(serviceDir(name), env);
      services.push(started);
      return `127.0.0.1:${started.grpcPort}`;
    };
    const palette = await start('palette', {});
    const analysis = await start('analysis', { DATABASE_URL: await database(), ANALYSIS_WORKERS: '1', ...events });
    const catalog = await start('catalog', { DATABASE_URL: await database(), ANALYSIS_ADDRESS: analysis });
    const recommender = await start('recommender', { DATABASE_URL: await database(), PALETTE_ADDRESS: palette, CATALOG_ADDRESS: catalog, ...events });
    const secret = randomBytes(32).toString('base64url');
    const port = await freePort();
    await start('gateway', {
      GATEWAY_PORT: String(port),
      JWT_HS256_SECRET: secret,
      ANALYSIS_ADDRESS: analysis,
      PALETTE_ADDRESS: palette,
      CATALOG_ADDRESS: catalog,
      RECOMMENDER_ADDRESS: recommender,
      RATE_LIMIT_ENABLED: 'false',
    });
    return {
      origin: `http://127.0.0.1:${port}`,
      events: onKafka ? 'Kafka' : 'the embedded transport',
      token: (subject) => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(subject).setExpirationTime('10m').sign(new TextEncoder().encode(secret)),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
