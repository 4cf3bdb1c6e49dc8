import { once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { Code } from './code.ts';
import { toStatusObject } from './grpc-status.ts';
import {
  applyInterceptors,
  type CallContext,
  type CallHandler,
  type Interceptor,
  type ServerCall,
  type ServerStreamHandler,
  type UnaryHandler,
} from './server-call.ts';
import { ShineError } from './shine-error.ts';

type RequestOf<M> = M extends { requestDeserialize: (bytes: Buffer) => infer Request } ? Request : never;
type ResponseOf<M> = M extends { responseSerialize: (value: infer Response) => Buffer } ? Response : never;

/** Handlers for every method of a generated service definition, unary or server-streaming by the proto. */
export type ServiceHandlers<Definition extends grpc.ServiceDefinition> = {
  [Name in keyof Definition]: Definition[Name] extends { responseStream: false }
    ? UnaryHandler<RequestOf<Definition[Name]>, ResponseOf<Definition[Name]>>
    : Definition[Name] extends { responseStream: true }
      ? ServerStreamHandler<RequestOf<Definition[Name]>, ResponseOf<Definition[Name]>>
      : // An untyped definition (proto-loader) says only `boolean`: either kind type-checks.
        | UnaryHandler<RequestOf<Definition[Name]>, ResponseOf<Definition[Name]>>
        | ServerStreamHandler<RequestOf<Definition[Name]>, ResponseOf<Definition[Name]>>;
};

export interface ServiceRegistration {
  definition: grpc.ServiceDefinition;
  handlers: Record<string, UnaryHandler<never, unknown> | ServerStreamHandler<never, unknown>>;
}

/** Pairs a generated definition with its handlers, checking at compile time that every method is served. */
export function serve<Definition extends grpc.ServiceDefinition>(
  definition: Definition,
  handlers: ServiceHandlers<Definition>,
): ServiceRegistration {
  return { definition, handlers: handlers as ServiceRegistration['handlers'] };
}

export interface HandlerAdapterOptions {
  interceptors: readonly Interceptor[];
  logger: Logger;
  /** Deadline for calls that arrive without one. */
  defaultDeadlineMs: number;
}

/** "shine.palette.v1.PaletteService" from "/shine.palette.v1.PaletteService/GetPalette". */
export function serviceNameOf(definition: grpc.ServiceDefinition): string {
  const first = Object.values(definition)[0];
  if (!first) throw new Error('a service definition without methods cannot be served');
  return first.path.split('/')[1] ?? '';
}

/** Turns our handlers into grpc-js handlers with the interceptor chain around each call. */
export function adaptService(
  registration: ServiceRegistration,
  options: HandlerAdapterOptions,
): grpc.UntypedServiceImplementation {
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [key, method] of Object.entries(registration.definition)) {
    const handler = registration.handlers[key];
    if (!handler) throw new Error(`no handler for ${method.path}`);
    if (method.requestStream) throw new Error(`${method.path}: client streaming is not supported`);
    const [, service = '', name = ''] = method.path.split('/');
    const kind = method.responseStream ? 'server_stream' : 'unary';
    const logger = options.logger.child({ grpc_method: name });
    const unary: CallHandler = (call) => (handler as UnaryHandler<unknown, unknown>)(call.request, call.context);
    const unaryChain = applyInterceptors(unary, options.interceptors);

    implementation[key] = method.responseStream
      ? (grpcCall: grpc.ServerWritableStream<unknown, unknown>) => {
          const { context, settled } = callContext(grpcCall, logger, options.defaultDeadlineMs);
          const streamHandler = handler as ServerStreamHandler<unknown, unknown>;
          const chain = applyInterceptors((call) => writeStream(grpcCall, streamHandler, call), options.interceptors);
          chain({ service, method: name, kind, request: grpcCall.request, context })
            .finally(settled)
            .then(
              () => grpcCall.end(),
              (error: unknown) => grpcCall.emit('error', toStatusObject(error, logger)),
            );
        }
      : (grpcCall: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
          const { context, settled } = callContext(grpcCall, logger, options.defaultDeadlineMs);
          unaryChain({ service, method: name, kind, request: grpcCall.request, context })
            .finally(settled)
            .then(
              (response) => callback(null, response),
              (error: unknown) => callback(toStatusObject(error, logger)),
            );
        };
  }
  return implementation;
}

/** Writes what the handler yields, waiting for the socket when it is full and stopping when the call ends. */
async function writeStream(
  stream: grpc.ServerWritableStream<unknown, unknown>,
  handler: ServerStreamHandler<unknown, unknown>,
  call: ServerCall,
): Promise<void> {
  for await (const message of handler(call.request, call.context)) {
    if (call.context.signal.aborted) break;
    if (!stream.write(message)) await once(stream, 'drain', { signal: call.context.signal });
  }
}

/**
 * One call's context, and `settled` to call once its answer (or its stream's end) is on its way.
 * The signal aborts with a ShineError saying why: the deadline passed, or the client cancelled (or
 * the server was forced down). One timer per call, cleared when the call settles: with
 * AbortSignal.timeout, whose timer cannot be cleared, every call's signal and all it reached stayed
 * in memory until the call's deadline (30 s by default), so a service answering 8 000 calls a second
 * grew to 700-900 MB.
 */
function callContext(
  grpcCall: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>,
  logger: Logger,
  defaultDeadlineMs: number,
): { context: CallContext; settled: () => void } {
  const deadline = effectiveDeadline(grpcCall.getDeadline(), defaultDeadlineMs);
  const controller = new AbortController();
  const remaining = Math.max(0, deadline.getTime() - Date.now());
  // Past setTimeout's range (~24.8 days) a deadline is as good as none.
  const timer = remaining <= maxTimerMs ? setTimeout(abortAtDeadline, remaining, controller).unref() : undefined;
  // grpc-js reports the end of every call's stream as 'cancelled', answered or not: only one that
  // ends before its answer was cancelled. A client whose deadline passed cancels a little before
  // the server's copy of it expires (that copy starts when the call arrives): a cancellation that
  // close to the deadline is the deadline.
  const onCancelled = () => {
    clearTimeout(timer);
    controller.abort(
      Date.now() >= deadline.getTime() - deadlineSkewMs
        ? new ShineError(Code.DEADLINE_EXCEEDED, 'the deadline passed before the call finished')
        : new ShineError(Code.CANCELLED, 'the client cancelled the call'),
    );
  };
  grpcCall.once('cancelled', onCancelled);
  const settled = () => {
    clearTimeout(timer);
    grpcCall.removeListener('cancelled', onCancelled);
  };
  const context: CallContext = { signal: controller.signal, deadline, metadata: grpcCall.metadata, logger, peer: grpcCall.getPeer() };
  return { context, settled };
}

function abortAtDeadline(controller: AbortController): void {
  controller.abort(new ShineError(Code.DEADLINE_EXCEEDED, 'the deadline passed before the call finished'));
}

const maxTimerMs = 2 ** 31 - 1;
const deadlineSkewMs = 50;

function effectiveDeadline(deadline: grpc.Deadline, defaultDeadlineMs: number): Date {
  const fallback = Date.now() + defaultDeadlineMs;
  if (deadline instanceof Date) return deadline;
  return Number.isFinite(deadline) ? new Date(deadline) : new Date(fallback);
}
