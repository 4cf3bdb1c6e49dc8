// Fixed files the gateway serves itself (the docs, the web page), from memory, with an ETag.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Code, ShineError } from '@shine/platform';
import type { Exchange } from './http-steps/http-step.ts';

/** A page answers its request itself, or refuses it through `exchange.fail` (the JSON error every refusal has). */
export type Page = (request: IncomingMessage, response: ServerResponse, exchange: Pick<Exchange, 'fail'>) => void;

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
  return (request, response, exchange) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      exchange.fail(new ShineError(Code.UNIMPLEMENTED, `this page is only read: use GET or HEAD, not ${request.method}`, { reason: 'METHOD_NOT_ALLOWED' }), { allow: ['GET', 'HEAD'] });
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
  return (request, response, exchange) => (page ??= make())(request, response, exchange);
}

/** The refusal for a path under a folder of fixed files that names none of them. */
export function noSuchFile(path: string, folder: string): ShineError {
  return new ShineError(Code.NOT_FOUND, `there is no file ${JSON.stringify(path.slice(0, 200))} in ${folder}`, { reason: 'FILE_NOT_FOUND' });
}
