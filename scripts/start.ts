// `npm start`: every Shine service that exists, on this machine, in one go.
// PostgreSQL is embedded (data in .data/postgres) unless DATABASE_URL names a server to use;
// each service gets its own database on it. Jaeger and Prometheus run too when installed
// (`npm start -- --observe` requires them). Ctrl-C stops everything gracefully.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { SignJWT } from 'jose';
import { fileURLToPath } from 'node:url';
import { localKafkaUnavailable, startLocalKafka } from '@shine/events/local-kafka';
import { SERVICE_NODE_ARGS } from '@shine/platform/service-node-args';
import { ensureDatabase } from '@shine/postgres';
import { startObservability, type Observability } from './start-observability.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

interface ServiceSpec {
  name: string;
  /** gRPC port, also what other services dial. */
  grpcPort: number;
  /** HTTP side port (/metrics, /healthz, /readyz). */
  httpPort: number;
  database?: string;
}

// Start order: dependencies first. The gateway's public port is GATEWAY_PORT (8080 unless set).
const gatewayPort = Number(process.env['GATEWAY_PORT'] ?? 8080);
const catalogue: ServiceSpec[] = [
  { name: 'palette', grpcPort: 50052, httpPort: 9465 },
  { name: 'analysis', grpcPort: 50051, httpPort: 9464, database: 'shine_analysis' },
  { name: 'catalog', grpcPort: 50053, httpPort: 9466, database: 'shine_catalog' },
  { name: 'recommender', grpcPort: 50054, httpPort: 9467, database: 'shine_recommender' },
  { name: 'gateway', grpcPort: 50050, httpPort: 9468 },
];

const present = catalogue.filter((spec) => existsSync(`${root}/services/${spec.name}/src/main.ts`));
if (present.length === 0) {
  console.log('shine: no service exists yet under services/; nothing to start');
  process.exit(0);
}

// A port another program holds would crash that service with a raw EADDRINUSE: say which, before anything starts.
const busy = await takenPorts([
  ...(present.some((spec) => spec.name === 'gateway') ? [{ port: gatewayPort, what: "the gateway's REST port", fix: `choose another: GATEWAY_PORT=${gatewayPort + 1} npm start` }] : []),
  ...present.flatMap((spec) => [
    { port: spec.grpcPort, what: `${spec.name}'s gRPC port`, fix: 'stop the program that holds it (another npm start?)' },
    { port: spec.httpPort, what: `${spec.name}'s metrics and health port`, fix: 'stop the program that holds it (another npm start?)' },
  ]),
]);
if (busy.length > 0) {
  // Most of Shine's ports taken at once is Shine itself, started before: say that first, not ten port lines.
  if (busy.length > 2) {
    console.error(`shine: ${busy.length} of Shine's ports are already in use (${busy.map(({ port }) => port).join(', ')}): is another npm start running? Stop it (Ctrl-C in its terminal) and start again.`);
  } else {
    for (const { port, what, fix } of busy) console.error(`shine: port ${port} (${what}) is already in use by another program; ${fix}`);
  }
  process.exit(1);
}

// A service that does not exist yet is 'none' to the others: the gateway then says it is not
// deployed, instead of 'try again later' for a service that will never answer.
const addresses = Object.fromEntries(
  catalogue.map((spec) => [`${spec.name.toUpperCase()}_ADDRESS`, present.includes(spec) ? `127.0.0.1:${spec.grpcPort}` : 'none']),
);

const children = new Map<string, ChildProcess>();
let stopping = false;
let exitCode = 0;
let postgres: Awaited<ReturnType<typeof startDatabase>>;
let kafka: { stop(): Promise<void> } | undefined;
let observability: Observability | undefined;
/** Which event transport the services use, said in the banner under the page's URL. */
let eventsLine = '';
// Handlers first: Ctrl-C while models load must still stop everything started so far.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(0));

postgres = await startDatabase(present.some((spec) => spec.database));
const eventsEnv = await startEvents();
const devToken = present.some((spec) => spec.name === 'gateway') ? await developmentToken() : undefined;
observability = await startObservability({
  root,
  services: present,
  required: process.argv.includes('--observe'),
  jaegerUiPort: Number(process.env['SHINE_JAEGER_PORT'] ?? 16686),
  prometheusPort: Number(process.env['SHINE_PROMETHEUS_PORT'] ?? 9090),
});
if (observability.missing.length > 0) {
  for (const reason of observability.missing) console.error(`shine: --observe: ${reason}`);
  await stopAll(1);
}

