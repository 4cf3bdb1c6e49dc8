import { Metadata, type StatusObject } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { Code, codeName } from './code.ts';
import { ShineError } from './shine-error.ts';

/** Trailing metadata key carrying ShineError.reason, so clients can branch without parsing messages. */
export const reasonMetadataKey = 'shine-reason';

/** The code an error will be sent with; the metrics and logging interceptors label calls by it. */
export function statusCodeOf(error: unknown): Code {
  if (error instanceof ShineError) return error.code;
  if (isGrpcStatus(error)) return error.code;
  return Code.INTERNAL;
}

/**
 * The server boundary: a ShineError keeps its code and message; a status from a downstream gRPC call
 * passes through; anything else is logged with its stack and sent as INTERNAL "internal error",
 * so internals never reach clients.
 */
export function toStatusObject(error: unknown, logger: Logger): StatusObject {
  const metadata = new Metadata();
  if (error instanceof ShineError) {
    if (error.code === Code.INTERNAL || error.code === Code.UNKNOWN) {
      logger.error({ err: error.cause ?? error }, 'call failed: %s', error.message);
    }
    if (error.reason) metadata.set(reasonMetadataKey, error.reason);
    return { code: error.code, details: error.message, metadata };
  }
  if (isGrpcStatus(error)) {
    return { code: error.code, details: error.details, metadata };
  }
  logger.error({ err: error }, 'call failed with an unexpected error');
  return { code: Code.INTERNAL, details: 'internal error', metadata };
}

/** An error from a grpc-js client call (ServiceError): numeric code plus details. */
function isGrpcStatus(error: unknown): error is { code: Code; details: string } {
  if (typeof error !== 'object' || error === null) return false;
  const { code, details } = error as { code?: unknown; details?: unknown };
  return typeof code === 'number' && codeName(code) !== `CODE_${code}` && code !== Code.OK && typeof details === 'string';
}
