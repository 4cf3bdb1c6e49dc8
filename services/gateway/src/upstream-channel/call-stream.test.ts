// One call's stream as UnaryChannel runs it: the answer prepared while its status is on its way,
// and a stream the server answered without reading.
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { once } from 'node:events';
import { connect, createServer as createHttp2Server, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { soon, statusOf } from '../test-fixtures/call-outcome.ts';
import { startCallStream, type StreamedCall } from './call-stream.ts';
import { UnaryChannel } from './unary-channel.ts';

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
      const answer = await channel.call('/test.v1.Raw/Echo', Buffer.from('q'), [], soon(), (message) => {
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
      const status = await statusOf(channel.call('/test.v1.Raw/Broken', Buffer.from('q'), [], soon(), () => ++prepared).result);
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
      const answer = await channel.call('/test.v1.Raw/Echo', Buffer.from('q'), [], soon(), () => {
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
      const status = await statusOf(channel.call('/test.v1.Raw/Unread', Buffer.alloc(2_000_000), [], soon()).result);
      assert.equal(status.code, grpc.status.INVALID_ARGUMENT);
      assert.ok(performance.now() - started < 400, `answered after ${(performance.now() - started).toFixed(0)} ms`);
      for (let wait = 0; wait < 100 && unreadClosedAt === 0; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(unreadClosedAt > 0, 'the stream was closed at once, not left sending until the deadline');
    } finally {
      channel.close();
    }
  });

  it('lets go of the call once its stream has closed, and never holds the request\'s async context', async () => {
    // node:http2 keeps a closed stream reachable until a full collection: a stream that still
    // pointed at its call would drag the call, its answer and the HTTP exchange into the old
    // generation with it on every request.
    const session = connect(`http://127.0.0.1:${port}`);
    try {
      const answered = Promise.withResolvers<void>();
      const call: StreamedCall<never> = {
        path: '/test.v1.Raw/Echo',
        request: Buffer.from([0, 0, 0, 0, 1, 113]),
        metadata: [],
        maxReceiveBytes: 1024,
        prepare: undefined,
        answered: () => answered.resolve(),
        failed: (status) => answered.reject(new Error(status.details)),
      };
      // Started inside a request's async context, as the gateway starts every call.
      const requestContext = new AsyncLocalStorage<{ request: string }>();
      const stream = requestContext.run({ request: 'GET /v1/palettes' }, () =>
        startCallStream({ session, connected: true, draining: false, ready: Promise.resolve(true) }, call, 5_000),
      )!;
      let contextInStream: unknown = 'not seen';
      stream.once('response', () => (contextInStream = requestContext.getStore()));
      const reachesCall = () =>
        [...Object.getOwnPropertySymbols(stream), ...Object.keys(stream)].some((key) => {
          const value = (stream as unknown as Record<PropertyKey, unknown>)[key];
          return value === call || (typeof value === 'object' && value !== null && Object.values(value).includes(call));
        });
      assert.ok(reachesCall(), 'while the call runs, its stream knows it');
      await Promise.all([answered.promise, once(stream, 'close')]);
      assert.equal(reachesCall(), false, 'the closed stream still reaches its call');
      assert.equal(contextInStream, undefined, "the stream holds the request's async context (and its spans)");
    } finally {
      session.close();
    }
  });
});
