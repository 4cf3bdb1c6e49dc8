import type { Page } from '../docs-page.ts';
import type { HttpStep } from './http-step.ts';

/** Serves /openapi.json and the /docs pages, which are no route of any service. */
export function apiPagesStep(pages: ReadonlyMap<string, Page>): HttpStep {
  return (next) => (request, response, exchange) => {
    const { path } = exchange;
    const page = pages.get(path) ?? (path.startsWith('/docs/') ? pages.get('/docs/') : undefined);
    if (!page) return next(request, response, exchange);
    exchange.label = path.startsWith('/docs/') ? '/docs/*' : path;
    page(request, response);
  };
}
