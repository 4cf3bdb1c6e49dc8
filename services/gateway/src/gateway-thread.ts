// A thread of the gateway: one gateway server on the shared public port, counting against the
// process's rate limits, its metrics collected by the main thread on each scrape. Started and
// stopped by GatewayThreads (gateway-threads.ts).
import { threadId, parentPort, workerData } from 'node:worker_threads';
import { createLogger, flushTelemetry, packageVersion } from '@shine/platform';
import { Registry } from 'prom-client';
import { startGatewayServer } from './gateway-server.ts';
import type { FromThread, ThreadData, ToThread } from './gateway-threads.ts';

const { config, port, sharePort, rateLimitBuffer } = workerData as ThreadData;
const version = packageVersion(new URL('../package.json', import.meta.url));
const logger = createLogger({ service: 'gateway', version, level: config.LOG_LEVEL }).child({ thread: threadId });
// HTTP metrics only: process metrics (CPU, memory, event loop) come from the main thread.
const metricsRegistry = new Registry();
metricsRegistry.setDefaultLabels({ service: 'gateway' });
const server = await startGatewayServer({ config, version, logger, metricsRegistry, rateLimitBuffer, port, sharePort });

const channel = parentPort!;
channel.on('message', (message: ToThread) => {
  if (message.kind === 'metrics') {
    void metricsRegistry.getMetricsAsJSON().then((metrics) => channel.postMessage({ kind: 'metrics', id: message.id, metrics } satisfies FromThread));
  } else if (message.kind === 'close') {
    // The tracing preload runs in each thread too, with its own buffer of spans: flush it before
    // going. Closing the port lets the thread end: GatewayThreads waits for its exit.
    void server.close(message.graceMs).then(async (drained) => {
      await flushTelemetry();
      channel.postMessage({ kind: 'closed', drained } satisfies FromThread);
      channel.close();
    });
  }
});
channel.postMessage({ kind: 'ready', port: server.port, routes: server.routes, upstreams: Object.fromEntries(server.upstreams) } satisfies FromThread);
