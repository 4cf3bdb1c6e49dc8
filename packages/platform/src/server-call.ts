import type { Metadata } from '@grpc/grpc-js';
import type { Logger } from 'pino';

/** What a handler knows about the call it serves. */
export interface CallContext {
  /** Aborted when the client cancels, the deadline passes or the server is forced down. */
  readonly signal: AbortSignal;
  /** The effective deadline: the client's, or the server default when the client sent none. */
  readonly deadline: Date;
  readonly metadata: Metadata;
  /** Logger bound to this call (method, and trace ids when tracing is on). */
  readonly logger: Logger;
  readonly peer: string;
}

export type UnaryHandler<Request, Response> = (request: Request, context: CallContext) => Promise<Response>;
export type ServerStreamHandler<Request, Response> = (request: Request, context: CallContext) => AsyncIterable<Response>;

export type CallKind = 'unary' | 'server_stream';

/** One call as interceptors see it; `next` resolves with the response (unary) or when the stream ended. */
export interface ServerCall {
  /** Full service name, e.g. "shine.palette.v1.PaletteService". */
  readonly service: string;
  /** Method name as in the proto, e.g. "GetPalette". */
  readonly method: string;
  readonly kind: CallKind;
  readonly request: unknown;
  readonly context: CallContext;
}

export type CallHandler = (call: ServerCall) => Promise<unknown>;

/** A plain function around the next handler, as in connect-es: the first in a list is the outermost. */
export type Interceptor = (next: CallHandler) => CallHandler;

export function applyInterceptors(handler: CallHandler, interceptors: readonly Interceptor[]): CallHandler {
  return interceptors.reduceRight((next, interceptor) => interceptor(next), handler);
}
