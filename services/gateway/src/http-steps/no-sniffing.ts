import type { HttpStep } from './http-step.ts';

/**
 * Every answer says its Content-Type is final: a browser must not guess HTML from a JSON error
 * that echoes what a caller sent (`<script>` in a field), nor a script from an uploaded photo.
 */
export function noSniffingStep(): HttpStep {
  return (next) => (request, response, exchange) => {
    response.setHeader('x-content-type-options', 'nosniff');
    return next(request, response, exchange);
  };
}
