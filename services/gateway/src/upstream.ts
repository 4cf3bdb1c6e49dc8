import * as grpc from '@grpc/grpc-js';
import { Code, createClient, ShineError, type ClientOptions } from '@shine/platform';

const passThrough = (bytes: Buffer) => bytes;

/**
 * One grpc-js channel per upstream address, with the platform's round-robin over every address the
 * name resolves to (a headless Service lists each pod) and keepalive. Calls are generic: the gateway
 * encodes and decodes with the descriptors, so grpc-js only moves Buffers.
 */
export class Upstreams {
  private readonly clients = new Map<string, grpc.Client>();
  private readonly addresses: ReadonlyMap<string, string>;
  private readonly options: ClientOptions;

  /** `addresses` maps a full service name ("shine.palette.v1.PaletteService") to "host:port". */
  constructor(addresses: ReadonlyMap<string, string>, options: ClientOptions = {}) {
    this.addresses = addresses;
    this.options = options;
  }

  /** The client for a service, or undefined when no address is configured for it. */
  clientFor(serviceName: string): grpc.Client | undefined {
    const address = this.addresses.get(serviceName);
    if (address === undefined) return undefined;
    let client = this.clients.get(address);
    if (!client) {
      client = createClient(grpc.Client, address, this.options);
      this.clients.set(address, client);
    }
    return client;
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}

export interface UnaryResult {
  message: Buffer;
  /** The upstream's response headers, some of which are forwarded. */
  headers: grpc.Metadata;
}

/** One unary call with raw bytes; the returned cancel() ends it (the HTTP client went away). */
export function callUnary(
  client: grpc.Client,
  grpcPath: string,
  request: Buffer,
  metadata: grpc.Metadata,
  deadline: number,
  service: string,
): { result: Promise<UnaryResult>; cancel: () => void } {
  let headers = new grpc.Metadata();
  let call: grpc.ClientUnaryCall | undefined;
  const result = new Promise<UnaryResult>((resolve, reject) => {
    // grpc-js captures the caller's stack on every call to decorate errors; the gateway turns errors
    // into HTTP answers and never shows that stack, and the capture was a tenth of its CPU per request.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      call = client.makeUnaryRequest(grpcPath, passThrough, passThrough, request, metadata, { deadline }, (error, message) => {
        if (error || !message) reject(upstreamError(error ?? { code: Code.INTERNAL, details: 'empty response', metadata: new grpc.Metadata() }, service));
        else resolve({ message, headers });
      });
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    call.on('metadata', (received: grpc.Metadata) => (headers = received));
  });
  return { result, cancel: () => call?.cancel() };
}

/** A server-streaming call with raw bytes; its grpc-js errors go through upstreamError like unary ones. */
export function callServerStream(
  client: grpc.Client,
  grpcPath: string,
  request: Buffer,
  metadata: grpc.Metadata,
  deadline: number,
): grpc.ClientReadableStream<Buffer> {
  return client.makeServerStreamRequest(grpcPath, passThrough, passThrough, request, metadata, { deadline });
}

/** Transport failures say nothing a client can use and may name internal addresses. */
const transportFailure = /No connection established|Name resolution failed|Connection dropped|ECONNREFUSED|ECONNRESET|Failed to connect/;

/** "palette" for "shine.palette.v1.PaletteService": how errors name an upstream to the public. */
export function serviceLabel(serviceName: string): string {
  const short = serviceName.slice(serviceName.lastIndexOf('.') + 1);
  return short.replace(/Service$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * A grpc-js status as a ShineError: code and message kept, the `shine-reason` trailer as reason.
 * Transport failures become "the X service is not available", an oversize message 413, not 429.
 */
export function upstreamError(status: Partial<grpc.StatusObject> & { code: number }, serviceName: string): ShineError {
  const details = status.details ?? '';
  const reasonValue = status.metadata?.get('shine-reason')[0];
  const reason = typeof reasonValue === 'string' ? reasonValue : undefined;
  const label = serviceLabel(serviceName);
  const options = { cause: status, ...(reason === undefined ? {} : { reason }) };
  if (status.code === Code.UNAVAILABLE && transportFailure.test(details)) {
    return new ShineError(Code.UNAVAILABLE, `the ${label} service is not available; try again later`, { ...options, reason: 'SERVICE_UNAVAILABLE' });
  }
  if (status.code === Code.RESOURCE_EXHAUSTED && /message.* larger than/.test(details)) {
    return new ShineError(Code.RESOURCE_EXHAUSTED, `the message is larger than the ${label} service accepts`, { ...options, reason: 'PAYLOAD_TOO_LARGE' });
  }
  if (status.code === Code.DEADLINE_EXCEEDED && reason === undefined) {
    return new ShineError(Code.DEADLINE_EXCEEDED, `the ${label} service did not answer in time`, options);
  }
  return new ShineError(status.code as Code, details || 'no details', options);
}
