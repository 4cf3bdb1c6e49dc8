import { Code, ShineError, wordList } from '@shine/platform';
import type { CompiledRoute } from '../compiled-route.ts';
import type { RouteTable } from '../route-table.ts';
import type { HttpStep } from './http-step.ts';

/** Finds the route of the method and path (its template becomes the label), or answers 404 / 405. */
export function matchRouteStep(table: RouteTable<CompiledRoute>): HttpStep {
  return (next) => (request, response, exchange) => {
    const { method, path } = exchange;
    const match = table.match(method, path);
    if (match.kind === 'not-found') {
      const meant = table.nearest(method, path);
      const meantMethod = meant && meant.httpMethod !== method ? `${meant.httpMethod} ` : '';
      const hint = meant ? `did you mean ${meantMethod}${meant.target.label}? (every route: /openapi.json)` : 'see /openapi.json';
      exchange.fail(new ShineError(Code.NOT_FOUND, `no route for ${method} ${path}: ${hint}`, { reason: 'ROUTE_NOT_FOUND' }));
      return;
    }
    if (match.kind === 'method-not-allowed') {
      const error = new ShineError(Code.UNIMPLEMENTED, `${path} does not take ${method}: use ${wordList(match.allowed, 'or')}`, { reason: 'METHOD_NOT_ALLOWED' });
      exchange.fail(error, { allow: match.allowed });
      return;
    }
    exchange.route = { target: match.entry.target, segments: match.segments };
    exchange.label = match.entry.target.label;
    return next(request, response, exchange);
  };
}
