import type { ServerResponse } from 'node:http';
import { Code, ShineError, statusJson, type Logger } from '@shine/platform';
import { httpStatusOf } from './status-to-http.ts';

export interface ErrorContext {
  requestId: string;
  logger: Logger;
  /** Seconds for Retry-After on a 429 or 503 when the error itself says nothing. */
  defaultRetryAfterSeconds: number;
  /** Methods for Allow on a 405. */
  allow?: readonly string[];
}

/**
 * Writes an error as JSON `google.rpc.Status` with the matching HTTP status. Anything that is not
 * a ShineError is logged with its stack and sent as INTERNAL "internal error", so no internals leak.
 */
export function sendError(response: ServerResponse, error: unknown, context: ErrorContext): void {
  const failure = toShineError(error, context.logger);
  const status = httpStatusOf(failure.code, failure.reason);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (status === 401) headers['www-authenticate'] = `Bearer realm="shine"${failure.reason === 'TOKEN_MISSING' ? '' : ', error="invalid_token"'}`;
  // A 503 (a dependency down, a process restarting) is as temporary as a 429: say when to come back.
  if (status === 429 || status === 503) headers['retry-after'] = String(retryAfterOf(failure) ?? context.defaultRetryAfterSeconds);
  if (status === 405 && context.allow) headers['allow'] = context.allow.join(', ');
  // A refused body is not read to its end: tell the client this connection is done.
  if (status === 413 || status === 408) headers['connection'] = 'close';
  if (response.destroyed || response.writableEnded) return;
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = statusJson({ code: failure.code, message: failure.message, reason: failure.reason, requestId: context.requestId });
  headers['content-length'] = String(Buffer.byteLength(body));
  response.writeHead(status, status === 499 ? 'Client Closed Request' : undefined, headers);
  response.end(body);
}

export function toShineError(error: unknown, logger: Logger): ShineError {
  if (error instanceof ShineError) {
    if (error.code === Code.INTERNAL && error.cause !== undefined && error.message === 'internal error') {
      logger.error({ err: error.cause }, 'request failed with an unexpected error');
    }
    return error;
  }
  logger.error({ err: error }, 'request failed with an unexpected error');
  return new ShineError(Code.INTERNAL, 'internal error', { cause: error });
}

/** Retry-After from the upstream's trailing metadata (`retry-after`, in seconds), when it sent one. */
function retryAfterOf(error: ShineError): number | undefined {
  const metadata = (error.cause as { metadata?: { get(key: string): unknown[] } } | undefined)?.metadata;
  const value = metadata?.get('retry-after')[0];
  const seconds = typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(seconds) && seconds >= 0 ? seconds : undefined;
}
