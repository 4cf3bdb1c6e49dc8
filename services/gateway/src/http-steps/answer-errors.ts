import type { HttpStep } from './http-step.ts';

/** From here on the work is asynchronous: whatever a later step throws is answered as google.rpc.Status. */
export function answerErrorsStep(): HttpStep {
  return (next) => async (request, response, exchange) => {
    try {
      await next(request, response, exchange);
    } catch (error) {
      exchange.fail(error);
    }
  };
}
