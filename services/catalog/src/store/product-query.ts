import { createHash } from 'node:crypto';
import { moneyFromMessage, undertoneEnum, type catalogV1 } from '@shine/contracts';
import { Code, decodePageToken, encodePageToken, isUuid, pageSizeOf, ShineError } from '@shine/platform';
import type { Category, Price, Undertone } from '../catalog-record.ts';
import { categoryEnum } from '../service/proto-enums.ts';

// The limits the API contract states (field rules in catalog_service.proto).
const MAX_QUERY_CHARACTERS = 100;
const MAX_BRAND_CHARACTERS = 100;

/** Filters of ListProducts, all combined with AND; undefined means "any". */
export interface ProductFilter {
  category: Category | undefined;
  /** Lower-case brand name. */
  brandKey: string | undefined;
  minPrice: Price | undefined;
  maxPrice: Price | undefined;
  undertone: Undertone | undefined;
  inStockOnly: boolean;
  /**
   * Lower-case words that brand, name or tags must contain (as word prefixes); undefined when no
   * query was given. A query with no letter or digit ('%', '_', '*') has no words and matches no
   * product: nothing in the catalogue is named by it (it is not a wildcard).
   */
  words: string[] | undefined;
}

/** Where the previous page ended, in the listing order (brand, name, id). */
export interface ProductCursor {
  brandKey: string;
  name: string;
  id: string;
}

export interface ProductQuery {
  filter: ProductFilter;
  pageSize: number;
  after: ProductCursor | undefined;
  /** Identifies the filter, so a page token only continues the listing it came from. */
  fingerprint: string;
}

/** Reads and checks a ListProducts request; every bad field is INVALID_ARGUMENT naming it. */
export function parseListProductsRequest(request: catalogV1.ListProductsRequest): ProductQuery {
  const minPrice = request.minPrice ? moneyFromMessage(request.minPrice, 'minPrice') : undefined;
  const maxPrice = request.maxPrice ? moneyFromMessage(request.maxPrice, 'maxPrice') : undefined;
  // Two prices in different currencies, or a maximum under the minimum, are a filter no product
  // passes: the page is empty, as for any other filter that matches nothing.
  if (codePoints(request.brand) > MAX_BRAND_CHARACTERS) throw invalid(`brand must be at most ${MAX_BRAND_CHARACTERS} characters`, 'BRAND_TOO_LONG');
  const brand = request.brand.trim();
  const filter: ProductFilter = {
    category: categoryEnum.fromProto(request.category, 'category'),
    brandKey: brand === '' ? undefined : brand.toLowerCase(),
    minPrice,
    maxPrice,
    undertone: undertoneEnum.fromProto(request.undertone, 'undertone'),
    inStockOnly: request.inStockOnly,
    words: queryWords(request.query),
  };
  const fingerprint = fingerprintOf(filter);
  const cursor = decodePageToken(request.pageToken, fingerprint);
  return { filter, pageSize: pageSizeOf(request.pageSize, { default: 20, max: 100 }), after: cursor && cursorOf(cursor.after), fingerprint };
}

/** The page token for the page after the one ending at `last`. */
export function nextPageToken(query: ProductQuery, last: ProductCursor): string {
  return encodePageToken({ query: query.fingerprint, after: [last.brandKey, last.name, last.id] });
}

/**
 * Words of a free-text query, as the search index splits them (letters and digits, lower case),
 * undefined for a blank one; bounded by the length of the text as sent (what the API contract can
 * state; normalising first would let one character such as "¼" count as several words).
 */
function queryWords(query: string): string[] | undefined {
  if (codePoints(query) > MAX_QUERY_CHARACTERS) throw invalid(`query must be at most ${MAX_QUERY_CHARACTERS} characters`, 'QUERY_TOO_LONG');
  if (query.trim() === '') return undefined;
  const words = query.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
  return [...new Set(words)];
}

/** Characters as JSON Schema's maxLength counts them: code points, not UTF-16 units. */
function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

function fingerprintOf(filter: ProductFilter): string {
  const canonical = JSON.stringify([
    filter.category ?? null,
    filter.brandKey ?? null,
    filter.minPrice ? [filter.minPrice.amount, filter.minPrice.currency] : null,
    filter.maxPrice ? [filter.maxPrice.amount, filter.maxPrice.currency] : null,
    filter.undertone ?? null,
    filter.inStockOnly,
    filter.words ? [...filter.words].sort() : null,
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

function cursorOf(after: readonly (string | number)[]): ProductCursor {
  const [brandKey, name, id] = after;
  if (typeof brandKey !== 'string' || typeof name !== 'string' || typeof id !== 'string' || !isUuid(id) || after.length !== 3) {
    throw invalid('pageToken is not valid for this query: pass the nextPageToken of the previous page unchanged', 'INVALID_PAGE_TOKEN');
  }
  return { brandKey, name, id };
}

function invalid(message: string, reason: string): ShineError {
  return new ShineError(Code.INVALID_ARGUMENT, message, { reason });
}
