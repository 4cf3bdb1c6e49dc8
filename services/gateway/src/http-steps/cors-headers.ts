import type { Cors } from '../cors.ts';
import type { HttpStep } from './http-step.ts';

/** Lets an allowed browser origin read whatever the request is answered with, errors included. */
export function corsHeadersStep(cors: Cors): HttpStep {
  return (next) => (request, response, exchange) => {
    cors.decorate(request, response);
    return next(request, response, exchange);
  };
}
