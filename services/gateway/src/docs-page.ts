import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { asset, noSuchFile, onFirstRequest, serveAsset, type Asset, type Page } from './static-files.ts';

export type { Page } from './static-files.ts';

/** GET /openapi.json: the document, made when first asked for. */
export function openApiPage(document: () => unknown): Page {
  return onFirstRequest(() => serveAsset(asset(JSON.stringify(document()), 'application/json'), 'no-cache'));
}

/** Files of swagger-ui-dist the page needs; read once when first asked for, served from memory (no CDN). */
const swaggerFiles: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Shine API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

const init = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;

/** `/docs`: Swagger UI from the swagger-ui-dist package, pointed at /openapi.json. */
export function docsPages(): Map<string, Page> {
  // Resolved at start, so a missing swagger-ui-dist stops the gateway rather than its first /docs.
  const root = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const page = onFirstRequest(() =>
    // Everything comes from this origin; Swagger UI sets inline styles and shows data: images.
    serveAsset(asset(html, 'text/html; charset=utf-8'), 'no-cache', {
      'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    }),
  );
  const files = onFirstRequest(() => {
    const assets = new Map<string, Asset>(Object.entries(swaggerFiles).map(([name, type]) => [`/docs/${name}`, asset(readFileSync(join(root, name)), type)]));
    assets.set('/docs/init.js', asset(init, 'text/javascript; charset=utf-8'));
    const served = new Map([...assets].map(([path, file]) => [path, serveAsset(file, 'public, max-age=86400')] as const));
    return (request, response, exchange) => {
      const path = (request.url ?? '').split('?', 1)[0]!;
      const handler = path === '/docs/' ? page : served.get(path);
      if (handler) handler(request, response, exchange);
      else exchange.fail(noSuchFile(path, 'the API docs (/docs)'));
    };
  });
  return new Map<string, Page>([
    ['/docs', page],
    ['/docs/', files],
  ]);
}
