// Closing the public server lets answers in flight finish, then goes as soon as they have: a client
// that keeps sending on its keep-alive connection (a load balancer, a busy app) is told
// `Connection: close` with its next answer instead of holding the drain for the whole grace period.
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { describe, it } from 'node:test';
import { startPublicServer } from './public-server.ts';

/** GETs `/` over one keep-alive connection, one request after another, until a request fails; the Connection header of each answer. */
async function keepSending(port: number, agent: Agent, stop: { now: boolean }): Promise<string[]> {
  const seen: string[] = [];
  while (!stop.now) {
    const connection = await new Promise<string | undefined>((resolve) => {
      request({ host: '127.0.0.1', port, path: '/', agent }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.headers.connection ?? ''));
      })
        .on('error', () => resolve(undefined))
        .end();
    });
    if (connection === undefined) break;
    seen.push(connection);
  }
  return seen;
}

describe('the public server closing', () => {
  it('ends a busy keep-alive connection with its next answer and is done long before the grace period', async () => {
    // The close starts while the client's connection is certainly busy: inside the handler of its fifth request.
    let handled = 0;
    let closing: Promise<{ drained: boolean; tookMs: number }> | undefined;
    const server = await startPublicServer(
      (_request, response) => {
        handled += 1;
        if (handled === 5) {
          const started = performance.now();
          closing = server.close(10_000).then((drained) => ({ drained, tookMs: performance.now() - started }));
        }
        setTimeout(() => response.writeHead(200).end('done'), 20);
      },
      { host: '127.0.0.1', port: 0 },
    );
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answers = await keepSending(server.port, agent, { now: false });
    const { drained, tookMs } = await closing!;
    agent.destroy();
    assert.ok(answers.length >= 5, `the client was answered ${answers.length} times`);
    assert.equal(drained, true, 'nothing was cut');
    assert.ok(tookMs < 3_000, `the drain took ${Math.round(tookMs)} ms of a 10 s grace`);
  });
});
