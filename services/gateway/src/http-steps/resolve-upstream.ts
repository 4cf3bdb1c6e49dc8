import { Code, ShineError } from '@shine/platform';
import { serviceLabel, type Upstreams } from '../upstream.ts';
import { required, type HttpStep } from './http-step.ts';

/** Finds the route's service, or answers 503 before any body is read when it is not deployed here. */
export function resolveUpstreamStep(upstreams: Upstreams): HttpStep {
  return (next) => (request, response, exchange) => {
    const serviceName = required(exchange.route, 'route').target.rpc.service.typeName;
    const upstream = upstreams.clientFor(serviceName);
    if (!upstream) {
      throw new ShineError(Code.UNAVAILABLE, `the ${serviceLabel(serviceName)} service is not deployed here`, { reason: 'SERVICE_NOT_CONFIGURED' });
    }
    exchange.upstream = upstream;
    return next(request, response, exchange);
  };
}
