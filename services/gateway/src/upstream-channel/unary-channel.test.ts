// UnaryChannel's calls on one server: answers, statuses, deadlines, cancellation, limits, names.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createHttp2Server } from 'node:http2';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { soon, statusOf } from '../test-fixtures/call-outcome.ts';
import { startRawServer as startServer } from '../test-fixtures/raw-grpc-server.ts';
import { UnaryChannel, unaryChannelOptions } from './unary-channel.ts';

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
    const metadata = ['shine-subject-id', 'subject-7'];
    const { message, headers } = await channel.call('/test.v1.Raw/Echo', Buffer.from('hello'), metadata, soon()).result;
    assert.equal(message.toString(), 'echo:hello');
    assert.equal(headers['content-type'], 'application/grpc+proto');
    assert.equal(headers['x-served-by'], 'raw-echo');
    assert.equal(server.seen.subjects.at(-1), 'subject-7');
  });

  it('rejects with the status, the decoded message and the trailers the server sent', async () => {
    const status = await statusOf(channel.call('/test.v1.Raw/Fail', Buffer.alloc(0), [], soon()).result);
    assert.equal(status.code, grpc.status.NOT_FOUND);
    assert.equal(status.details, 'no shelf "s1" – 100% gone');
    assert.equal(status.metadata.get('shine-reason')[0], 'SHELF_MISSING');
  });

  it('answers UNIMPLEMENTED for a method the server does not have', async () => {
    const status = await statusOf(channel.call('/test.v1.Raw/Nothing', Buffer.alloc(0), [], soon()).result);
    assert.equal(status.code, grpc.status.UNIMPLEMENTED);
  });

  it('tells the server its deadline and gives up with DEADLINE_EXCEEDED when it passes', async () => {
    const deadline = Date.now() + 300;
    const status = await statusOf(channel.call('/test.v1.Raw/Hang', Buffer.alloc(0), [], deadline).result);
    assert.equal(status.code, grpc.status.DEADLINE_EXCEEDED);
    assert.ok(Math.abs(server.seen.deadlines.at(-1)! - deadline) < 100, `server deadline ${server.seen.deadlines.at(-1)! - deadline} ms off`);
  });

  it('answers UNAVAILABLE when the connection drops after the response headers (a killed server), not INTERNAL', async () => {
    const dying = createHttp2Server().listen(0, '127.0.0.1');
    dying.on('stream', (stream) => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
      setTimeout(() => stream.session?.socket.destroy(), 20);
    });
    await once(dying, 'listening');
    const doomed = new UnaryChannel(`127.0.0.1:${(dying.address() as AddressInfo).port}`);
    try {
      const status = await statusOf(doomed.call('/test.v1.Raw/Echo', Buffer.from('hello'), [], soon()).result);
      assert.equal(status.code, grpc.status.UNAVAILABLE, status.details);
      assert.match(status.details, /^Connection dropped/);
    } finally {
      doomed.close();
      dying.close();
    }
  });

  it('gives up at the deadline while still connecting to a server that accepts but never answers', async () => {
    const silent = createServer(() => {}).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const stalled = new UnaryChannel(`127.0.0.1:${(silent.address() as AddressInfo).port}`, { connectTimeoutMs: 10_000 });
    try {
      const started = Date.now();
      const status = await statusOf(stalled.call('/test.v1.Raw/Echo', Buffer.alloc(0), [], started + 300).result);
      assert.equal(status.code, grpc.status.DEADLINE_EXCEEDED);
      assert.ok(Date.now() - started < 2_000, `gave up after ${Date.now() - started} ms, not at the 300 ms deadline`);
    } finally {
      stalled.close();
      silent.close();
    }
  });

  it('cancels: the caller gets CANCELLED and the server hears of it', async () => {
    const before = server.seen.cancelled;
    const { result, cancel } = channel.call('/test.v1.Raw/Hang', Buffer.alloc(0), [], soon());
    await new Promise((resolve) => setTimeout(resolve, 100));
    cancel();
    assert.equal((await statusOf(result)).code, grpc.status.CANCELLED);
    for (let wait = 0; wait < 50 && server.seen.cancelled === before; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(server.seen.cancelled, before + 1);
  });

  it('refuses to send a message over its limit, without calling the server', async () => {
    const small = new UnaryChannel(`127.0.0.1:${server.port}`, { maxSendBytes: 16 });
    const calls = server.seen.calls;
    const status = await statusOf(small.call('/test.v1.Raw/Echo', Buffer.alloc(17), [], soon()).result);
    small.close();
    assert.equal(status.code, grpc.status.RESOURCE_EXHAUSTED);
    assert.match(status.details, /larger than 16/);
    assert.equal(server.seen.calls, calls);
  });

  it('refuses an answer over its limit', async () => {
    const small = new UnaryChannel(`127.0.0.1:${server.port}`, { maxReceiveBytes: 8 });
    const status = await statusOf(small.call('/test.v1.Raw/Echo', Buffer.from('0123456789'), [], soon()).result);
    small.close();
    assert.equal(status.code, grpc.status.RESOURCE_EXHAUSTED);
  });

  it('resolves a name through DNS', async () => {
    const named = new UnaryChannel(`dns:///localhost:${server.port}`);
    try {
      // localhost may resolve to ::1 first, where nothing listens: the channel must still get through.
      for (let call = 0; call < 4; call++) {
        assert.equal((await named.call('/test.v1.Raw/Echo', Buffer.from('n'), [], soon()).result).message.toString(), 'echo:n');
      }
    } finally {
      named.close();
    }
  });
});


describe('unaryChannelOptions', () => {
  it('takes the grpc-js channel options the channel honours, and only those given', () => {
    const options = unaryChannelOptions({ 'grpc.keepalive_time_ms': 5_000, 'grpc.max_receive_message_length': 1024, 'grpc.primary_user_agent': 'x' });
    assert.deepEqual(options, { keepaliveMs: 5_000, maxReceiveBytes: 1024 });
  });
});
