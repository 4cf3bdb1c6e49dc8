import type { CompiledRoute } from '../compiled-route.ts';
import type { Cors } from '../cors.ts';
import type { RouteTable } from '../route-table.ts';
import type { HttpStep } from './http-step.ts';

/** Answers a browser's CORS preflight (OPTIONS with Access-Control-Request-Method) with the path's methods. */
export function corsPreflightStep(cors: Cors, table: RouteTable<CompiledRoute>): HttpStep {
  return (next) => (request, response, exchange) => {
    if (exchange.method === 'OPTIONS' && cors.preflight(request, response, () => allowedMethods(table, exchange.path))) {
      exchange.label = 'preflight';
      return;
    }
    return next(request, response, exchange);
  };
}

function allowedMethods(table: RouteTable<CompiledRoute>, path: string): string[] {
  const match = table.match('OPTIONS', path);
  return match.kind === 'method-not-allowed' ? [...match.allowed] : [];
}
