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
  return databaseFailureOf(error)?.code ?? Code.INTERNAL;
}

/**
 * The server boundary: a ShineError keeps its code and message; a status from a downstream gRPC call
 * passes through; a database that cannot serve the call gets a code a client can act on (see
 * databaseFailureOf); anything else is logged with its stack and sent as INTERNAL "internal error",
 * so internals never reach clients. Messages are cut to 1 KiB.
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
  const failure = databaseFailureOf(error);
  if (failure) {
    if (failure.code !== Code.INVALID_ARGUMENT) logger.warn({ err: error }, 'call failed: %s', failure.reason);
    metadata.set(reasonMetadataKey, failure.reason);
    return { code: failure.code, details: failure.details, metadata };
  }
  logger.error({ err: error }, 'call failed with an unexpected error');
  return { code: Code.INTERNAL, details: 'internal error', metadata };
}

interface DatabaseFailure {
  readonly code: Code;
  readonly reason: string;
  readonly details: string;
}

// Connection failures (Node's socket errors) and PostgreSQL's "cannot serve now" classes: 08
// connection exceptions, 53300 too many connections, 57P01-57P03 shutting down or starting up.
const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', '53300', '57P01', '57P02', '57P03']);

const unreachable: DatabaseFailure = {
  code: Code.UNAVAILABLE,
  reason: 'DEPENDENCY_UNAVAILABLE',
  details: 'a service this call needs (its database) cannot be reached right now; try again shortly',
};
const outOfTime: DatabaseFailure = { code: Code.DEADLINE_EXCEEDED, reason: 'DEPENDENCY_TIMEOUT', details: 'the database did not answer in time; try again shortly' };
const unstorable: DatabaseFailure = {
  code: Code.INVALID_ARGUMENT,
  reason: 'INVALID_CHARACTER',
  details: 'the request holds text with a character that cannot be stored (a NUL, \\u0000): remove it',
};

/**
 * What a database (or connection) error means to the caller, without naming the database's address:
 * unreachable or not serving yet is UNAVAILABLE (a retry may succeed), a statement cancelled by
 * statement_timeout (57014) DEADLINE_EXCEEDED, text PostgreSQL cannot hold (22021 a NUL in UTF-8,
 * 22P05 untranslatable) INVALID_ARGUMENT. Undefined for any other error.
 */
function databaseFailureOf(error: unknown): DatabaseFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (code === '57014') return outOfTime;
  if (code === '22021' || code === '22P05') return unstorable;
  if (typeof code === 'string' && (unreachableCodes.has(code) || code.startsWith('08'))) return unreachable;
  // pg-pool when no connection frees up in time, and pg when the server went away mid-query.
  if (/timeout exceeded when trying to connect|Connection terminated unexpectedly/.test(error.message)) return unreachable;
  return undefined;
}

// The status message travels in an HTTP/2 header: one that quotes a 100 KB value back would break
// the stream (the caller would see INTERNAL "RST_STREAM" instead of the refusal).
const MAX_DETAILS_LENGTH = 1024;

const SHORTENED = '… (message shortened)';

function shortened(details: string): string {
  return details.length <= MAX_DETAILS_LENGTH ? details : `${details.slice(0, MAX_DETAILS_LENGTH - SHORTENED.length)}${SHORTENED}`;
}

/** An error from a grpc-js client call (ServiceError): numeric code plus details. */
function isGrpcStatus(error: unknown): error is { code: Code; details: string } {
  if (typeof error !== 'object' || error === null) return false;
  const { code, details } = error as { code?: unknown; details?: unknown };
  return typeof code === 'number' && codeName(code) !== `CODE_${code}` && code !== Code.OK && typeof details === 'string';
}