for (const spec of present) {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...addresses,
    GRPC_PORT: String(spec.grpcPort),
    HTTP_PORT: String(spec.httpPort),
    BIND_HOST: '127.0.0.1',
    OTEL_SERVICE_NAME: spec.name,
    // As the image runs them (Dockerfile): fewer malloc arenas for services with worker threads.
    MALLOC_ARENA_MAX: '2',
    ...eventsEnv,
    ...observability.env,
  };
  if (spec.name === 'gateway' && devToken) env['JWT_HS256_SECRET'] = devToken.secret;
  if (spec.database && postgres) {
    await postgres.ensure(spec.database);
    env['DATABASE_URL'] = postgres.url(spec.database);
  }
  // As the image runs it (SERVICE_NODE_ARGS says why each flag).
  const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, 'src/main.ts'], {
    cwd: `${root}/services/${spec.name}`,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(spec.name, child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(formatLine(spec.name, line)));
  }
  child.once('exit', (code, signal) => {
    children.delete(spec.name);
    if (!stopping) {
      console.error(`shine: ${spec.name} exited (${signal ?? `code ${code}`}); stopping the rest`);
      void stopAll(1);
    } else if (children.size === 0) void finish();
  });
}

try {
  await Promise.all(present.map((spec) => waitUntilReady(spec)));
} catch (error) {
  console.error(`shine: ${error instanceof Error ? error.message : String(error)}; stopping the rest`);
  await stopAll(1);
}
const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
console.log(
  [
    '',
    ...(present.some((spec) => spec.name === 'gateway') ? [`shine: open ${gatewayUrl}/ to try Shine (the REST API is on the same port: docs at ${gatewayUrl}/docs, OpenAPI at ${gatewayUrl}/openapi.json)`] : []),
    ...(devToken ? [`shine: a 24-hour token for subject "${devToken.subject}" is in .data/dev-token (Authorization: Bearer …)${devToken.renewed ? '; tokens saved from earlier starts still work until they expire' : ''}`] : []),
    `shine: gRPC ${present.filter((spec) => spec.name !== 'gateway').map((spec) => `${spec.name} 127.0.0.1:${spec.grpcPort}`).join(', ')}`,
    `shine: metrics ${present.map((spec) => `${spec.name} :${spec.httpPort}`).join(', ')} (/metrics, /healthz, /readyz)`,
    ...(postgres ? [`shine: PostgreSQL at ${postgres.where}`] : []),
    ...(eventsLine ? [eventsLine] : []),
    ...observability.lines,
    'shine: Ctrl-C stops everything',
    '',
  ].join('\n'),
);

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  console.log('shine: stopping services');
  for (const child of children.values()) child.kill('SIGTERM');
  if (children.size === 0) await finish();
}

async function finish(): Promise<void> {
  await observability?.stop();
  await kafka?.stop();
  await postgres?.stop();
  console.log(exitCode === 0 ? 'shine: stopped; the data stays in .data, and the next npm start goes on with it' : 'shine: stopped');
  process.exit(exitCode);
}

/** The ports of `wanted` that another program already listens on (a connect succeeds). */
async function takenPorts<Port extends { port: number }>(wanted: readonly Port[]): Promise<Port[]> {
  const taken = await Promise.all(
    wanted.map(
      (entry) =>
        new Promise<boolean>((resolve) => {
          const socket = connect(entry.port, '127.0.0.1');
          socket.once('connect', () => {
            socket.destroy();
            resolve(true);
          });
          socket.once('error', () => resolve(false));
        }),
    ),
  );
  return wanted.filter((_, index) => taken[index]);
}

