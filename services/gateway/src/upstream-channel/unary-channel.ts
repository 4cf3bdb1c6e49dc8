import { constants, type ClientHttp2Stream } from 'node:http2';
import { status as grpcStatus, type ChannelOptions } from '@grpc/grpc-js';
import { defaultChannelOptions } from '@shine/platform';
import { failure, type CallStatus } from './call-status.ts';
import { startCallStream, type Prepare, type StreamedCall, type UnaryAnswer } from './call-stream.ts';
import { ConnectionPool, NoConnection, type Connection } from './connection-pool.ts';
import type { MetadataPairs } from './metadata-pairs.ts';

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
  /** Ping an idle-or-busy connection this often (ms); default the platform's grpc.keepalive_time_ms. */
  readonly keepaliveMs?: number;
  /** Close a connection whose ping is not answered within this (ms); default the platform's grpc.keepalive_timeout_ms. */
  readonly keepaliveTimeoutMs?: number;
  /** Resolve the name again this often (ms), so pods added behind a headless Service get calls; default 30 000, as grpc-js. */
  readonly reresolveMs?: number;
  /** Refuse answers larger than this; default the platform's grpc.max_receive_message_length. */
  readonly maxReceiveBytes?: number;
  /** Refuse to send requests larger than this; default the platform's grpc.max_send_message_length. */
  readonly maxSendBytes?: number;
  /** Wait this long before reconnecting to an address that just failed (ms); default 1 000, as grpc-js. */
  readonly reconnectBackoffMs?: number;
  /** Give up on a connection not made within this (ms), so calls waiting on it go elsewhere; default 5 000. */
  readonly connectTimeoutMs?: number;
}

/** The grpc-js channel options this channel honours, and its names for them. */
const channelOptionKeys = {
  keepaliveMs: 'grpc.keepalive_time_ms',
  keepaliveTimeoutMs: 'grpc.keepalive_timeout_ms',
  maxSendBytes: 'grpc.max_send_message_length',
  maxReceiveBytes: 'grpc.max_receive_message_length',
} as const;

/** The grpc-js channel options this channel honours, as its own options (the keys given only). */
export function unaryChannelOptions(channelOptions: ChannelOptions): UnaryChannelOptions {
  return Object.fromEntries(
    Object.entries(channelOptionKeys).flatMap(([name, key]) => (typeof channelOptions[key] === 'number' ? [[name, channelOptions[key] as number]] : [])),
  );
}

/** Keepalive and message limits from the platform's channel options, as every service's grpc-js clients have them. */
function platformDefaults(): Required<Pick<UnaryChannelOptions, keyof typeof channelOptionKeys>> {
  const options = unaryChannelOptions(defaultChannelOptions);
  const missing = Object.entries(channelOptionKeys).filter(([name]) => !(name in options));
  if (missing.length > 0) throw new Error(`the platform's defaultChannelOptions lack ${missing.map(([, key]) => key).join(', ')}`);
  return options as Required<Pick<UnaryChannelOptions, keyof typeof channelOptionKeys>>;
}

const defaults: Required<UnaryChannelOptions> = {
  ...platformDefaults(),
  // grpc-js's own defaults for what the platform does not set.
  reresolveMs: 30_000,
  reconnectBackoffMs: 1_000,
  connectTimeoutMs: 5_000,
};

export class UnaryChannel {
  readonly #target: string;
  readonly #maxSendBytes: number;
  readonly #maxReceiveBytes: number;
  readonly #pool: ConnectionPool;

  /** `target`: "host:port" or "dns:///host:port" (every A/AAAA record), "ipv4:a:p,b:p", "ipv6:[a]:p", "unix:/path". */
  constructor(target: string, options: UnaryChannelOptions = {}) {
    const settings = { ...defaults, ...options };
    this.#target = target;
    this.#maxSendBytes = settings.maxSendBytes;
    this.#maxReceiveBytes = settings.maxReceiveBytes;
    this.#pool = new ConnectionPool(target, settings);
  }

