import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createHttp2Server, type Http2Server } from 'node:http2';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { freePort as deadPort } from '@shine/platform/testing';
import { startRawServer as startServer } from './test-fixtures/raw-grpc-server.ts';
import { UnaryChannel, type CallStatus } from './unary-channel.ts';

const soon = () => Date.now() + 5_000;
const statusOf = async (promise: Promise<unknown>): Promise<CallStatus> => {
  try {
    await promise;
  } catch (error) {
    return error as CallStatus;
  }
  throw new Error('the call succeeded');
};

describe('UnaryChannel', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let channel: UnaryChannel;
  before(async () => {
    server = await startServer();
    channel = new UnaryChannel(`127.0.0.1:${server.port}`);
  });
  after(async () => {
    channel.close();
    await server.stop();
  });

  it('sends a request with its metadata and returns the answer and the response headers', async () => {
    const metadata = new grpc.Metadata();
    metadata.set('shine-subject-id', 'subject-7');
    const { message, headers } = await channel.call('/test.v1.Raw/Echo', Buffer.from('hello'), metadata, soon()).result;
    assert.equal(message.toString(), 'echo:hello');
    assert.equal(headers['content-type'], 'application/grpc+proto');
    assert.equal(headers['x-served-by'], 'raw-echo');
    assert.equal(server.seen.subjects.at(-1), 'subject-7');
  });

  it('rejects with the status, the decoded message and the trailers the server sent', async () => {
    const status = await statusOf(channel.call('/test.v1.Raw/Fail', Buffer.alloc(0), new grpc.Metadata(), soon()).result);
    assert.equal(status.code, grpc.status.NOT_FOUND);
    assert.equal(status.details, 'no shelf "s1" – 100% gone');
    assert.equal(status.metadata.get('shine-reason')[0], 'SHELF_MISSING');
  });

  it('answers UNIMPLEMENTED for a method the server does not have', async () => {
    const status = await statusOf(channel.call('/test.v1.Raw/Nothing', Buffer.alloc(0), new grpc.Metadata(), soon()).result);
    assert.equal(status.code, grpc.status.UNIMPLEMENTED);
  });

  it('tells the server its deadline and gives up with DEADLINE_EXCEEDED when it passes', async () => {
    const deadline = Date.now() + 300;
    const status = await statusOf(channel.call('/test.v1.Raw/Hang', Buffer.alloc(0), new grpc.Metadata(), deadline).result);
    assert.equal(status.code, grpc.status.DEADLINE_EXCEEDED);
    assert.ok(Math.abs(server.seen.deadlines.at(-1)! - deadline) < 100, `server deadline ${server.seen.deadlines.at(-1)! - deadline} ms off`);
  });

  it('cancels: the caller gets CANCELLED and the server hears of it', async () => {
    const before = server.seen.cancelled;
    const { result, cancel } = channel.call('/test.v1.Raw/Hang', Buffer.alloc(0), new grpc.Metadata(), soon());
    await new Promise((resolve) => setTimeout(resolve, 100));
    cancel();
    assert.equal((await statusOf(result)).code, grpc.status.CANCELLED);
    for (let wait = 0; wait < 50 && server.seen.cancelled === before; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(server.seen.cancelled, before + 1);
  });

  it('refuses to send a message over its limit, without calling the server', async () => {
    const small = new UnaryChannel(`127.0.0.1:${server.port}`, { maxSendBytes: 16 });
    const calls = server.seen.calls;
    const status = await statusOf(small.call('/test.v1.Raw/Echo', Buffer.alloc(17), new grpc.Metadata(), soon()).result);
    small.close();
    assert.equal(status.code, grpc.status.RESOURCE_EXHAUSTED);
    assert.match(status.details, /larger than 16/);
    assert.equal(server.seen.calls, calls);
  });

  it('refuses an answer over its limit', async () => {
    const small = new UnaryChannel(`127.0.0.1:${server.port}`, { maxReceiveBytes: 8 });
    const status = await statusOf(small.call('/test.v1.Raw/Echo', Buffer.from('0123456789'), new grpc.Metadata(), soon()).result);
    small.close();
    assert.equal(status.code, grpc.status.RESOURCE_EXHAUSTED);
  });

  it('resolves a name through DNS', async () => {
    const named = new UnaryChannel(`dns:///localhost:${server.port}`);
    try {
      // localhost may resolve to ::1 first, where nothing listens: the channel must still get through.
      for (let call = 0; call < 4; call++) {
        assert.equal((await named.call('/test.v1.Raw/Echo', Buffer.from('n'), new grpc.Metadata(), soon()).result).message.toString(), 'echo:n');
      }
    } finally {
      named.close();
    }
  });
});

