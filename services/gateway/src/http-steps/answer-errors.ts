import type { HttpStep } from './http-step.ts';

/** From here on the work is asynchronous: whatever a later step throws is answered as google.rpc.Status. */
export function answerErrorsStep(): HttpStep {
  return (next) => (request, response, exchange) => {
    // Not an async function: a request whose steps all ran in this turn costs no promise here.
    let pending: void | Promise<void>;
    try {
      pending = next(request, response, exchange);
    } catch (error) {
      exchange.fail(error);
      return;
    }
    return pending?.then(undefined, (error: unknown) => exchange.fail(error));
  };
}
