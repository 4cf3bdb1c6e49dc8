// Fixed files the gateway serves itself (the docs, the web page), from memory, with an ETag.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Page = (request: IncomingMessage, response: ServerResponse) => void;

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

export const asset = (body: Buffer | string, type: string): Asset => {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return { body: bytes, type, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"` };
};

/** Serves a fixed asset with an ETag, answering 304 to a matching If-None-Match. */
export function serveAsset(file: Asset, cacheControl: string, extraHeaders: Record<string, string> = {}): Page {
  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const headers = { ...extraHeaders, etag: file.etag, 'cache-control': cacheControl };
    if (request.headers['if-none-match'] === file.etag) {
      response.writeHead(304, headers).end();
      return;
    }
    response.writeHead(200, { ...headers, 'content-type': file.type, 'content-length': file.body.length }).end(file.body);
  };
}

/**
 * A page made on its first request: most gateway threads are never asked for the docs, and need
 * not hold them (Swagger UI alone is 1.5 MB).
 */
export function onFirstRequest(make: () => Page): Page {
  let page: Page | undefined;
  return (request, response) => (page ??= make())(request, response);
}