describe('UnaryChannel over several addresses', () => {
  it('spreads calls round-robin, and retries a call that never reached a dead address on a live one', async () => {
    const [first, second] = [await startServer(), await startServer()];
    const dead = await deadPort();
    const channel = new UnaryChannel(`ipv4:127.0.0.1:${first.port},127.0.0.1:${dead},127.0.0.1:${second.port}`);
    try {
      for (let call = 0; call < 30; call++) {
        assert.equal((await channel.call('/test.v1.Raw/Echo', Buffer.from('x'), new grpc.Metadata(), soon()).result).message.toString(), 'echo:x');
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
    const echo = () => channel.call('/test.v1.Raw/Echo', Buffer.from('x'), new grpc.Metadata(), soon()).result;
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
      for (let call = 0; call < 10; call++) await channel.call('/test.v1.Raw/Echo', Buffer.from('x'), new grpc.Metadata(), soon()).result;
      assert.equal(server.seen.calls, 10);
      // Well under the connect timeout: no call waited for the silent address.
      assert.ok(Date.now() - started < 3_000, `${Date.now() - started} ms`);
    } finally {
      channel.close();
      silent.close();
      await server.stop();
    }
  });

  it('answers UNAVAILABLE when no address answers, and reconnects once the server is back', async () => {
    const port = await deadPort();
    const channel = new UnaryChannel(`127.0.0.1:${port}`, { reconnectBackoffMs: 0 });
    try {
      const status = await statusOf(channel.call('/test.v1.Raw/Echo', Buffer.from('x'), new grpc.Metadata(), soon()).result);
      assert.equal(status.code, grpc.status.UNAVAILABLE);
      assert.match(status.details, /No connection established/);
      const server = await startServer(port);
      try {
        assert.equal((await channel.call('/test.v1.Raw/Echo', Buffer.from('y'), new grpc.Metadata(), soon()).result).message.toString(), 'echo:y');
      } finally {
        await server.stop();
      }
    } finally {
      channel.close();
    }
  });
});

describe('UnaryChannel prepare: work on the answer while its status is on its way', () => {
  // A plain HTTP/2 server, so the test decides when the status follows the message and what it says.
  const statusDelayMs = 300;
  let server: Http2Server;
  let port: number;
  let statusSentAt = 0;
  let unreadClosedAt = 0;
  before(async () => {
    server = createHttp2Server();
    server.on('stream', (stream, headers) => {
      if ((headers[':path'] ?? '').endsWith('/Unread')) {
        // Answers at once without reading the request or resetting the stream.
        stream.on('close', () => (unreadClosedAt = performance.now()));
        stream.pause();
        stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(grpc.status.INVALID_ARGUMENT), 'grpc-message': 'too big' }, { endStream: true });
        return;
      }
      const code = (headers[':path'] ?? '').endsWith('/Broken') ? grpc.status.DATA_LOSS : grpc.status.OK;
      const message = Buffer.from('answer');
      const framed = Buffer.alloc(5 + message.length);
      framed.writeUInt32BE(message.length, 1);
      framed.set(message, 5);
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => {
        statusSentAt = performance.now();
        stream.sendTrailers({ 'grpc-status': String(code), 'grpc-message': code === grpc.status.OK ? '' : 'the answer was cut short' });
      });
      stream.write(framed);
      setTimeout(() => stream.end(), statusDelayMs);
      stream.resume();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('prepares the message before the status arrives, and returns what it made with an OK answer', async () => {
    const channel = new UnaryChannel(`127.0.0.1:${port}`);
    let preparedAt = 0;
    try {
      const answer = await channel.call('/test.v1.Raw/Echo', Buffer.from('q'), new grpc.Metadata(), soon(), (message) => {
        preparedAt = performance.now();
        return `prepared:${message.toString()}`;
      }).result;
      assert.equal(answer.message.toString(), 'answer');
      assert.equal(answer.prepared, 'prepared:answer');
      assert.ok(preparedAt > 0 && preparedAt < statusSentAt, `prepared ${(statusSentAt - preparedAt).toFixed(0)} ms before the status`);
    } finally {
      channel.close();
    }
  });

  it('drops what it prepared when the status after the message is an error', async () => {
    const channel = new UnaryChannel(`127.0.0.1:${port}`);
    let prepared = 0;
    try {
      const status = await statusOf(channel.call('/test.v1.Raw/Broken', Buffer.from('q'), new grpc.Metadata(), soon(), () => ++prepared).result);
      assert.equal(prepared, 1);
      assert.equal(status.code, grpc.status.DATA_LOSS);
      assert.equal(status.details, 'the answer was cut short');
    } finally {
      channel.close();
    }
  });

  it('answers without a prepared value when preparing threw', async () => {
    const channel = new UnaryChannel(`127.0.0.1:${port}`);
    try {
      const answer = await channel.call('/test.v1.Raw/Echo', Buffer.from('q'), new grpc.Metadata(), soon(), () => {
        throw new Error('cannot read this');
      }).result;
      assert.equal(answer.message.toString(), 'answer');
      assert.equal('prepared' in answer, false);
    } finally {
      channel.close();
    }
  });

  it('answers a call the server refused without reading it at once, and closes its stream then', async () => {
    const channel = new UnaryChannel(`127.0.0.1:${port}`);
    try {
      const started = performance.now();
      const status = await statusOf(channel.call('/test.v1.Raw/Unread', Buffer.alloc(2_000_000), new grpc.Metadata(), soon()).result);
      assert.equal(status.code, grpc.status.INVALID_ARGUMENT);
      assert.ok(performance.now() - started < 400, `answered after ${(performance.now() - started).toFixed(0)} ms`);
      for (let wait = 0; wait < 100 && unreadClosedAt === 0; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(unreadClosedAt > 0, 'the stream was closed at once, not left sending until the deadline');
    } finally {
      channel.close();
    }
  });
});
