import type { IncomingMessage, ServerResponse } from 'node:http';

export interface CorsOptions {
  /**
   * Exact origins ("https://app.shine.dev") that may call from a browser, with credentials; "*"
   * lets any other origin call without them (a bearer token still works, cookies do not).
   */
  allowedOrigins: readonly string[];
  /** Request headers a browser may send besides the CORS-safelisted ones. */
  allowedHeaders?: readonly string[];
  /** Response headers a browser script may read. */
  exposedHeaders?: readonly string[];
  maxAgeSeconds?: number;
}

export interface Cors {
  /** Answers a preflight (OPTIONS with Access-Control-Request-Method); true when it did. */
  preflight(request: IncomingMessage, response: ServerResponse, allowedMethods: () => readonly string[]): boolean;
  /** Adds the headers that let an allowed origin read this response. */
  decorate(request: IncomingMessage, response: ServerResponse): void;
}

const defaultAllowedHeaders = ['authorization', 'content-type', 'x-request-id', 'grpc-timeout', 'accept', 'last-event-id'];
const defaultExposedHeaders = ['x-request-id', 'retry-after', 'www-authenticate'];

/** An allow-list CORS policy: origins not on the list get no CORS headers, so browsers block them. */
export function createCors(options: CorsOptions): Cors {
  const anyOrigin = options.allowedOrigins.includes('*');
  const origins = new Set(options.allowedOrigins);
  const allowedHeaders = new Set((options.allowedHeaders ?? defaultAllowedHeaders).map((header) => header.toLowerCase()));
  const exposed = (options.exposedHeaders ?? defaultExposedHeaders).join(', ');
  const maxAge = String(options.maxAgeSeconds ?? 600);
  const allowed = (origin: string | undefined): origin is string => origin !== undefined && (anyOrigin || origins.has(origin));
  // Echoing any origin with credentials allowed would hand every site the user's session: a
  // listed origin gets its own name and credentials, the rest of "*" only "*".
  const originHeaders = (origin: string): Record<string, string> =>
    origins.has(origin) ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' } : { 'access-control-allow-origin': '*' };

  return {
    preflight(request, response, allowedMethods) {
      const origin = request.headers.origin;
      const method = request.headers['access-control-request-method'];
      if (request.method !== 'OPTIONS' || origin === undefined || method === undefined) return false;
      if (!allowed(origin)) {
        response.writeHead(403, { vary: 'Origin', 'content-type': 'text/plain' }).end(`origin ${origin} is not allowed\n`);
        return true;
      }
      const methods = allowedMethods();
      const requested = (request.headers['access-control-request-headers'] ?? '')
        .split(',')
        .map((header) => header.trim().toLowerCase())
        .filter(Boolean);
      const refused = requested.filter((header) => !allowedHeaders.has(header));
      if (!methods.includes(method) || refused.length > 0) {
        const why = refused.length > 0 ? `headers not allowed: ${refused.join(', ')}` : `method ${method} is not allowed here`;
        response.writeHead(403, { vary: 'Origin', 'content-type': 'text/plain' }).end(`${why}\n`);
        return true;
      }
      response
        .writeHead(204, {
          ...originHeaders(origin),
          'access-control-allow-methods': methods.join(', '),
          'access-control-allow-headers': [...allowedHeaders].join(', '),
          'access-control-max-age': maxAge,
          vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
        })
        .end();
      return true;
    },
    decorate(request, response) {
      const origin = request.headers.origin;
      if (!allowed(origin)) return;
      for (const [name, value] of Object.entries(originHeaders(origin))) response.setHeader(name, value);
      response.setHeader('access-control-expose-headers', exposed);
      response.setHeader('vary', 'Origin');
    },
  };
}