  /**
   * One unary call. `deadline` is epoch ms (Infinity for none). The promise rejects with a
   * CallStatus; `cancel()` ends the call with CANCELLED (the HTTP client went away), and does
   * nothing once the call has its outcome.
   */
  call<Prepared = never>(
    path: string,
    request: Buffer,
    metadata: MetadataPairs,
    deadline: number,
    prepare?: Prepare<Prepared>,
  ): { result: Promise<UnaryAnswer<Prepared>>; cancel: () => void } {
    const call = new UnaryCall(this.#pool, this.#target, this.#maxReceiveBytes, path, request, metadata, deadline, prepare);
    if (request.length > this.#maxSendBytes) {
      call.failed(failure(grpcStatus.RESOURCE_EXHAUSTED, `Attempted to send message with a size larger than ${this.#maxSendBytes}`), false);
    } else {
      call.attempt();
    }
    return call;
  }

  close(): void {
    this.#pool.close();
  }
}

/** One call through its attempts: one transparent retry elsewhere when the server never saw it. */
class UnaryCall<Prepared> implements StreamedCall<Prepared> {
  readonly result: Promise<UnaryAnswer<Prepared>>;
  readonly path: string;
  readonly request: Buffer;
  readonly metadata: MetadataPairs;
  readonly maxReceiveBytes: number;
  readonly prepare: Prepare<Prepared> | undefined;
  readonly #pool: ConnectionPool;
  readonly #target: string;
  readonly #deadline: number;
  #resolve!: (answer: UnaryAnswer<Prepared>) => void;
  #reject!: (status: CallStatus) => void;
  #stream: ClientHttp2Stream | undefined = undefined;
  #retriesLeft = 1;
  #settled = false;

  constructor(
    pool: ConnectionPool,
    target: string,
    maxReceiveBytes: number,
    path: string,
    request: Buffer,
    metadata: MetadataPairs,
    deadline: number,
    prepare: Prepare<Prepared> | undefined,
  ) {
    this.#pool = pool;
    this.#target = target;
    this.maxReceiveBytes = maxReceiveBytes;
    this.path = path;
    this.request = request;
    this.metadata = metadata;
    this.#deadline = deadline;
    this.prepare = prepare;
    this.result = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** A field, not a method: whoever may cancel (the HTTP response's 'close') holds this one function. */
  readonly cancel = (): void => {
    if (this.#settled) return;
    this.#stream?.close(constants.NGHTTP2_CANCEL);
    this.failed(failure(grpcStatus.CANCELLED, 'Cancelled on client'), false);
  };

  attempt(): void {
    // The usual case, a connection up and the name fresh, starts the stream in this same turn.
    const ready = this.#pool.connectedNow();
    if (ready) return this.#send(ready);
    // The deadline covers connecting too: a server that accepts TCP but never answers (a frozen
    // process) must cost the caller its deadline, not the pool's connect timeout.
    const remainingMs = this.#deadline - Date.now();
    const timer = Number.isFinite(remainingMs)
      ? setTimeout(() => this.failed(failure(grpcStatus.DEADLINE_EXCEEDED, `Deadline exceeded while connecting to ${this.#target}`), false), Math.max(0, remainingMs))
      : undefined;
    this.#pool.pick().then(
      (connection) => {
        clearTimeout(timer);
        this.#send(connection);
      },
      (error: Error) => {
        clearTimeout(timer);
        const details = error instanceof NoConnection ? error.message : `Name resolution failed for ${this.#target}: ${error.message}`;
        this.failed(failure(grpcStatus.UNAVAILABLE, details), false);
      },
    );
  }

  answered(answer: UnaryAnswer<Prepared>): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#resolve(answer);
  }

  failed(status: CallStatus, unsent: boolean): void {
    if (this.#settled) return;
    if (unsent && this.#retriesLeft > 0 && !this.#pool.closed) {
      this.#retriesLeft -= 1;
      return this.attempt();
    }
    this.#settled = true;
    this.#reject(status);
  }

  #send(connection: Connection): void {
    if (this.#settled) return;
    const remainingMs = this.#deadline - Date.now();
    if (remainingMs <= 0) return this.failed(failure(grpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded before the call started'), false);
    this.#stream = startCallStream(connection, this, remainingMs);
  }
}
