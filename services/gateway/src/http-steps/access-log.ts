import type { Logger } from '@shine/platform';
import type { HttpStep } from './http-step.ts';
import { finalStatus } from './final-status.ts';

/** An access line for what needs a look (5xx at warn); every request at debug. */
export function accessLogStep(logger: Logger): HttpStep {
  return (next) => (request, response, exchange) => {
    response.on('close', () => {
      const status = finalStatus(response);
      if (status < 500 && !logger.isLevelEnabled('debug')) return;
      const line = { request_id: exchange.requestId, method: exchange.method, route: exchange.label, status, duration_ms: performance.now() - exchange.startedAt };
      if (status >= 500) logger.warn(line, 'request failed');
      else logger.debug(line, 'request');
    });
    return next(request, response, exchange);
  };
}
