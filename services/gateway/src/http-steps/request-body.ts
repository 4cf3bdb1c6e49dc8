import { bodyless, emptyBody, readBody, type BodyLimits } from '../read-body.ts';
import { required, type HttpStep } from './http-step.ts';

/** Reads the body the route takes, within its limits: 413 past them, 408 when it trickles (see read-body.ts). */
export function requestBodyStep(limits: BodyLimits): HttpStep {
  return (next) => (request, response, exchange) => {
    const { rpc } = required(exchange.route, 'route').target;
    // A GET has nothing to wait for: the next step runs in the same turn.
    if (bodyless(request, rpc)) {
      exchange.body = emptyBody;
      return next(request, response, exchange);
    }
    // A client that asked to "Expect: 100-continue" sends its body only once told to: after the
    // route, the token, the rate limit and the declared length passed.
    return readBody(request, rpc, limits, () => {
      if (request.headers.expect?.toLowerCase() === '100-continue') response.writeContinue();
    }).then((body) => {
      exchange.body = body;
      return next(request, response, exchange);
    });
  };
}
