import { AsyncLocalStorage } from 'node:async_hooks';
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

/** The call a stream carries, as UnaryChannel runs it: what to send, and where the stream's one outcome goes. */
export interface StreamedCall<Prepared> {
  readonly path: string;
  readonly request: Buffer;
  readonly metadata: MetadataPairs;
  readonly maxReceiveBytes: number;
  readonly prepare: Prepare<Prepared> | undefined;
  answered(answer: UnaryAnswer<Prepared>): void;
  /** `unsent`: the server cannot have seen the call, so it is safe to try elsewhere. */
  failed(status: CallStatus, unsent: boolean): void;
}

/**
 * One unary call's HTTP/2 stream on `connection`: the framed request out, the answer and status
 * judged as they come, the outcome reported to `call` once. `remainingMs` is the time left until
 * the deadline (Infinity for none).
 */
export function startCallStream<Prepared>(connection: Connection, call: StreamedCall<Prepared>, remainingMs: number): ClientHttp2Stream | undefined {
  // A flat list, as node:http2 takes it without copying it into an object first (it adds :scheme
  // and :authority), made at its final size rather than grown.
  const { metadata } = call;
  const timed = Number.isFinite(remainingMs);
  const fixed = timed ? 10 : 8;
  const headers = new Array<string>(fixed + metadata.length);
  headers[0] = ':method';
  headers[1] = 'POST';
  headers[2] = ':path';
  headers[3] = call.path;
  headers[4] = 'content-type';
  headers[5] = 'application/grpc';
  headers[6] = 'te';
  headers[7] = 'trailers';
  if (timed) {
    headers[8] = 'grpc-timeout';
    headers[9] = `${Math.max(1, Math.ceil(remainingMs))}m`;
  }
  for (let index = 0; index < metadata.length; index++) headers[fixed + index] = metadata[index]!;
  let stream: ClientHttp2Stream;
  try {
    stream = outsideAnyRequest(openStream, connection, headers);
  } catch (error) {
    // Out of stream ids, or closing: nothing was sent; this connection takes no more calls.
    connection.draining = true;
    const status = failure(grpcStatus.UNAVAILABLE, `Connection dropped: ${(error as Error).message}`);
    queueMicrotask(() => call.failed(status, true));
    return undefined;
  }
  const state = new CallStream(stream, connection, call);
  (stream as TaggedStream)[callStreamOf] = state;
  if (Number.isFinite(remainingMs)) state.timer = setTimeout(onDeadline, remainingMs, state);
  // Listeners shared by every call (the stream is `this`), so a call allocates no closures for them.
  stream.on('response', onResponse);
  stream.on('trailers', onTrailers);
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', ignoreError);
  stream.on('close', onClose);
  writeMessage(stream, call.request);
  return stream;
}

/**
 * Runs a function in the async context this module was loaded in, which holds nothing of any
 * request. A stream remembers the async context it was started in (node:http2 makes it an async
 * resource) and, as onClose says, outlives its call: started in the request's context, it kept the
 * request's trace context and spans from being collected young. Nothing the stream's listeners do
 * reads the active context; the caller's continuations run in the caller's context as before.
 */
const outsideAnyRequest = AsyncLocalStorage.snapshot();
const openStream = (connection: Connection, headers: string[]) => connection.session.request(headers);

const callStreamOf = Symbol('call stream');
/** A stream and its call until it closes (see onClose). */
type TaggedStream = ClientHttp2Stream & { [callStreamOf]: CallStream<unknown> | undefined };
const stateOf = (stream: ClientHttp2Stream) => (stream as TaggedStream)[callStreamOf]!;

/** What one stream has received so far, and whether its outcome went out. */
class CallStream<Prepared> {
  readonly stream: ClientHttp2Stream;
  readonly connection: Connection;
  readonly call: StreamedCall<Prepared>;
  responseHeaders: IncomingHttpHeaders | undefined = undefined;
  trailers: IncomingHttpHeaders | undefined = undefined;
  readonly chunks: Buffer[] = [];
  received = 0;
  /** The framed size the first 5 bytes announce (compressed or not), once they are in. */
  announced = -1;
  /** How many bytes were in when `prepare` ran (-1: it has not, or it threw), and what it made. */
  preparedOf = -1;
  prepared: Prepared | undefined = undefined;
  finished = false;
  timer: NodeJS.Timeout | undefined = undefined;

  constructor(stream: ClientHttp2Stream, connection: Connection, call: StreamedCall<Prepared>) {
    this.stream = stream;
    this.connection = connection;
    this.call = call;
  }

  fail(status: CallStatus, unsent = false): void {
    if (this.end()) this.call.failed(status, unsent);
  }

