// A real single-node Apache Kafka (KRaft) for `npm start`, the tests and the benchmarks: the broker's
// jars come from Maven Central into the git-ignored .cache, its log dir is formatted once, and the
// broker runs as a child process with a small heap. KAFKA_BROKERS set means a cluster is already there.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const KAFKA_VERSION = '4.3.1';
// Kafka ships no SLF4J binding: without one the broker prints nothing, not even why it failed to start.
const LOG4J_VERSION = '2.25.5';
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const runtimeDir = join(repoRoot, '.cache', 'kafka', KAFKA_VERSION);
const libsDir = join(runtimeDir, 'libs');

export interface LocalKafkaOptions {
  /** The broker's own folder: log dir, configuration, its log file. Reused across starts. */
  readonly dataDir: string;
  readonly port: number;
  readonly controllerPort: number;
  /** Partitions of topics the broker creates itself (Shine creates its own topics). */
  readonly defaultPartitions?: number;
  readonly readyTimeoutMs?: number;
  readonly log?: (line: string) => void;
  /** More broker settings (server.properties keys), e.g. a group size limit a test runs into. */
  readonly brokerSettings?: Readonly<Record<string, string>>;
}

export interface LocalKafka {
  /** "127.0.0.1:<port>", for KAFKA_BROKERS. */
  readonly brokers: string;
  readonly process: ChildProcess;
  /** The broker's own log (log4j), for when something went wrong. */
  readonly logFile: string;
  /** SIGTERM and wait (the broker takes 1.5-3 s); SIGKILL if it has not gone in 20 s. */
  stop(): Promise<void>;
}

/** Why the local broker cannot run here (no Java, no Maven to fetch it), or undefined when it can. */
export function localKafkaUnavailable(): string | undefined {
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) return 'no Java runtime (install default-jre-headless)';
  if (!hasJars() && spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status !== 0) return `Kafka ${KAFKA_VERSION} is not in .cache and there is no Maven to fetch it`;
  return undefined;
}

function hasJars(): boolean {
  return existsSync(libsDir) && readdirSync(libsDir).some((name) => name.startsWith('kafka_2.13-'));
}

/** Fetches the broker's jars from Maven Central into .cache/kafka/<version>/libs once (~45 MB, 10-16 s). */
export function ensureKafkaJars(log: (line: string) => void = () => {}): string {
  if (hasJars()) return libsDir;
  mkdirSync(runtimeDir, { recursive: true });
  writeFileSync(
    join(runtimeDir, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.shine</groupId><artifactId>kafka-runtime</artifactId><version>${KAFKA_VERSION}</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>${LOG4J_VERSION}</version></dependency>
  </dependencies>
</project>
`,
  );
  log(`fetching Apache Kafka ${KAFKA_VERSION} from Maven Central into ${libsDir}`);
  const result = spawnSync('mvn', ['-B', '-q', 'dependency:copy-dependencies', `-DoutputDirectory=${libsDir}`, '-DincludeScope=runtime'], {
    cwd: runtimeDir,
    encoding: 'utf8',
  });
  if (result.status !== 0 || !hasJars()) {
    throw new Error(`could not fetch Kafka ${KAFKA_VERSION} with Maven (exit ${result.status}): ${(result.stdout + result.stderr).trim().slice(-2000)}`);
  }
  return libsDir;
}

/** Formats (first time only) and starts the broker; resolves once it accepts connections. */
export async function startLocalKafka(options: LocalKafkaOptions): Promise<LocalKafka> {
  const log = options.log ?? (() => {});
  const libs = ensureKafkaJars(log);
  const { dataDir, port, controllerPort } = options;
  const logDir = join(dataDir, 'log');
  mkdirSync(logDir, { recursive: true });
  const properties = join(dataDir, 'server.properties');
  writeFileSync(properties, serverProperties({ logDir, port, controllerPort, partitions: options.defaultPartitions ?? 3 }) + Object.entries(options.brokerSettings ?? {}).map(([key, value]) => `${key}=${value}\n`).join(''));
  const log4j = join(dataDir, 'log4j2.properties');
  const logFile = join(dataDir, 'broker.log');
  writeFileSync(log4j, log4jProperties(logFile));
  const classpath = `${libs}/*`;
  if (!existsSync(join(logDir, 'meta.properties'))) {
    // A KRaft log dir is formatted once with a cluster id; a second start reuses it and its topics.
    const clusterId = randomBytes(16).toString('base64url');
    // `--cluster-id=…` in one argument: one id in 64 starts with "-", which would read as an option.
    const format = spawnSync('java', ['-cp', classpath, `-Dlog4j2.configurationFile=${log4j}`, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', properties], { encoding: 'utf8' });
    if (format.status !== 0) throw new Error(`formatting the Kafka log dir ${logDir} failed: ${(format.stdout + format.stderr).trim().slice(-2000)}`);
  }
  const output = openSync(logFile, 'a');
  const child = spawn(
    'java',
    [
      // Measured here: 130-170 MB RSS with these, 330-370 MB with the defaults.
      '-Xms32m',
      '-Xmx512m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Xss512k',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${log4j}`,
      '-cp',
      classpath,
      'kafka.Kafka',
      properties,
    ],
    { stdio: ['ignore', output, output] },
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await untilAccepting(port, child, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    throw new Error(`${(error as Error).message}; the broker's log (${logFile}) ends:\n${tail}`);
  }
  return { brokers: `127.0.0.1:${port}`, process: child, logFile, stop };
}

/** The PLAINTEXT port opens only once the broker is unfenced: a TCP connect is the readiness probe. */
async function untilAccepting(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the Kafka broker exited (${child.exitCode ?? child.signalCode}) before it accepted connections`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the Kafka broker did not accept connections on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

function serverProperties(settings: { logDir: string; port: number; controllerPort: number; partitions: number }): string {
  return `# Written by @shine/events local-kafka at each start: a single-node KRaft broker for development and tests.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${settings.controllerPort}
listeners=PLAINTEXT://127.0.0.1:${settings.port},CONTROLLER://127.0.0.1:${settings.controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${settings.port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${settings.logDir}
num.partitions=${settings.partitions}
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# The log cleaner's 128 MiB dedupe buffer would sit on a small heap for nothing here.
log.cleaner.dedupe.buffer.size=2097152
num.network.threads=2
num.io.threads=2
background.threads=2
num.recovery.threads.per.data.dir=1
`;
}

function log4jProperties(logFile: string): string {
  return `status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${logFile}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.file.ref = file
logger.server.name = kafka.server.KafkaRaftServer
logger.server.level = info
`;
}
