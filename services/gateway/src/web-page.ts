import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { asset, noSuchFile, onFirstRequest, serveAsset, type Page } from './static-files.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.jpg': 'image/jpeg',
};

// Nothing but this origin: the page's script and styles are files (no inline code), photos are
// shown from blob: URLs of the page's own making, and calls go only to Shine's API.
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

/**
 * The page to try Shine (web/, built into web/dist): `/` is its HTML, never cached so a new build
 * shows at once; `/assets/*` are its files, named by their content hash and so cached for a year
 * (the sample photo, unhashed, for an hour). Read when first asked for.
 */
export function webPages(): Map<string, Page> {
  // Resolved at start: a gateway built without the page says so now, not on the first visit.
  const dist = join(dirname(createRequire(import.meta.url).resolve('@shine/web/package.json')), 'dist');
  const files = onFirstRequest(() => {
    const served = new Map<string, Page>();
    for (const name of readdirSync(join(dist, 'assets'))) {
      const type = TYPES[extname(name)];
      if (!type) continue;
      const hashed = /-[0-9a-f]{12}\.\w+$/.test(name);
      served.set(`/assets/${name}`, serveAsset(asset(readFileSync(join(dist, 'assets', name)), type), hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=3600', { 'x-content-type-options': 'nosniff' }));
    }
    return (request, response, exchange) => {
      const path = (request.url ?? '').split('?', 1)[0]!;
      const handler = served.get(path);
      if (handler) handler(request, response, exchange);
      else exchange.fail(noSuchFile(path, "the web page's assets"));
    };
  });
  const index = onFirstRequest(() => serveAsset(asset(readFileSync(join(dist, 'index.html')), TYPES['.html']!), 'no-cache', PAGE_HEADERS));
  return new Map<string, Page>([
    ['/', index],
    ['/assets/', files],
  ]);
}
