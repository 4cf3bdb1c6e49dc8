// `npm run kafka`: a real single-node Apache Kafka for development, in the foreground until Ctrl-C.
//   npm run kafka                      # start (data in .data/kafka, PLAINTEXT on 127.0.0.1:19092)
//   npm run kafka -- --port 29092      # another port
//   npm run kafka -- fetch             # only fetch the jars into .cache (CI does this once)
// The jars come from Maven Central (Java and Maven needed); the services use the broker when
// KAFKA_BROKERS names it. `npm start` starts one itself when Java is there.
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ensureKafkaJars, localKafkaUnavailable, startLocalKafka } from '@shine/events/local-kafka';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    data: { type: 'string', default: fileURLToPath(new URL('../.data/kafka', import.meta.url)) },
    port: { type: 'string', default: '19092' },
    'controller-port': { type: 'string', default: '19093' },
  },
});
const say = (line: string) => process.stderr.write(`kafka: ${line}\n`);

const unavailable = localKafkaUnavailable();
if (unavailable) {
  say(`cannot run a local broker: ${unavailable}`);
  process.exit(1);
}
if (positionals[0] === 'fetch') {
  say(`jars in ${ensureKafkaJars(say)}`);
  process.exit(0);
}
if (positionals.length > 0 && positionals[0] !== 'start') {
  say(`unknown command ${positionals[0]}: use "start" (the default) or "fetch"`);
  process.exit(2);
}
const started = performance.now();
const kafka = await startLocalKafka({ dataDir: values.data, port: Number(values.port), controllerPort: Number(values['controller-port']), log: say });
say(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s: KAFKA_BROKERS=${kafka.brokers} (log: ${kafka.logFile}); Ctrl-C stops it`);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopping = true;
    void kafka.stop().then(() => {
      say('stopped');
      process.exit(0);
    });
  });
}
kafka.process.once('exit', (code) => {
  if (stopping) return;
  say(`the broker exited (${code}); see ${kafka.logFile}`);
  process.exit(1);
});