  /** True the first time: the outcome is this caller's to report. */
  end(): boolean {
    if (this.finished) return false;
    this.finished = true;
    // Answered before the request was all sent (a refusal, say): stop sending, and free the stream.
    const { stream } = this;
    if (!stream.writableFinished && !stream.closed) stream.close(constants.NGHTTP2_CANCEL);
    return true;
  }

  settle(): void {
    if (this.finished) return;
    const { chunks, received } = this;
    const headers = this.responseHeaders!;
    const status = statusOfStream(headers, this.trailers, this.stream.rstCode);
    if (status) return this.fail(status);
    const body = singleMessage(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    if ('problem' in body) return this.fail(failure(grpcStatus.INTERNAL, `the server answered a unary call with ${body.problem}`));
    const answer: UnaryAnswer<Prepared> =
      this.preparedOf === received ? { message: body.message, headers, prepared: this.prepared as Prepared } : { message: body.message, headers };
    if (this.end()) this.call.answered(answer);
  }
}

function onDeadline(state: CallStream<unknown>): void {
  state.stream.close(constants.NGHTTP2_CANCEL);
  state.fail(failure(grpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded'));
}

function onResponse(this: ClientHttp2Stream, headers: IncomingHttpHeaders): void {
  stateOf(this).responseHeaders = headers;
}

function onTrailers(this: ClientHttp2Stream, trailers: IncomingHttpHeaders): void {
  stateOf(this).trailers = trailers;
}

function onData(this: ClientHttp2Stream, chunk: Buffer): void {
  const state = stateOf(this);
  const { chunks, call } = state;
  const received = (state.received += chunk.length);
  if (received > call.maxReceiveBytes + prefixBytes) {
    this.close(constants.NGHTTP2_CANCEL);
    state.fail(failure(grpcStatus.RESOURCE_EXHAUSTED, `Received message larger than max (${received} vs. ${call.maxReceiveBytes})`));
    return;
  }
  chunks.push(chunk);
  if (state.announced < 0 && received >= prefixBytes) state.announced = framedLength(chunks.length === 1 ? chunk : Buffer.concat(chunks, received));
  if (call.prepare && received === state.announced && chunks[0]![0] === 0) {
    // The whole message is in; joined once here, so it is not joined again at the end.
    const whole = chunks.length === 1 ? chunk : Buffer.concat(chunks, received);
    chunks.splice(0, chunks.length, whole);
    try {
      state.prepared = call.prepare(whole.subarray(prefixBytes));
      state.preparedOf = received;
    } catch {
      // The answer is judged again once the status is in; whatever failed here fails there.
    }
  }
}

/** The status is final once the stream has ended with it: no need to wait for 'close'. */
function onEnd(this: ClientHttp2Stream): void {
  const state = stateOf(this);
  const headers = state.responseHeaders;
  if (headers === undefined || (state.trailers ?? headers)['grpc-status'] === undefined) return;
  state.settle();
}

/** Every failure also ends in 'close', where it is judged; without a listener an error would throw. */
function ignoreError(): void {}

/**
 * The deadline timer outlives an answer settled on 'end': it still closes a stream the server
 * answered without reading (and without resetting), as it always did.
 */
function onClose(this: ClientHttp2Stream): void {
  const state = stateOf(this);
  clearTimeout(state.timer);
  // The stream outlives its close: node:http2 keeps it reachable from native code until the next
  // full collection, as scavenges treat that as a root. Whatever it still points to (the call, its
  // answer, the HTTP exchange behind its closures) would be promoted with it and freed only by a
  // mark-compact: with the link kept, each request promoted ~5 KB and the gateway spent a fifth
  // more CPU per request, most of it in GC.
  (this as TaggedStream)[callStreamOf] = undefined;
  if (state.responseHeaders === undefined) {
    // REFUSED_STREAM, or a connection that never came up: the server cannot have seen the call.
    const { connection } = state;
    const unsent = this.rstCode === constants.NGHTTP2_REFUSED_STREAM || !connection.connected;
    const message = connection.connected ? `Connection dropped (HTTP/2 code ${this.rstCode})` : 'No connection established';
    state.fail(failure(grpcStatus.UNAVAILABLE, message), unsent);
    return;
  }
  if (state.trailers === undefined && state.responseHeaders['grpc-status'] === undefined && this.session?.destroyed !== false) {
    // Answered headers, then the connection went (the server process killed): no status will come.
    // As grpc-js reports it, UNAVAILABLE, not the INTERNAL of a stream the server itself reset.
    state.fail(failure(grpcStatus.UNAVAILABLE, `Connection dropped (HTTP/2 code ${this.rstCode})`), false);
    return;
  }
  state.settle();
}
