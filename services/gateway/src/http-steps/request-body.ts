import { bodyLimits, readBody } from '../read-body.ts';
import { required, type HttpStep } from './http-step.ts';

/** Reads the body the route takes, within the upload limits: 413 past them (see read-body.ts). */
export function requestBodyStep(maxUploadBytes: number): HttpStep {
  const limits = bodyLimits(maxUploadBytes);
  return (next) => async (request, response, exchange) => {
    // A client that asked to "Expect: 100-continue" sends its body only once told to: after the
    // route, the token, the rate limit and the declared length passed.
    exchange.body = await readBody(request, required(exchange.route, 'route').target.rpc, limits, () => {
      if (request.headers.expect?.toLowerCase() === '100-continue') response.writeContinue();
    });
    return next(request, response, exchange);
  };
}
