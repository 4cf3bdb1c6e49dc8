import type { IncomingMessage, ServerResponse } from 'node:http';
import { Code, quoteInput, ShineError } from '@shine/platform';

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
  /**
   * Answers a preflight (OPTIONS with Access-Control-Request-Method) it allows: 'answered'; one it
   * refuses is the refusal to answer; 'not-preflight' for any other request.
   */
  preflight(request: IncomingMessage, response: ServerResponse, allowedMethods: () => readonly string[]): 'answered' | 'not-preflight' | ShineError;
  /** Adds the headers that let an allowed origin read this response. */
  decorate(request: IncomingMessage, response: ServerResponse): void;
}

const defaultAllowedHeaders = ['authorization', 'content-type', 'x-request-id', 'grpc-timeout', 'accept', 'last-event-id'];
const defaultExposedHeaders = ['x-request-id', 'retry-after', 'www-authenticate'];

const refused = (message: string) => new ShineError(Code.PERMISSION_DENIED, message, { reason: 'CORS_REFUSED' });

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
      if (request.method !== 'OPTIONS' || origin === undefined || method === undefined) return 'not-preflight';
      if (!allowed(origin)) {
        return refused(`origin ${quoteInput(origin)} may not call this API from a browser: the operator lists the origins that may in CORS_ALLOWED_ORIGINS`);
      }
      const methods = allowedMethods();
      const requested = (request.headers['access-control-request-headers'] ?? '')
        .split(',')
        .map((header) => header.trim().toLowerCase())
        .filter(Boolean);
      const refusedHeaders = requested.filter((header) => !allowedHeaders.has(header));
      if (refusedHeaders.length > 0) {
        return refused(`a browser may not send these headers here: ${quoteInput(refusedHeaders.join(', '))}; it may send ${[...allowedHeaders].join(', ')}`);
      }
      if (!methods.includes(method)) {
        return refused(`method ${quoteInput(method)} is not allowed on this path${methods.length > 0 ? `: it takes ${methods.join(', ')}` : ''}`);
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
      return 'answered';
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
