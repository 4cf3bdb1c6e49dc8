import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../jwt-auth.ts';
import type { RequestBody } from '../transcode-request.ts';
import type { Upstream } from '../upstream.ts';
import type { CompiledRoute } from '../compiled-route.ts';
import { sendError } from '../error-response.ts';
import type { Logger } from '@shine/platform';

/** What the steps learn about one request, each adding its part for the ones after it. */
export interface Exchange {
  readonly startedAt: number;
  readonly method: string;
  /** The URL as it arrived: path and query. */
  readonly url: string;
  /** The URL's path, before any `?`. */
  readonly path: string;
  /** The query string, without its `?`. */
  readonly query: string;
  /** Set by the request-id step, first of all. */
  requestId: string;
  /** The metrics and log label: a route template, a page, 'preflight' or 'unmatched'; never the raw path. */
  label: string;
  /** Set by the route step: the route and the path's segments. */
  route?: { readonly target: CompiledRoute; readonly segments: readonly string[] };
  /** Set by the authenticate step when a token was verified. */
  principal?: Principal;
  /** A refused token, held by the authenticate step until the rate limit has counted it. */
  tokenRefusal?: unknown;
  /** Set by the grpc-timeout step: the deadline the client asked for, in ms. */
  requestedTimeoutMs?: number;
  /** Set by the upstream step: where the route's service is. */
  upstream?: Upstream;
  /** Set by the body step. */
  body?: RequestBody;
  /** Answers the request with an error as google.rpc.Status JSON; `allow` fills Allow on a 405, `retryAfterSeconds` Retry-After on a 429. */
  fail(error: unknown, extra?: { allow?: readonly string[]; retryAfterSeconds?: number }): void;
}

interface ErrorAnswers {
  logger: Logger;
  defaultRetryAfterSeconds: number;
}

/** A new request's exchange: path and query split, no id or route yet. */
export function newExchange(request: IncomingMessage, response: ServerResponse, errors: ErrorAnswers): Exchange {
  return new RequestExchange(request, response, errors);
}

// A class, not an object literal with a `fail` closure: one allocation per request, one shape for every request.
class RequestExchange implements Exchange {
  readonly startedAt = performance.now();
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly query: string;
  requestId = '';
  label = 'unmatched';
  route?: NonNullable<Exchange['route']>;
  principal?: Principal;
  tokenRefusal?: unknown;
  requestedTimeoutMs?: number;
  upstream?: Upstream;
  body?: RequestBody;
  readonly #response: ServerResponse;
  readonly #errors: ErrorAnswers;

  constructor(request: IncomingMessage, response: ServerResponse, errors: ErrorAnswers) {
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    this.method = request.method ?? 'GET';
    this.url = url;
    this.path = queryStart < 0 ? url : url.slice(0, queryStart);
    this.query = queryStart < 0 ? '' : url.slice(queryStart + 1);
    this.#response = response;
    this.#errors = errors;
  }

  fail(error: unknown, extra?: { allow?: readonly string[]; retryAfterSeconds?: number }): void {
    sendError(this.#response, error, {
      requestId: this.requestId,
      logger: this.#errors.logger,
      defaultRetryAfterSeconds: extra?.retryAfterSeconds ?? this.#errors.defaultRetryAfterSeconds,
      ...(extra?.allow ? { allow: extra.allow } : {}),
    });
  }
}

export type HttpHandler = (request: IncomingMessage, response: ServerResponse, exchange: Exchange) => void | Promise<void>;

/** One HTTP concern around the next handler, as the platform's gRPC interceptors: the first in a list is the outermost. */
export type HttpStep = (next: HttpHandler) => HttpHandler;

export function applySteps(handler: HttpHandler, steps: readonly HttpStep[]): HttpHandler {
  return steps.reduceRight((next, step) => step(next), handler);
}

/** What the terminal handler needs the steps to have set; a missing one is a wiring mistake. */
export function required<Value>(value: Value | undefined, what: string): Value {
  if (value === undefined) throw new Error(`no ${what}: a step that sets it is missing before this one`);
  return value;
}
