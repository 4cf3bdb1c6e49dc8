import type { HttpStep } from './http-step.ts';

/** Answers a token the authenticate step refused (401), now that the rate limit has counted the request. */
export function tokenRefusalStep(): HttpStep {
  return (next) => (request, response, exchange) => {
    if (exchange.tokenRefusal !== undefined) throw exchange.tokenRefusal;
    return next(request, response, exchange);
  };
}
