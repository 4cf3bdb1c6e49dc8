// A stand-in for gateway-thread.ts in GatewayThreads tests: says it is ready and answers close as
// the real thread does; it reports a counter of 7 to one metrics request and then fails with an
// uncaught error, as a bug in a thread would.
import { parentPort } from 'node:worker_threads';

const channel = parentPort!;
const counted = { name: 'test_requests_total', help: 'Requests.', type: 'counter', aggregator: 'sum', values: [{ value: 7, labels: {} }] };
channel.on('message', (message: { kind: string; id?: number }) => {
  if (message.kind === 'close') {
    channel.postMessage({ kind: 'closed', drained: true });
    channel.close();
  }
  else if (message.kind === 'metrics') {
    channel.postMessage({ kind: 'metrics', id: message.id, metrics: [counted] });
    setImmediate(() => {
      throw new Error('a bug in a gateway thread');
    });
  }
});
channel.postMessage({ kind: 'ready', port: 0, routes: 0, upstreams: {} });
