// A stand-in for gateway-thread.ts in GatewayThreads tests: says it is ready and answers close as
// the real thread does; it answers one metrics request and then fails with an uncaught error, as a
// bug in a thread would.
import { parentPort } from 'node:worker_threads';

const channel = parentPort!;
channel.on('message', (message: { kind: string; id?: number }) => {
  if (message.kind === 'close') channel.close();
  else if (message.kind === 'metrics') {
    channel.postMessage({ kind: 'metrics', id: message.id, metrics: [] });
    setImmediate(() => {
      throw new Error('a bug in a gateway thread');
    });
  }
});
channel.postMessage({ kind: 'ready' });
