import type { IncomingMessage } from 'node:http';
import { Code, ShineError } from '@shine/platform';
import type { RateLimiter } from '../rate-limit.ts';
import type { HttpStep } from './http-step.ts';

/**
 * A token bucket per signed-in subject, else per client address (refused tokens included), so
 * nobody gets unlimited calls or signature checks: over the limit is a 429 with Retry-After.
 */
export function limitRateStep(rateLimiter: RateLimiter | undefined, trustProxy: boolean): HttpStep {
  if (!rateLimiter) return (next) => next;
  return (next) => (request, response, exchange) => {
    const key = exchange.principal ? `subject:${exchange.principal.subject}` : `address:${clientAddressOf(request, trustProxy)}`;
    const decision = rateLimiter.take(key);
    if (!decision.allowed) {
      const whose = exchange.principal ? 'for this subject' : 'from this address';
      const message = `too many requests ${whose} (the limit is ${rateLimiter.description}): retry in ${decision.retryAfterSeconds} s`;
      const error = new ShineError(Code.RESOURCE_EXHAUSTED, message, { reason: 'RATE_LIMITED' });
      exchange.fail(error, { retryAfterSeconds: decision.retryAfterSeconds });
      return;
    }
    return next(request, response, exchange);
  };
}

function clientAddressOf(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  // The entry the proxy in front added is the last: everything left of it the client wrote itself.
  if (trustProxy && typeof forwarded === 'string') return forwarded.slice(forwarded.lastIndexOf(',') + 1).trim() || (request.socket.remoteAddress ?? 'unknown');
  return request.socket.remoteAddress ?? 'unknown';
}
