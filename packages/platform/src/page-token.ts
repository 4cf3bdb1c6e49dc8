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

export function encodePageToken(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.query, cursor.after])).toString('base64url');
}

/** Reads a token from a request; empty means the first page. Anything forged or stale is INVALID_ARGUMENT. */
export function decodePageToken(token: string, query: string): PageCursor | undefined {
  if (token === '') return undefined;
  const invalid = new ShineError(
    Code.INVALID_ARGUMENT,
    'page_token is not valid for this query: pass the next_page_token of the previous page unchanged, with the same filters',
    { reason: 'INVALID_PAGE_TOKEN' },
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== query || !Array.isArray(parsed[1])) throw invalid;
  const after = parsed[1] as unknown[];
  if (!after.every((value) => typeof value === 'string' || typeof value === 'number')) throw invalid;
  return { query, after: after as (string | number)[] };
}

/** Page size from a request: 0 means the default; above the maximum is clamped, negative refused. */
export function pageSizeOf(requested: number, defaults: { default: number; max: number }): number {
  if (requested < 0) {
    throw new ShineError(Code.INVALID_ARGUMENT, `page_size must not be negative, got ${requested}`, { reason: 'INVALID_PAGE_SIZE' });
  }
  if (requested === 0) return defaults.default;
  return Math.min(requested, defaults.max);
}
