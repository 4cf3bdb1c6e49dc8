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
  if (isUnreachableDependency(error)) return Code.UNAVAILABLE;
  if (isUnstorableText(error)) return Code.INVALID_ARGUMENT;
  if (isStatementTimeout(error)) return Code.DEADLINE_EXCEEDED;
  return Code.INTERNAL;
}

/**
 * The server boundary: a ShineError keeps its code and message; a status from a downstream gRPC call
 * passes through; an unreachable database is UNAVAILABLE (a retry may succeed); anything else is
 * logged with its stack and sent as INTERNAL "internal error", so internals never reach clients.
 * Messages are cut to 1 KiB.
 */
export function toStatusObject(error: unknown, logger: Logger): StatusObject {
  const metadata = new Metadata();
  if (error instanceof ShineError) {
    if (error.code === Code.INTERNAL || error.code === Code.UNKNOWN) {
      logger.error({ err: error.cause ?? error }, 'call failed: %s', error.message);
    }
    if (error.reason) metadata.set(reasonMetadataKey, error.reason);
    return { code: error.code, details: shortened(error.message), metadata };
  }
  if (isGrpcStatus(error)) {
    return { code: error.code, details: shortened(error.details), metadata };
  }
  if (isUnreachableDependency(error)) {
    logger.warn({ err: error }, 'call failed: a dependency is unreachable');
    metadata.set(reasonMetadataKey, 'DEPENDENCY_UNAVAILABLE');
    return { code: Code.UNAVAILABLE, details: 'a service this call needs (its database) cannot be reached right now; try again shortly', metadata };
  }
  if (isStatementTimeout(error)) {
    logger.warn({ err: error }, 'call failed: a database statement ran out of time');
    metadata.set(reasonMetadataKey, 'DEPENDENCY_TIMEOUT');
    return { code: Code.DEADLINE_EXCEEDED, details: 'the database did not answer in time; try again shortly', metadata };
  }
  if (isUnstorableText(error)) {
    metadata.set(reasonMetadataKey, 'INVALID_CHARACTER');
    return { code: Code.INVALID_ARGUMENT, details: 'the request holds text with a character that cannot be stored (a NUL, \\u0000): remove it', metadata };
  }
  logger.error({ err: error }, 'call failed with an unexpected error');
  return { code: Code.INTERNAL, details: 'internal error', metadata };
}

/** PostgreSQL cancelling a statement past its statement_timeout (57014). */
function isStatementTimeout(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === '57014';
}

/** PostgreSQL refusing a string it cannot hold (22021: a NUL in UTF-8 text; 22P05: untranslatable). */
function isUnstorableText(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && (code === '22021' || code === '22P05');
}

// The status message travels in an HTTP/2 header: one that quotes a 100 KB value back would break
// the stream (the caller would see INTERNAL "RST_STREAM" instead of the refusal).
const MAX_DETAILS_LENGTH = 1024;

const SHORTENED = '… (message shortened)';

function shortened(details: string): string {
  return details.length <= MAX_DETAILS_LENGTH ? details : `${details.slice(0, MAX_DETAILS_LENGTH - SHORTENED.length)}${SHORTENED}`;
}

// Connection failures (Node's socket errors) and PostgreSQL's "cannot serve now" classes: 08
// connection exceptions, 53300 too many connections, 57P01-57P03 shutting down or starting up.
const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', '53300', '57P01', '57P02', '57P03']);

/** Whether an error says a dependency (the database) could not be reached, which a retry may fix. */
function isUnreachableDependency(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (unreachableCodes.has(code) || code.startsWith('08'))) return true;
  // pg-pool when no connection frees up in time, and pg when the server went away mid-query.
  return /timeout exceeded when trying to connect|Connection terminated unexpectedly/.test(error.message);
}

/** An error from a grpc-js client call (ServiceError): numeric code plus details. */
function isGrpcStatus(error: unknown): error is { code: Code; details: string } {
  if (typeof error !== 'object' || error === null) return false;
  const { code, details } = error as { code?: unknown; details?: unknown };
  return typeof code === 'number' && codeName(code) !== `CODE_${code}` && code !== Code.OK && typeof details === 'string';
}
