import type { Page } from '../docs-page.ts';
import type { HttpStep } from './http-step.ts';

/** Serves /openapi.json, the /docs pages and the web page (/ and /assets/*), which are no route of any service. */
export function apiPagesStep(pages: ReadonlyMap<string, Page>): HttpStep {
  return (next) => (request, response, exchange) => {
    const { path } = exchange;
    const folder = path.startsWith('/docs/') ? '/docs/' : path.startsWith('/assets/') ? '/assets/' : undefined;
    const page = pages.get(path) ?? (folder ? pages.get(folder) : undefined);
    if (!page) return next(request, response, exchange);
    exchange.label = folder ? `${folder}*` : path;
    page(request, response, exchange);
  };
}
