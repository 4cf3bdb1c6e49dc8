import { context, propagation, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Span, type SpanOptions } from '@opentelemetry/api';
import * as grpc from '@grpc/grpc-js';
import { Code, createClient, ShineError, type ClientOptions } from '@shine/platform';
import type { CallStatus } from './upstream-channel/call-status.ts';
import type { Prepare, UnaryAnswer } from './upstream-channel/call-stream.ts';
import { setPair, type MetadataPairs } from './upstream-channel/metadata-pairs.ts';
import { UnaryChannel, unaryChannelOptions } from './upstream-channel/unary-channel.ts';

const passThrough = (bytes: Buffer) => bytes;

/** How the gateway reaches one upstream address. */
export interface Upstream {
  /** Unary calls, the gateway's hot path: straight over node:http2 (see UnaryChannel). */
  readonly unary: UnaryChannel;
  /** Server-streaming calls go through grpc-js, connected on first use. */
  streaming(): grpc.Client;
}

/**
 * One upstream per address: its unary channel and, for streams, a grpc-js channel with the
 * platform's round-robin and keepalive. Both see every address the name resolves to (a headless
 * Service lists each pod). Calls are generic: the gateway encodes and decodes with the
 * descriptors, so the channels only move Buffers.
 */
export class Upstreams {
  private readonly upstreams = new Map<string, Upstream & { readonly close: () => void }>();
  private readonly addresses: ReadonlyMap<string, string>;
  private readonly options: ClientOptions;

  /** `addresses` maps a full service name ("shine.palette.v1.PaletteService") to "host:port" or a grpc-js target. */
  constructor(addresses: ReadonlyMap<string, string>, options: ClientOptions = {}) {
    this.addresses = addresses;
    this.options = options;
  }

  /** The upstream for a service, or undefined when no address is configured for it. */
  clientFor(serviceName: string): Upstream | undefined {
    const address = this.addresses.get(serviceName);
    if (address === undefined) return undefined;
    let upstream = this.upstreams.get(address);
    if (!upstream) {
      // Made once per address, so a request asks for its upstream without allocating.
      const unary = new UnaryChannel(address, unaryChannelOptions(this.options.channelOptions ?? {}));
      let streamingClient: grpc.Client | undefined;
      upstream = {
        unary,
        streaming: () => (streamingClient ??= createClient(grpc.Client, address, this.options)),
        close: () => {
          unary.close();
          streamingClient?.close();
        },
      };
      this.upstreams.set(address, upstream);
    }
    return upstream;
  }

  close(): void {
    for (const upstream of this.upstreams.values()) upstream.close();
    this.upstreams.clear();
  }
}

const tracer = trace.getTracer('@shine/gateway');
const metadataSetter = { set: setPair };

/** Each RPC's span name and attributes, made on its first call (the span copies attributes, so one object serves every span). */
const spanOptionsByPath = new Map<string, { name: string; attributes: Attributes }>();

function spanOptionsOf(grpcPath: string, service: string): { name: string; attributes: Attributes } {
  let known = spanOptionsByPath.get(grpcPath);
  if (!known) {
    const attributes = { 'rpc.system': 'grpc', 'rpc.service': service, 'rpc.method': grpcPath.slice(grpcPath.lastIndexOf('/') + 1) };
    known = { name: `grpc.${grpcPath.slice(1)}`, attributes };
    spanOptionsByPath.set(grpcPath, known);
  }
  return known;
}

const clientSpan: SpanOptions = { kind: SpanKind.CLIENT };

/**
 * One unary call with raw bytes; the returned cancel() ends it (the HTTP client went away). The
 * call gets a client span, named and described as the grpc-js instrumentation names its own, and
 * carries it to the upstream in `traceparent`: one trace runs from the HTTP request through the
 * service.
 */
export function callUnary<Prepared = never>(
  upstream: Upstream,
  grpcPath: string,
  request: Buffer,
  metadata: MetadataPairs,
  deadline: number,
  service: string,
  prepare?: Prepare<Prepared>,
): { result: Promise<UnaryAnswer<Prepared>>; cancel: () => void } {
  const span = startClientSpan(grpcPath, service, metadata);
  const { result, cancel } = upstream.unary.call(grpcPath, request, metadata, deadline, prepare);
  if (!span) {
    return {
      result: result.catch((status: CallStatus) => {
        throw upstreamError(status, service);
      }),
      cancel,
    };
  }
  return {
    result: result.then(
      (answer) => {
        span.setAttribute('rpc.grpc.status_code', grpc.status.OK);
        span.end();
        return answer;
      },
      (status: CallStatus) => {
        span.setAttribute('rpc.grpc.status_code', status.code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: status.details });
        span.end();
        throw upstreamError(status, service);
      },
    ),
    cancel,
  };
}

/**
 * The call's client span, its context already in `metadata`. None without a propagator (no tracing
 * preload, or OTEL_PROPAGATORS=none: the server span step makes no span then either), and none in
 * a trace that is not sampled (a request the sampler left out): the request's own span context
 * goes upstream, marked unsampled, which is all a span would have carried, since every standard
 * sampler decides a child as its unsampled parent.
 */
function startClientSpan(grpcPath: string, service: string, metadata: MetadataPairs): Span | undefined {
  if (propagation.fields().length === 0) return undefined;
  const active = context.active();
  const parent = trace.getSpan(active);
  // Not recording and not sampled: a span that ended (its client left) is still a sampled trace's.
  if (parent && !parent.isRecording() && (parent.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) {
    propagation.inject(active, metadata, metadataSetter);
    return undefined;
  }
  const { name, attributes } = spanOptionsOf(grpcPath, service);
  // Attributes after the start, not in its options: the SDK validates and copies options' twice.
  const span = tracer.startSpan(name, clientSpan, active).setAttributes(attributes);
  propagation.inject(trace.setSpan(active, span), metadata, metadataSetter);
  return span;
}

/** A server-streaming call with raw bytes; its grpc-js errors go through upstreamError like unary ones. */
export function callServerStream(
  upstream: Upstream,
  grpcPath: string,
  request: Buffer,
  metadata: grpc.Metadata,
  deadline: number,
): grpc.ClientReadableStream<Buffer> {
  return upstream.streaming().makeServerStreamRequest(grpcPath, passThrough, passThrough, request, metadata, { deadline });
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
