// UnaryChannel over several addresses: the connection pool's round-robin, retries, back-off and reconnects.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { freePort as deadPort } from '@shine/platform/testing';
import { soon, statusOf } from '../test-fixtures/call-outcome.ts';
import { startRawServer as startServer } from '../test-fixtures/raw-grpc-server.ts';
import { UnaryChannel } from './unary-channel.ts';

describe('UnaryChannel over several addresses', () => {
  it('spreads calls round-robin, and retries a call that never reached a dead address on a live one', async () => {
    const [first, second] = [await startServer(), await startServer()];
    const dead = await deadPort();
    const channel = new UnaryChannel(`ipv4:127.0.0.1:${first.port},127.0.0.1:${dead},127.0.0.1:${second.port}`);
    try {
      for (let call = 0; call < 30; call++) {
        assert.equal((await channel.call('/test.v1.Raw/Echo', Buffer.from('x'), [], soon()).result).message.toString(), 'echo:x');
      }
      assert.equal(first.seen.calls + second.seen.calls, 30);
      assert.ok(first.seen.calls >= 10 && second.seen.calls >= 10, `calls: ${first.seen.calls}, ${second.seen.calls}`);
    } finally {
      channel.close();
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('takes an address back into the rotation once its server returns', async () => {
    const [first, second] = [await startServer(), await startServer()];
    const channel = new UnaryChannel(`ipv4:127.0.0.1:${first.port},127.0.0.1:${second.port}`, { reconnectBackoffMs: 50 });
    const echo = () => channel.call('/test.v1.Raw/Echo', Buffer.from('x'), [], soon()).result;
    let restarted: Awaited<ReturnType<typeof startServer>> | undefined;
    try {
      for (let call = 0; call < 10; call++) await echo();
      await second.stop();
      for (let call = 0; call < 10; call++) await echo();
      restarted = await startServer(second.port);
      // Calls keep flowing while the returning address reconnects; then it gets its share again.
      for (let call = 0; call < 200 && restarted.seen.calls < 5; call++) {
        await echo();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      assert.ok(restarted.seen.calls >= 5, `the returning server got ${restarted.seen.calls} calls`);
    } finally {
      channel.close();
      await first.stop();
      await restarted?.stop();
    }
  });

  it('does not wait on an address that accepts connections but never speaks HTTP/2', async () => {
    const silent = createServer(() => {}).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const server = await startServer();
    const channel = new UnaryChannel(`ipv4:127.0.0.1:${(silent.address() as { port: number }).port},127.0.0.1:${server.port}`, { connectTimeoutMs: 60_000 });
    try {
      const started = Date.now();
      for (let call = 0; call < 10; call++) await channel.call('/test.v1.Raw/Echo', Buffer.from('x'), [], soon()).result;
      assert.equal(server.seen.calls, 10);
      // Well under the connect timeout: no call waited for the silent address.
      assert.ok(Date.now() - started < 3_000, `${Date.now() - started} ms`);
    } finally {
      channel.close();
      silent.close();
      await server.stop();
    }
  });

  it('while an address is in back-off, fails calls at once without a connection of their own, then tries again', async () => {
    // A port that accepts TCP and hangs up at once, counting the connections made to it.
    let connections = 0;
    const refusing = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    refusing.listen(0, '127.0.0.1');
    await once(refusing, 'listening');
    const { port } = refusing.address() as { port: number };
    const channel = new UnaryChannel(`127.0.0.1:${port}`, { reconnectBackoffMs: 300 });
    try {
      const first = await statusOf(channel.call('/test.v1.Raw/Echo', Buffer.from('x'), [], soon()).result);
      assert.equal(first.code, grpc.status.UNAVAILABLE);
      assert.match(first.details, /^No connection established/);
      const madeByFirst = connections;
      assert.ok(madeByFirst >= 1, 'the first call tried to connect');
      const started = Date.now();
      const during = await Promise.all(Array.from({ length: 20 }, () => statusOf(channel.call('/test.v1.Raw/Echo', Buffer.from('x'), [], soon()).result)));
      assert.deepEqual(new Set(during.map((status) => status.code)), new Set([grpc.status.UNAVAILABLE]));
      assert.match(during[0]!.details, /the next in \d+ ms/);
      assert.equal(connections, madeByFirst, 'no call in the back-off opened a connection');
      assert.ok(Date.now() - started < 250, `they failed at once, not after ${Date.now() - started} ms`);
      await new Promise((resolve) => setTimeout(resolve, 350));
      await statusOf(channel.call('/test.v1.Raw/Echo', Buffer.from('x'), [], soon()).result);
      assert.ok(connections > madeByFirst, 'after the back-off a call tries again');
    } finally {
      channel.close();
      refusing.close();
    }
  });

  it('answers UNAVAILABLE when no address answers, and reconnects once the server is back', async () => {
    const port = await deadPort();
    const channel = new UnaryChannel(`127.0.0.1:${port}`, { reconnectBackoffMs: 0 });
    try {
      const status = await statusOf(channel.call('/test.v1.Raw/Echo', Buffer.from('x'), [], soon()).result);
      assert.equal(status.code, grpc.status.UNAVAILABLE);
      assert.match(status.details, /No connection established/);
      const server = await startServer(port);
      try {
        assert.equal((await channel.call('/test.v1.Raw/Echo', Buffer.from('y'), [], soon()).result).message.toString(), 'echo:y');
      } finally {
        await server.stop();
      }
    } finally {
      channel.close();
    }
  });
});
