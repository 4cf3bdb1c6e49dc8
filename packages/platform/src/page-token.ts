import { Code } from './code.ts';
import { ShineError } from './shine-error.ts';

/**
 * Opaque cursor for keyset pagination: the sort key of the last row served, plus a fingerprint of the
 * query's filters so a token cannot be replayed against a different query.
 */
export interface PageCursor {
  /** The last row's sort key values, in order. */
  after: readonly (string | number)[];
  /** Identifies the filters the token belongs to. */
  query: string;
}

// A real token holds one row's sort key: far below these. A forged one may not make the service
// hold (or cache) megabytes, nor carry a NUL that PostgreSQL text cannot take.
const MAX_TOKEN_LENGTH = 4096;
const MAX_VALUE_LENGTH = 1024;

export function encodePageToken(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.query, cursor.after])).toString('base64url');
}

/** Reads a token from a request; empty means the first page. Anything forged or stale is INVALID_ARGUMENT. */
export function decodePageToken(token: string, query: string): PageCursor | undefined {
  if (token === '') return undefined;
  const invalid = new ShineError(
    Code.INVALID_ARGUMENT,
    'pageToken is not valid for this query: pass the nextPageToken of the previous page unchanged, with the same filters',
    { reason: 'INVALID_PAGE_TOKEN' },
  );
  if (token.length > MAX_TOKEN_LENGTH) throw invalid;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== query || !Array.isArray(parsed[1])) throw invalid;
  const after = parsed[1] as unknown[];
  const fits = (value: unknown) =>
    (typeof value === 'string' && value.length <= MAX_VALUE_LENGTH && !value.includes('\u0000')) || (typeof value === 'number' && Number.isFinite(value));
  if (!after.every(fits)) throw invalid;
  return { query, after: after as (string | number)[] };
}

/** Page size from a request: 0 means the default; above the maximum is clamped, negative refused. */
export function pageSizeOf(requested: number, defaults: { default: number; max: number }): number {
  if (requested < 0) {
    throw new ShineError(Code.INVALID_ARGUMENT, `pageSize must not be negative, got ${requested}`, { reason: 'INVALID_PAGE_SIZE' });
  }
  if (requested === 0) return defaults.default;
  return Math.min(requested, defaults.max);
}
