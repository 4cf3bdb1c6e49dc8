import { lookup } from 'node:dns/promises';
import { connect, constants, type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import { isIP, connect as connectSocket } from 'node:net';
import { Metadata, status as grpcStatus, type StatusObject } from '@grpc/grpc-js';

/**
 * Unary gRPC calls straight over node:http2, for the gateway's hot path.
 *
 * A unary call is one HTTP/2 POST: a 5-byte frame header and the message out, headers, one framed
 * message and `grpc-status` trailers back. grpc-js wraps that in resolver, load-balancer, retry,
 * filter and interceptor layers that cost the gateway about a quarter of its CPU per request; this
 * keeps what the gateway needs of them: every address the target names or resolves to, round-robin
 * over them, keepalive pings, re-resolution, deadlines (`grpc-timeout` and a local timer),
 * cancellation, and one transparent retry for a call the server never saw. Server streaming stays
 * on grpc-js, where its extra layers are paid once per stream.
 */
export interface UnaryChannelOptions {
  /** Ping an idle-or-busy connection this often (ms); default 30 000, as the platform's grpc-js clients. */
  readonly keepaliveMs?: number;
  /** Close a connection whose ping is not answered within this (ms); default 10 000. */
  readonly keepaliveTimeoutMs?: number;
  /** Resolve the name again this often (ms), so pods added behind a headless Service get calls; default 30 000. */
  readonly reresolveMs?: number;
  /** Refuse answers larger than this; default 110 MiB, as the platform's clients. */
  readonly maxReceiveBytes?: number;
  /** Refuse to send requests larger than this; default 110 MiB. */
  readonly maxSendBytes?: number;
  /** Wait this long before reconnecting to an address that just failed (ms); default 1 000. */
  readonly reconnectBackoffMs?: number;
  /** Give up on a connection not made within this (ms), so calls waiting on it go elsewhere; default 5 000. */
  readonly connectTimeoutMs?: number;
}

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

/** What a failed call rejects with: the shape of a grpc-js status, so one error mapping serves both. */
export type CallStatus = StatusObject;

interface Address {
  readonly key: string;
  readonly authority: string;
  readonly connectOptions: { readonly host: string; readonly port: number } | { readonly path: string };
}

interface Connection {
  readonly session: ClientHttp2Session;
  /** Set once the server's SETTINGS arrived: a stream that fails before that never reached a working server. */
  connected: boolean;
  /** Set on GOAWAY or close: no new streams. */
  draining: boolean;
  /** Settles when the handshake is done (true) or the connection failed first (false). */
  readonly ready: Promise<boolean>;
}

const { HTTP2_HEADER_METHOD, HTTP2_HEADER_PATH, HTTP2_HEADER_CONTENT_TYPE, HTTP2_HEADER_TE, HTTP2_HEADER_STATUS } = constants;

export class UnaryChannel {
  readonly #target: string;
  readonly #options: Required<UnaryChannelOptions>;
  #addresses: Address[] = [];
  #resolving: Promise<void> | undefined;
  #resolvedAt = 0;
  #resolveError: Error | undefined;
  readonly #connections = new Map<string, Connection>();
  readonly #failedUntil = new Map<string, number>();
  #next = 0;
  #closed = false;

  /** `target`: "host:port" or "dns:///host:port" (every A/AAAA record), "ipv4:a:p,b:p", "ipv6:[a]:p", "unix:/path". */
  constructor(target: string, options: UnaryChannelOptions = {}) {
    this.#target = target;
    this.#options = {
      keepaliveMs: options.keepaliveMs ?? 30_000,
      keepaliveTimeoutMs: options.keepaliveTimeoutMs ?? 10_000,
      reresolveMs: options.reresolveMs ?? 30_000,
      maxReceiveBytes: options.maxReceiveBytes ?? 110 * 1024 * 1024,
      maxSendBytes: options.maxSendBytes ?? 110 * 1024 * 1024,
      reconnectBackoffMs: options.reconnectBackoffMs ?? 1_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    };
    const fixed = fixedAddresses(target);
    if (fixed) {
      this.#addresses = fixed;
      this.#resolvedAt = Number.POSITIVE_INFINITY;
    }
  }

  /**
   * One unary call. `deadline` is epoch ms (Infinity for none). The promise rejects with a
   * CallStatus; `cancel()` ends the call with CANCELLED (the HTTP client went away).
   */
  call<Prepared = never>(
    path: string,
    request: Buffer,
    metadata: Metadata,
    deadline: number,
    prepare?: Prepare<Prepared>,
  ): { result: Promise<UnaryAnswer<Prepared>>; cancel: () => void } {
    let cancelled = false;
    let stream: ClientHttp2Stream | undefined;
    let rejectCall: (status: CallStatus) => void = () => {};
    const result = new Promise<UnaryAnswer<Prepared>>((resolve, reject) => {
      rejectCall = reject;
      if (request.length > this.#options.maxSendBytes) {
        reject(failure(grpcStatus.RESOURCE_EXHAUSTED, `Attempted to send message with a size larger than ${this.#options.maxSendBytes}`));
        return;
      }
      const send = (connection: Connection, retriesLeft: number) => {
        if (cancelled) return;
        const remaining = deadline - Date.now();
        if (remaining <= 0) return reject(failure(grpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded before the call started'));
        stream = this.#start(connection, path, request, metadata, remaining, prepare, (outcome) => {
          if (cancelled) return;
          if (outcome.kind === 'answer') resolve(outcome.answer);
          else if (outcome.kind === 'unsent' && retriesLeft > 0 && !this.#closed) attempt(retriesLeft - 1);
          else reject(outcome.status);
        });
      };
      const attempt = (retriesLeft: number) => {
        // The usual case, a connection up and the name fresh, starts the stream in this same turn.
        const ready = this.#connectedNow();
        if (ready) return send(ready, retriesLeft);
        this.#pick().then(
          (connection) => send(connection, retriesLeft),
          (error: Error) => reject(failure(grpcStatus.UNAVAILABLE, `Name resolution failed for ${this.#target}: ${error.message}`)),
        );
      };
      attempt(1);
    });
    const cancel = () => {
      if (cancelled) return;
      cancelled = true;
      stream?.close(constants.NGHTTP2_CANCEL);
      rejectCall(failure(grpcStatus.CANCELLED, 'Cancelled on client'));
    };
    return { result, cancel };
  }

  close(): void {
    this.#closed = true;
    for (const connection of this.#connections.values()) connection.session.close();
    this.#connections.clear();
  }

  /** A stream on `connection`, reporting once: an answer, a status, or "never reached the server". */
  #start<Prepared>(
    connection: Connection,
    path: string,
    request: Buffer,
    metadata: Metadata,
    remainingMs: number,
    prepare: Prepare<Prepared> | undefined,
    done: (outcome: { kind: 'answer'; answer: UnaryAnswer<Prepared> } | { kind: 'status' | 'unsent'; status: CallStatus }) => void,
  ): ClientHttp2Stream | undefined {
    const headers: Record<string, string | string[]> = {
      ...(metadata.toHttp2Headers() as Record<string, string | string[]>),
      [HTTP2_HEADER_METHOD]: 'POST',
      [HTTP2_HEADER_PATH]: path,
      [HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
      [HTTP2_HEADER_TE]: 'trailers',
    };
    if (Number.isFinite(remainingMs)) headers['grpc-timeout'] = `${Math.max(1, Math.ceil(remainingMs))}m`;
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
    let framedLength = -1;
    let prepared: { readonly of: number; readonly value: Prepared } | undefined;
    let finished = false;
    const finish = (outcome: Parameters<typeof done>[0]) => {
      if (finished) return;
      finished = true;
      // Answered before the request was all sent (a refusal, say): stop sending, and free the stream.
      if (stream && !stream.writableFinished && !stream.closed) stream.close(constants.NGHTTP2_CANCEL);
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
      if (received > this.#options.maxReceiveBytes + 5) {
        stream.close(constants.NGHTTP2_CANCEL);
        finish({ kind: 'status', status: failure(grpcStatus.RESOURCE_EXHAUSTED, `Received message larger than max (${received} vs. ${this.#options.maxReceiveBytes})`) });
        return;
      }
      chunks.push(chunk);
      if (framedLength < 0 && received >= 5) {
        const head = chunks.length === 1 ? chunk : Buffer.concat(chunks, received);
        framedLength = 5 + head.readUInt32BE(1);
      }
      if (prepare && received === framedLength && chunks[0]![0] === 0) {
        // The whole message is in; joined once here, so it is not joined again at the end.
        const whole = chunks.length === 1 ? chunk : Buffer.concat(chunks, received);
        chunks.splice(0, chunks.length, whole);
        try {
          prepared = { of: received, value: prepare(whole.subarray(5)) };
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
      const outcome = outcomeOf<Prepared>(responseHeaders!, trailers, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received), stream.rstCode);
      if (outcome.kind === 'answer' && prepared?.of === received) finish({ kind: 'answer', answer: { ...outcome.answer, prepared: prepared.value } });
      else finish(outcome);
    };
    // A small message goes out as one buffer; a large one (an upload) without copying it again.
    if (request.length <= oneBufferLimit) stream.end(frame(request));
    else {
      stream.write(lengthPrefix(request.length));
      stream.end(request);
    }
    return stream;
  }

  /**
   * The next connected address round-robin when one is up and the name needs no fresh lookup;
   * else undefined. An address passed over with no connection (new after a lookup, or dropped)
   * gets one started, unless it is in back-off, so it joins the rotation once it is up.
   */
  #connectedNow(): Connection | undefined {
    const addresses = this.#addresses;
    const now = Date.now();
    if (this.#closed || addresses.length === 0 || now - this.#resolvedAt > this.#options.reresolveMs) return undefined;
    for (let tried = 0; tried < addresses.length; tried++) {
      const address = addresses[this.#next++ % addresses.length]!;
      const connection = this.#connections.get(address.key);
      if (connection && !connection.draining && !connection.session.destroyed) {
        if (connection.connected) return connection;
      } else if ((this.#failedUntil.get(address.key) ?? 0) <= now) {
        this.#connectionTo(address);
      }
    }
    return undefined;
  }

  /**
   * The next connected address round-robin, as grpc-js's round_robin picks only READY subchannels:
   * a call never waits on a connection still being made (or never to be made, to a vanished pod)
   * while another is up. Every address not in back-off gets a connection under way; with none up
   * yet, the call waits for the first to come up.
   */
  async #pick(): Promise<Connection> {
    if (this.#closed) throw new Error('the channel is closed');
    if (Date.now() - this.#resolvedAt > this.#options.reresolveMs || this.#addresses.length === 0) await this.#resolve();
    const addresses = this.#addresses;
    if (addresses.length === 0) throw this.#resolveError ?? new Error('no addresses');
    const now = Date.now();
    const connecting: Connection[] = [];
    for (let tried = 0; tried < addresses.length; tried++) {
      const address = addresses[this.#next++ % addresses.length]!;
      if ((this.#failedUntil.get(address.key) ?? 0) > now) continue;
      const connection = this.#connectionTo(address);
      if (connection.connected) return connection;
      connecting.push(connection);
    }
    // Every address is in back-off: try one anyway rather than fail without trying.
    if (connecting.length === 0) connecting.push(this.#connectionTo(addresses[this.#next++ % addresses.length]!));
    return (await firstUp(connecting)) ?? connecting[0]!;
  }

  #connectionTo(address: Address): Connection {
    const existing = this.#connections.get(address.key);
    if (existing && !existing.draining && !existing.session.destroyed) return existing;
    const session =
      'path' in address.connectOptions
        ? connect(`http://${address.authority}`, { createConnection: () => connectSocket((address.connectOptions as { path: string }).path) })
        : connect(`http://${address.authority}`, { host: address.connectOptions.host, port: address.connectOptions.port });
    let settle: (up: boolean) => void = () => {};
    const connection: Connection = { session, connected: false, draining: false, ready: new Promise((resolve) => (settle = resolve)) };
    this.#connections.set(address.key, connection);
    const forget = () => {
      settle(false);
      connection.draining = true;
      clearTimeout(connectTimer);
      clearInterval(keepalive);
      if (this.#connections.get(address.key) === connection) this.#connections.delete(address.key);
    };
    const connectTimer = setTimeout(() => session.destroy(new Error('connection timed out')), this.#options.connectTimeoutMs);
    connectTimer.unref();
    // Up once the server's SETTINGS arrive, as grpc-js judges READY; a bare TCP accept is not enough.
    session.once('remoteSettings', () => {
      clearTimeout(connectTimer);
      connection.connected = true;
      settle(true);
      this.#failedUntil.delete(address.key);
    });
    session.on('error', () => {
      if (!connection.connected) this.#failedUntil.set(address.key, Date.now() + this.#options.reconnectBackoffMs);
      // A dead address may have been replaced: look the name up again on the next call.
      if (this.#resolvedAt !== Number.POSITIVE_INFINITY) this.#resolvedAt = 0;
    });
    session.on('goaway', forget);
    session.on('close', forget);
    const keepalive = setInterval(() => {
      if (!connection.connected || session.destroyed) return;
      const timeout = setTimeout(() => session.destroy(new Error('keepalive ping not answered')), this.#options.keepaliveTimeoutMs);
      timeout.unref();
      const sent = session.ping((error) => {
        clearTimeout(timeout);
        if (error) session.destroy(error);
      });
      if (!sent) clearTimeout(timeout);
    }, this.#options.keepaliveMs);
    keepalive.unref();
    session.unref();
    return connection;
  }

  #resolve(): Promise<void> {
    this.#resolving ??= (async () => {
      try {
        this.#addresses = await resolveName(this.#target);
        this.#resolveError = undefined;
        // A pod the name no longer lists gets no more calls; let its connection go.
        const current = new Set(this.#addresses.map((address) => address.key));
        for (const [key, connection] of this.#connections) {
          if (!current.has(key)) {
            connection.draining = true;
            connection.session.close();
          }
        }
      } catch (error) {
        this.#resolveError = error as Error;
      } finally {
        this.#resolvedAt = Date.now();
        this.#resolving = undefined;
      }
    })();
    return this.#resolving;
  }
}

/** The first of these connections to come up; undefined when all fail. */
function firstUp(connections: readonly Connection[]): Promise<Connection | undefined> {
  return new Promise((resolve) => {
    let failed = 0;
    for (const connection of connections) {
      void connection.ready.then((up) => {
        if (up) resolve(connection);
        else if (++failed === connections.length) resolve(undefined);
      });
    }
  });
}

function failure(code: grpcStatus, details: string, metadata = new Metadata()): CallStatus {
  return { code, details, metadata };
}

/** A message as a gRPC length-prefixed frame: no compression flag, 4-byte big-endian length. */
const oneBufferLimit = 64 * 1024;

/** The 5 bytes before a gRPC message: no compression flag, then its length. */
function lengthPrefix(length: number): Buffer {
  const prefix = Buffer.allocUnsafe(5);
  prefix[0] = 0;
  prefix.writeUInt32BE(length, 1);
  return prefix;
}

/** A small message with its prefix, as one buffer for one write (one allocation, one copy). */
function frame(message: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(5 + message.length);
  framed[0] = 0;
  framed.writeUInt32BE(message.length, 1);
  message.copy(framed, 5);
  return framed;
}

/** Judges a finished stream by the gRPC-over-HTTP/2 rules: status from trailers (or trailers-only headers), else from HTTP. */
function outcomeOf<Prepared>(
  headers: IncomingHttpHeaders,
  trailers: IncomingHttpHeaders | undefined,
  body: Buffer,
  rstCode: number,
): { kind: 'answer'; answer: UnaryAnswer<Prepared> } | { kind: 'status'; status: CallStatus } {
  const statusSource = trailers?.['grpc-status'] !== undefined ? trailers : headers['grpc-status'] !== undefined ? headers : undefined;
  if (statusSource === undefined) {
    const httpStatus = Number(headers[HTTP2_HEADER_STATUS]);
    if (httpStatus !== 200) return { kind: 'status', status: failure(codeForHttpStatus(httpStatus), `Received HTTP status code ${httpStatus}`) };
    return { kind: 'status', status: failure(grpcStatus.INTERNAL, `Received RST_STREAM with code ${rstCode}`) };
  }
  const code = Number(statusSource['grpc-status']) as grpcStatus;
  if (code !== grpcStatus.OK) {
    const metadata = Metadata.fromHttp2Headers(statusSource);
    metadata.remove('grpc-status');
    metadata.remove('grpc-message');
    return { kind: 'status', status: failure(code, grpcMessage(statusSource['grpc-message']), metadata) };
  }
  if (body.length < 5 || body[0] !== 0 || body.readUInt32BE(1) !== body.length - 5) {
    const reason = body.length >= 5 && body[0] !== 0 ? 'a compressed message, though no compression was agreed' : 'not exactly one message';
    return { kind: 'status', status: failure(grpcStatus.INTERNAL, `the server answered a unary call with ${reason}`) };
  }
  return { kind: 'answer', answer: { message: body.subarray(5), headers } };
}

/** grpc-message is percent-encoded; a malformed one is shown as sent. */
function grpcMessage(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The gRPC spec's mapping for a response without grpc-status. */
function codeForHttpStatus(httpStatus: number): grpcStatus {
  switch (httpStatus) {
    case 400:
      return grpcStatus.INTERNAL;
    case 401:
      return grpcStatus.UNAUTHENTICATED;
    case 403:
      return grpcStatus.PERMISSION_DENIED;
    case 404:
      return grpcStatus.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return grpcStatus.UNAVAILABLE;
    default:
      return grpcStatus.UNKNOWN;
  }
}

/** Addresses a target names outright (no lookup); undefined for a name to resolve. */
function fixedAddresses(target: string): Address[] | undefined {
  if (target.startsWith('unix:')) {
    const path = target.slice(target.startsWith('unix://') ? 'unix://'.length : 'unix:'.length);
    return [{ key: target, authority: 'localhost', connectOptions: { path } }];
  }
  const list = /^ipv[46]:(.*)$/.exec(target)?.[1];
  if (list !== undefined) return list.split(',').map((entry) => addressOf(splitHostPort(entry.trim())));
  const { host, port } = splitHostPort(nameOf(target));
  return isIP(host) ? [addressOf({ host, port })] : undefined;
}

async function resolveName(target: string): Promise<Address[]> {
  const { host, port } = splitHostPort(nameOf(target));
  const records = await lookup(host, { all: true });
  return records.map((record) => addressOf({ host: record.address, port }));
}

/** "name:port" from "dns:///name:port", "dns:name:port" or a bare "name:port". */
function nameOf(target: string): string {
  return target.replace(/^dns:(\/\/[^/]*\/)?/, '');
}

function splitHostPort(text: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1]!, port: Number(bracketed[2] ?? 443) };
  const colon = text.lastIndexOf(':');
  if (colon < 0 || text.indexOf(':') !== colon) return { host: text, port: 443 };
  return { host: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
}

function addressOf({ host, port }: { host: string; port: number }): Address {
  const authority = isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  return { key: authority, authority, connectOptions: { host, port } };
}
