import { constants, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import { status as grpcStatus } from '@grpc/grpc-js';
import { failure, statusOfStream, type CallStatus } from './call-status.ts';
import type { Connection } from './connection-pool.ts';
import { framedLength, prefixBytes, singleMessage, writeMessage } from './framing.ts';
import type { MetadataPairs } from './metadata-pairs.ts';

/** A successful call: the one response message and the server's response headers, as received. */
export interface UnaryAnswer<Prepared = never> {
  readonly message: Buffer;
  readonly headers: IncomingHttpHeaders;
  /** What `prepare` made of the message while the status was on its way; undefined if it threw. */
  readonly prepared?: Prepared;
}

/**
 * Work on the answer to do while its status is on its way: a grpc-js server sends the status in a
 * later turn than the message, 0.1-0.2 ms later on an idle machine. It runs once the whole message
 * is in, and its result is kept only if the status is OK; if it throws, the answer comes without it.
 */
export type Prepare<Prepared> = (message: Buffer) => Prepared;

/** How one stream ended: an answer, a status, or "never reached the server" (safe to try elsewhere). */
export type StreamOutcome<Prepared> = { kind: 'answer'; answer: UnaryAnswer<Prepared> } | { kind: 'status' | 'unsent'; status: CallStatus };

export interface CallStreamOptions<Prepared> {
  path: string;
  request: Buffer;
  metadata: MetadataPairs;
  /** Time left until the deadline (ms); Infinity for none. */
  remainingMs: number;
  maxReceiveBytes: number;
  prepare: Prepare<Prepared> | undefined;
  /** Called once, with how the stream ended. */
  done: (outcome: StreamOutcome<Prepared>) => void;
}

/** One unary call's HTTP/2 stream on `connection`: the framed request out, the answer and status judged as they come. */
export function startCallStream<Prepared>(connection: Connection, options: CallStreamOptions<Prepared>): ClientHttp2Stream | undefined {
  const { remainingMs, maxReceiveBytes, prepare, done } = options;
  // A flat list, as node:http2 takes it without copying it into an object first (it adds :scheme and :authority).
  const headers = [':method', 'POST', ':path', options.path, 'content-type', 'application/grpc', 'te', 'trailers'];
  if (Number.isFinite(remainingMs)) headers.push('grpc-timeout', `${Math.max(1, Math.ceil(remainingMs))}m`);
  const { metadata } = options;
  for (let index = 0; index < metadata.length; index++) headers.push(metadata[index]!);
  let stream: ClientHttp2Stream;
  try {
    stream = connection.session.request(headers);
  } catch (error) {
    // Out of stream ids, or closing: nothing was sent; this connection takes no more calls.
    connection.draining = true;
    const status = failure(grpcStatus.UNAVAILABLE, `Connection dropped: ${(error as Error).message}`);
    queueMicrotask(() => done({ kind: 'unsent', status }));
    return undefined;
  }
  let responseHeaders: IncomingHttpHeaders | undefined;
  let trailers: IncomingHttpHeaders | undefined;
  const chunks: Buffer[] = [];
  let received = 0;
  // The framed size the first 5 bytes announce (compressed or not), once they are in.
  let announced = -1;
  let prepared: { readonly of: number; readonly value: Prepared } | undefined;
  let finished = false;
  const finish = (outcome: StreamOutcome<Prepared>) => {
    if (finished) return;
    finished = true;
    // Answered before the request was all sent (a refusal, say): stop sending, and free the stream.
    if (!stream.writableFinished && !stream.closed) stream.close(constants.NGHTTP2_CANCEL);
    done(outcome);
  };
  const timer = Number.isFinite(remainingMs)
    ? setTimeout(() => {
        stream.close(constants.NGHTTP2_CANCEL);
        finish({ kind: 'status', status: failure(grpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded') });
      }, remainingMs)
    : undefined;

  stream.on('response', (received) => (responseHeaders = received));
  stream.on('trailers', (received) => (trailers = received));
  stream.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > maxReceiveBytes + prefixBytes) {
      stream.close(constants.NGHTTP2_CANCEL);
      finish({ kind: 'status', status: failure(grpcStatus.RESOURCE_EXHAUSTED, `Received message larger than max (${received} vs. ${maxReceiveBytes})`) });
      return;
    }
    chunks.push(chunk);
    if (announced < 0 && received >= prefixBytes) announced = framedLength(chunks.length === 1 ? chunk : Buffer.concat(chunks, received));
    if (prepare && received === announced && chunks[0]![0] === 0) {
      // The whole message is in; joined once here, so it is not joined again at the end.
      const whole = chunks.length === 1 ? chunk : Buffer.concat(chunks, received);
      chunks.splice(0, chunks.length, whole);
      try {
        prepared = { of: received, value: prepare(whole.subarray(prefixBytes)) };
      } catch {
        // The answer is judged again once the status is in; whatever failed here fails there.
      }
    }
  });
  // The status is final once the stream has ended with it: no need to wait for 'close'.
  stream.on('end', () => {
    if (responseHeaders === undefined || (trailers ?? responseHeaders)['grpc-status'] === undefined) return;
    settle();
  });
  // Every failure also ends in 'close', where it is judged; without a listener an error would throw.
  stream.on('error', () => {});
  // The deadline timer outlives an answer settled on 'end': it still closes a stream the server
  // answered without reading (and without resetting), as it always did.
  stream.on('close', () => {
    clearTimeout(timer);
    if (responseHeaders === undefined) {
      // REFUSED_STREAM, or a connection that never came up: the server cannot have seen the call.
      const unsent = stream.rstCode === constants.NGHTTP2_REFUSED_STREAM || !connection.connected;
      const message = connection.connected ? `Connection dropped (HTTP/2 code ${stream.rstCode})` : 'No connection established';
      finish({ kind: unsent ? 'unsent' : 'status', status: failure(grpcStatus.UNAVAILABLE, message) });
      return;
    }
    settle();
  });
  const settle = () => {
    if (finished) return;
    const status = statusOfStream(responseHeaders!, trailers, stream.rstCode);
    if (status) return finish({ kind: 'status', status });
    const body = singleMessage(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    if ('problem' in body) {
      return finish({ kind: 'status', status: failure(grpcStatus.INTERNAL, `the server answered a unary call with ${body.problem}`) });
    }
    const answer: UnaryAnswer<Prepared> = prepared?.of === received ? { message: body.message, headers: responseHeaders!, prepared: prepared.value } : { message: body.message, headers: responseHeaders! };
    finish({ kind: 'answer', answer });
  };
  writeMessage(stream, options.request);
  return stream;
}
