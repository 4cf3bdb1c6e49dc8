import type { CompiledRoute } from '../compiled-route.ts';
import type { Cors } from '../cors.ts';
import type { RouteTable } from '../route-table.ts';
import type { HttpStep } from './http-step.ts';

/** Answers a browser's CORS preflight (OPTIONS with Access-Control-Request-Method) with the path's methods, or refuses it as JSON. */
export function corsPreflightStep(cors: Cors, table: RouteTable<CompiledRoute>): HttpStep {
  return (next) => (request, response, exchange) => {
    if (exchange.method !== 'OPTIONS') return next(request, response, exchange);
    const answer = cors.preflight(request, response, () => allowedMethods(table, exchange.path));
    if (answer === 'not-preflight') return next(request, response, exchange);
    exchange.label = 'preflight';
    if (answer === 'answered') return;
    // A refusal differs by origin: caches must not hand one origin's answer to another.
    response.setHeader('vary', 'Origin');
    exchange.fail(answer);
  };
}

function allowedMethods(table: RouteTable<CompiledRoute>, path: string): string[] {
  const match = table.match('OPTIONS', path);
  return match.kind === 'method-not-allowed' ? [...match.allowed] : [];
}