async function waitUntilReady(spec: ServiceSpec): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline && children.has(spec.name)) {
    try {
      if ((await fetch(`http://127.0.0.1:${spec.httpPort}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (children.has(spec.name)) throw new Error(`${spec.name} did not become ready within 3 minutes`);
}

async function startDatabase(needed: boolean) {
  if (!needed) return undefined;
  const external = process.env['DATABASE_URL'];
  if (external) {
    return {
      where: new URL(external).host,
      url: (database: string) => Object.assign(new URL(external), { pathname: `/${database}` }).toString(),
      ensure: (database: string) => ensureDatabase(external, database),
      stop: async () => {},
    };
  }
  const port = Number(process.env['SHINE_POSTGRES_PORT'] ?? 54329);
  // Its own process group (detached), so Ctrl-C in the terminal does not stop it under the services.
  const keeper = spawn(process.execPath, [`${root}/scripts/postgres-process.ts`, `${root}/.data/postgres/data`, String(port)], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => keeper.kill('SIGTERM')); // never leave the database behind
  const [line] = (await once(createInterface({ input: keeper.stdout! }), 'line')) as [string];
  if (line !== 'ready') throw new Error(`embedded PostgreSQL did not start: ${line}`);
  const url = (database: string) => `postgres://shine:shine@127.0.0.1:${port}/${database}`;
  return {
    where: `127.0.0.1:${port} (embedded, data in .data/postgres)`,
    url,
    ensure: (database: string) => ensureDatabase(url('postgres'), database),
    stop: async () => {
      keeper.kill('SIGTERM');
      await once(keeper, 'exit');
    },
  };
}

/**
 * How events travel between the services, said in one line: the Kafka cluster KAFKA_BROKERS names;
 * else a local Apache Kafka when Java is here (data in .data/kafka); else the embedded transport on
 * the PostgreSQL the services already use, which needs nothing more.
 */
async function startEvents(): Promise<Record<string, string>> {
  if (process.env['KAFKA_BROKERS']) {
    eventsLine = `shine: events on the Kafka cluster at ${process.env['KAFKA_BROKERS']} (KAFKA_BROKERS)`;
    return { KAFKA_BROKERS: process.env['KAFKA_BROKERS'] };
  }
  // SHINE_LOCAL_KAFKA=0: the embedded transport even where a local broker could run (a lighter start).
  const unavailable = process.env['SHINE_LOCAL_KAFKA'] === '0' ? 'SHINE_LOCAL_KAFKA=0' : localKafkaUnavailable();
  if (!unavailable) {
    const port = Number(process.env['SHINE_KAFKA_PORT'] ?? 19092);
    const started = await startLocalKafka({ dataDir: `${root}/.data/kafka`, port, controllerPort: port + 1, log: (line) => console.log(`shine: ${line}`) }).catch((error: unknown) => {
      console.error(`shine: the local Kafka broker did not start (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); using the embedded transport`);
      return undefined;
    });
    if (started) {
      kafka = started;
      process.once('exit', () => started.process.kill('SIGTERM')); // never leave the broker behind
      eventsLine = `shine: events on a local Apache Kafka at ${started.brokers} (data in .data/kafka)`;
      return { KAFKA_BROKERS: started.brokers };
    }
  }
  if (!postgres) return {};
  await postgres.ensure('shine_events');
  eventsLine = `shine: events on the embedded transport in PostgreSQL${unavailable ? ` (no local Kafka: ${unavailable})` : ''}`;
  return { EVENTS_DATABASE_URL: postgres.url('shine_events') };
}

/**
 * Subject routes need a JWT. Unless the environment configures real keys, the local gateway gets a
 * random HS256 secret kept with the data (.data/dev-jwt-secret), so a token saved from an earlier
 * start still verifies, and a fresh 24-hour token for one demo subject is written to .data/dev-token.
 */
async function developmentToken(): Promise<{ secret: string; subject: string; renewed: boolean } | undefined> {
  if (process.env['JWT_HS256_SECRET'] || process.env['JWT_JWKS_URL']) return undefined;
  const secretFile = `${root}/.data/dev-jwt-secret`;
  mkdirSync(`${root}/.data`, { recursive: true });
  const renewed = existsSync(secretFile);
  const secret = renewed ? readFileSync(secretFile, 'utf8').trim() : randomBytes(32).toString('base64url');
  if (!renewed) writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
  const subject = 'demo-subject';
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime('24h')
    .sign(new TextEncoder().encode(secret));
  writeFileSync(`${root}/.data/dev-token`, `${token}\n`, { mode: 0o600 });
  return { secret, subject, renewed };
}

/** Turns a JSON log line into "analysis  info  listening grpc_port=50051"; other lines pass through. */
function formatLine(service: string, line: string): string {
  const label = service.padEnd(11);
  if (!line.startsWith('{')) return `${label} ${line}`;
  try {
    const { level, msg, time: _time, service: _service, version: _version, ...fields } = JSON.parse(line) as Record<string, unknown>;
    const details = Object.entries(fields)
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    return `${label} ${String(level).padEnd(5)} ${String(msg ?? '')} ${details}`.trimEnd();
  } catch {
    return `${label} ${line}`;
  }
}
